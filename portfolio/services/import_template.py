"""The import workbook's layout: sheets, columns (name, required, help) and the template."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

INVESTMENTS = "Investments"
CASH_FLOWS = "CashFlows"
VALUATIONS = "Valuations"
CO_INVESTORS = "CoInvestors"
# Sheets a workbook may leave out (workbooks made from the first template had none).
OPTIONAL_SHEETS = {CO_INVESTORS}

Column = tuple[str, bool, str]

COLUMNS: dict[str, list[Column]] = {
    INVESTMENTS: [
        ("reference", True, "Your reference for the investment, unique in the fund, e.g. INV-042"),
        ("company_number", True, "Companies House number of a verified organisation"),
        ("fund", True, "Fund name exactly as in FundOps"),
        ("round_name", True, "e.g. Seed, Series A"),
        ("round_date", True, "Date of the round"),
        ("round_size", True, "Total size of the round (GBP)"),
        ("pre_money_valuation", False, "GBP"),
        ("round_price_per_share", False, "GBP, up to 6 decimal places"),
        ("instrument", True, "equity, cln or loan"),
        ("amount", True, "Cost to the fund (GBP, positive); equity: shares × price"),
        ("date", True, "Date the money went out"),
        ("share_class", False, "Equity"),
        ("shares", False, "Equity: whole shares"),
        ("price_per_share", False, "Equity: GBP, up to 6 decimal places"),
        ("interest_rate", False, "Note or loan: a fraction, 0.08 for 8 %"),
        ("discount", False, "Note: a fraction, 0.20 for 20 %"),
        ("cap", False, "Note: valuation cap (GBP)"),
        ("maturity", False, "Note: maturity date"),
        ("term_months", False, "Loan: term in months"),
    ],
    CASH_FLOWS: [
        ("investment_reference", True, "A reference from the Investments sheet or in FundOps"),
        ("date", True, "Date of the movement"),
        ("kind", True, "fee, interest, dividend, loan_repayment, exit_proceeds, follow_on"),
        ("amount", True, "Signed GBP: out of the fund negative, back to the fund positive"),
        ("note", False, ""),
    ],
    VALUATIONS: [
        ("investment_reference", True, "A reference from the Investments sheet or in FundOps"),
        ("valued_on", True, "Valuation date"),
        ("fair_value", True, "GBP, 0 or more"),
        (
            "method",
            True,
            "recent_investment, milestones, multiples, dcf, net_assets or write_down",
        ),
        ("note", False, ""),
    ],
    CO_INVESTORS: [
        ("investment_reference", True, "A reference from the Investments sheet"),
        ("name", True, "The co-investor as in the register, or a new one, e.g. Midlands Angels"),
        ("kind", True, "angel, syndicate, vc, corporate, public_body or other"),
        ("source", True, "private or public (whose money it is)"),
        ("amount", True, "GBP the co-investor put into the same round, positive"),
        ("same_terms", True, "yes or no: on the same terms as the fund (counts as leverage)"),
    ],
}


def template_workbook() -> bytes:
    """Header rows only (an untouched template imports nothing), and an Instructions sheet
    describing each column. The investment's own cash out comes from the Investments sheet:
    list only the other movements under CashFlows."""
    book = Workbook()
    notes = book.active
    notes.title = "Instructions"
    notes.append(["sheet", "column", "required", "meaning"])
    for sheet_name, columns in COLUMNS.items():
        sheet = book.create_sheet(sheet_name)
        sheet.append([name for name, _, _ in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for name, required, help_text in columns:
            notes.append([sheet_name, name, "yes" if required else "no", help_text])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
