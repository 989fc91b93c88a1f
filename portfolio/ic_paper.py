"""The investment committee paper: its content from the deal (``ic_paper_for``) and the
downloadable workbook (``ic_paper_xlsx``). User text goes through fundops.exports.

Public: ICPaper (frozen dataclass), ic_paper_for(*, deal) -> ICPaper,
ic_paper_xlsx(paper) -> bytes, IC_PAPER_CONTENT_TYPE.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from fundops.exports import xlsx_append
from portfolio.models import Deal
from portfolio.rules import RuleResult
from portfolio.selectors_deals import (
    Tally,
    deal_leverage,
    deal_private_same_terms,
    deal_rule_results,
    ic_tally,
)

IC_PAPER_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class PaperCoInvestor:
    name: str
    amount: Decimal
    same_terms: bool
    is_lead: bool
    is_private: bool


@dataclass(frozen=True)
class PaperFinding:
    workstream: str
    title: str
    status: str
    rag: str
    findings: str
    waived_reason: str


@dataclass(frozen=True)
class PaperVote:
    member: str
    vote: str
    comment: str


@dataclass(frozen=True)
class ICPaper:
    reference: str
    company: str
    fund: str
    owner: str
    stage: str
    generated_at: datetime
    # Summary
    use_of_funds: str
    product_stage: str
    deal_type: str
    regulatory_pathway: str
    regulatory_notes: str
    # Terms
    instrument: str
    amount_sought: Decimal | None
    round_size: Decimal | None
    pre_money_valuation: Decimal | None
    co_investors: list[PaperCoInvestor]
    private_same_terms: Decimal
    leverage: Decimal | None
    # Diligence, rules, committee
    findings: list[PaperFinding]
    rules: list[RuleResult]
    votes: list[PaperVote]
    tally: Tally
    conflicted: list[str]

    @property
    def rules_pass(self) -> bool:
        return all(rule.passed for rule in self.rules)

    @property
    def rag_counts(self) -> dict[str, int]:
        counts = {"Red": 0, "Amber": 0, "Green": 0}
        for finding in self.findings:
            if finding.rag in counts:
                counts[finding.rag] += 1
        return counts


def ic_paper_for(*, deal: Deal) -> ICPaper:
    leverage = deal_leverage(deal=deal)
    return ICPaper(
        reference=deal.reference,
        company=deal.organisation.name,
        fund=deal.fund.name,
        owner=str(deal.owner) if deal.owner else "",
        stage=deal.get_status_display(),
        generated_at=timezone.now(),
        use_of_funds=deal.use_of_funds,
        product_stage=deal.get_product_stage_display(),
        deal_type=deal.get_deal_type_display(),
        regulatory_pathway=deal.get_regulatory_pathway_display(),
        regulatory_notes=deal.regulatory_notes,
        instrument=deal.get_instrument_display(),
        amount_sought=deal.amount_sought,
        round_size=deal.round_size,
        pre_money_valuation=deal.pre_money_valuation,
        co_investors=[
            PaperCoInvestor(c.name, c.amount, c.same_terms, c.is_lead, c.is_private)
            for c in deal.co_investors.all()
        ],
        private_same_terms=deal_private_same_terms(deal=deal),
        leverage=leverage.ratio,
        findings=[
            PaperFinding(
                workstream=item.get_workstream_display(),
                title=item.title,
                status=item.get_status_display(),
                rag=item.get_rag_display() if item.rag else "",
                findings=item.findings,
                waived_reason=item.waived_reason,
            )
            for item in deal.dd_items.order_by("order", "pk")
        ],
        rules=deal_rule_results(deal=deal),
        votes=[
            PaperVote(str(v.member), v.get_vote_display(), v.comment)
            for v in deal.votes.select_related("member")
        ],
        tally=ic_tally(deal=deal),
        conflicted=[str(c.member) for c in deal.conflicts.filter(conflicted=True)],
    )


def _heading(sheet, text: str) -> None:  # type: ignore[no-untyped-def]
    row = xlsx_append(sheet, [text])
    sheet.cell(row=row, column=1).font = Font(bold=True)


def ic_paper_xlsx(paper: ICPaper) -> bytes:
    """One workbook: Summary (with terms and leverage), Rules, Due diligence, Committee."""
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    _heading(summary, f"Investment committee paper {paper.reference}: {paper.company}")
    for label, value in [
        ("Fund", paper.fund),
        ("Deal owner", paper.owner),
        ("Stage", paper.stage),
        ("Generated", paper.generated_at.replace(tzinfo=None)),
        ("Product stage", paper.product_stage),
        ("Deal type", paper.deal_type),
        ("Regulatory pathway", paper.regulatory_pathway),
        ("Regulatory notes", paper.regulatory_notes),
        ("Use of funds", paper.use_of_funds),
        ("Instrument", paper.instrument),
        ("Amount sought from the fund (GBP)", paper.amount_sought),
        ("Total round size (GBP)", paper.round_size),
        ("Pre-money valuation (GBP)", paper.pre_money_valuation),
        ("Private money on the same terms (GBP)", paper.private_same_terms),
        ("Deal leverage (private ÷ fund)", paper.leverage),
        ("All co-investment rules pass", "Yes" if paper.rules_pass else "No"),
    ]:
        xlsx_append(summary, [label, value])
    xlsx_append(summary, [])
    _heading(summary, "Co-investors")
    xlsx_append(summary, ["Name", "Amount (GBP)", "Same terms", "Lead", "Private"])
    for c in paper.co_investors:
        xlsx_append(
            summary, [c.name, c.amount, _yes(c.same_terms), _yes(c.is_lead), _yes(c.is_private)]
        )
    rules = book.create_sheet("Rules")
    xlsx_append(rules, ["Rule", "Result", "Figures"])
    for rule in paper.rules:
        xlsx_append(rules, [rule.label, "Pass" if rule.passed else "FAIL", rule.message])
    dd = book.create_sheet("Due diligence")
    xlsx_append(dd, ["Workstream", "Item", "Status", "Risk (RAG)", "Findings", "Waived because"])
    for f in paper.findings:
        xlsx_append(dd, [f.workstream, f.title, f.status, f.rag, f.findings, f.waived_reason])
    ic = book.create_sheet("Committee")
    t = paper.tally
    xlsx_append(ic, ["Approve", t.approves, "Decline", t.declines, "Abstain", t.abstains])
    xlsx_append(ic, ["Quorum", t.quorum, "Met", _yes(t.quorum_met), "Majority", t.majority])
    xlsx_append(ic, ["Conflicted (not voting)", ", ".join(paper.conflicted)])
    xlsx_append(ic, ["Member", "Vote", "Comment"])
    for v in paper.votes:
        xlsx_append(ic, [v.member, v.vote, v.comment])
    for sheet in book.worksheets:
        sheet.column_dimensions["A"].width = 38
        sheet.column_dimensions["B"].width = 24
        sheet.column_dimensions["C"].width = 60
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _yes(value: bool) -> str:
    return "Yes" if value else "No"
