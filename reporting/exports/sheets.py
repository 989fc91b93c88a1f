"""The board pack's data sheets, one function per sheet, each from the fund's frames.

Each sheet opens with its title, the fund and the as-of date, then its tables (header on row
4, frozen). Totals are live ``SUBTOTAL`` formulas; the summary refers to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from openpyxl.workbook import Workbook

from portfolio.reporting_selectors import LEDGER_KIND_LABELS, VALUATION_METHOD_LABELS
from reporting.exports.layout import TITLE, Block, Column, Formula, Sheet, widths
from reporting.frames import FundFrames

HEADER_ROW = 4
C = Column

SCHEDULE = [
    C("Company", width=30),
    C("Reference", width=12),
    C("Instrument", width=22),
    C("Stage", width=11),
    C("Vintage", "year"),
    C("Invested on", "date"),
    C("Status", width=18),
    C("Cost", "money", True),
    C("Fees", "money", True),
    C("Realised", "money", True),
    C("Fair value", "money", True),
    C("Total value", "money", True),
    C("MOIC", "multiple"),
    C("Gross IRR", "rate"),
    C("Fund money", "money", True),
    C("Private co-investment", "money", True, 22),
    C("Leverage", "multiple"),
]
CASH_FLOWS = [
    C("Date", "date"),
    C("Company", width=30),
    C("Reference", width=12),
    C("Kind", width=22),
    C("Amount", "money", True),
]
VALUATIONS = [
    C("Valued on", "date"),
    C("Company", width=30),
    C("Reference", width=12),
    C("Method", width=26),
    C("Fair value", "money"),
]
ROUNDS = [
    C("Date", "date"),
    C("Company", width=30),
    C("Round", width=16),
    C("Stage", width=11),
    C("Fund money", "money", True),
    C("Private, same terms", "money", True, 20),
    C("Public, same terms", "money", True, 20),
    C("Private, other terms", "money", True, 20),
    C("Public, other terms", "money", True, 20),
    C("Deal leverage", "multiple", width=14),
]
CROWDED_IN = [
    C("Period end", "date"),
    C("Company", width=30),
    C("Private raised without the fund", "money", True, 30),
    C("Public raised without the fund", "money", True, 30),
]
LEVERAGE_LINES = [
    C("Line", width=16),
    C("Definition", width=60),
    C("Other money", "money", width=18),
    C("Fund or grant money", "money", width=20),
    C("Ratio", "multiple"),
]


def open_sheet(workbook: Workbook, title: str, *tables: list[Column]) -> Sheet:
    return Sheet(workbook, title, widths(*tables), freeze_below=HEADER_ROW)


def preamble(sheet: Sheet, frames: FundFrames, title: str, subtitle: str | None = None) -> None:
    sheet.append([sheet.cell(title, font=TITLE)])
    sheet.append(
        [
            sheet.cell("Fund"),
            sheet.cell(frames.fund_name),
            sheet.cell("As of"),
            sheet.cell(frames.as_of, "dd mmm yyyy"),
        ]
    )
    if subtitle:
        sheet.heading(subtitle)
    else:
        sheet.blank()


def column_map(frame: pd.DataFrame, key: str, value: str) -> dict[Any, Any]:
    return dict(zip(frame[key], frame[value], strict=True))


def rows(frame: pd.DataFrame, *columns: str | Callable[[Any], Any]) -> Any:
    """Row tuples of ``frame``, taking each column by name or computing it from the row."""
    for record in frame.itertuples(index=False):
        yield tuple(c(record) if callable(c) else getattr(record, c) for c in columns)


def schedule(sheet: Sheet, frames: FundFrames) -> Block:
    preamble(sheet, frames, "Schedule of investments")
    table = frames.investments
    return sheet.table(
        "Schedule",
        SCHEDULE,
        rows(
            table,
            "company",
            "reference",
            "instrument_label",
            "stage_label",
            "vintage",
            "invested_on",
            "status_label",
            "cost",
            "fees",
            "realised",
            "fair_value",
            "total_value",
            "moic",
            "irr",
            "fund_money",
            "private_coinvestment",
            "leverage",
        ),
    )


def cash_flows(sheet: Sheet, frames: FundFrames) -> Block:
    preamble(sheet, frames, "Cash flows (money out of the fund negative)")
    references = column_map(frames.investments, "investment_id", "reference")
    return sheet.table(
        "CashFlows",
        CASH_FLOWS,
        rows(
            frames.cash_flows,
            "date",
            "company",
            lambda r: references.get(r.investment_id, ""),
            lambda r: LEDGER_KIND_LABELS.get(r.kind, r.kind),
            "amount",
        ),
    )


def valuations(sheet: Sheet, frames: FundFrames) -> Block:
    preamble(sheet, frames, "Valuations (the latest per holding is on the schedule)")
    references = column_map(frames.investments, "investment_id", "reference")
    return sheet.table(
        "Valuations",
        VALUATIONS,
        rows(
            frames.valuations,
            "date",
            "company",
            lambda r: references.get(r.investment_id, ""),
            lambda r: VALUATION_METHOD_LABELS.get(r.method, r.method),
            "fair_value",
        ),
    )


def leverage(
    sheet: Sheet, frames: FundFrames, grant_blocks: dict[str, Block], lines: list[Any]
) -> dict[str, Block]:
    preamble(sheet, frames, "Leverage: private money alongside the fund's")
    rounds = sheet.table(
        "Rounds",
        ROUNDS,
        rows(
            frames.rounds,
            "date",
            "company",
            "round_name",
            "stage_label",
            "fund_money",
            "private_same_terms",
            "public_same_terms",
            "private_other_terms",
            "public_other_terms",
            "deal_leverage",
        ),
    )
    sheet.blank()
    sheet.heading("Crowded in: private follow-on money the companies raised without the fund")
    crowded = sheet.table(
        "CrowdedIn",
        CROWDED_IN,
        rows(frames.crowded_in, "period_end", "company", "private", "public"),
    )
    sheet.blank()
    sheet.heading("Fund-level leverage: ratios of sums, never a mean of deal ratios")
    stage, private, fund = (
        rounds.range(h) if rounds.totals else None
        for h in ("Stage", "Private, same terms", "Fund money")
    )

    def by_stage(label: str) -> tuple[Formula, Formula]:
        if stage is None:
            return Formula("=0"), Formula("=0")
        return (
            Formula(f'=SUMIF({stage},"{label}",{private})'),
            Formula(f'=SUMIF({stage},"{label}",{fund})'),
        )

    apps = grant_blocks["applications"]
    sums = [
        by_stage("Initial"),
        by_stage("Follow-on"),
        (Formula(f"={rounds.ref('Private, same terms')}"), Formula(f"={rounds.ref('Fund money')}")),
        (
            Formula(f"={crowded.ref('Private raised without the fund')}"),
            Formula(f"={rounds.ref('Fund money')}"),
        ),
        (Formula(f"={apps.ref('Private match (awards)')}"), Formula(f"={apps.ref('Awarded')}")),
    ]
    names = ("Initial rounds", "Follow-on rounds", "All rounds", "Crowded in", "Grants")
    first = sheet.row + 2
    table_rows = []
    for offset, (name, line, (numerator, denominator)) in enumerate(
        zip(names, lines, sums, strict=True)
    ):
        row = first + offset
        ratio = Formula(f"=C{row}/D{row}") if line.ratio is not None else None
        table_rows.append((name, line.definition, numerator, denominator, ratio))
    return {
        "rounds": rounds,
        "crowded": crowded,
        "lines": sheet.table("LeverageLines", LEVERAGE_LINES, table_rows),
    }
