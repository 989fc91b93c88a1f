"""The board pack: one Excel workbook of a fund's figures as of a date.

Sheets: Summary (headline figures and a cost vs fair value chart by vintage), Schedule of
investments, Cash flows, Valuations, Leverage, Grants, Pipeline (when the deal pipeline is
available), Outcomes. Every total is a live ``SUBTOTAL``; the summary's money figures refer to
those totals and its ratios divide them, so the workbook recalculates to the same figures as
the dashboard (``reporting.selectors.fund_metrics``). Figures Excel cannot redo from the
sheets (the IRR, counts, the success rate) are written as values and say so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl.chart import BarChart, Reference
from openpyxl.workbook import Workbook

from fundops.models import Fund
from grants.reporting_selectors import grants_fingerprint_parts
from portfolio import reporting_selectors as portfolio_data
from reporting import metrics, selectors
from reporting.exports import sheets, sheets_grants
from reporting.exports.layout import TITLE, Block, Column, Formula, Sheet, widths
from reporting.frames import FundFrames

# Bump when the layout changes, so packs kept from an older layout are rebuilt.
PACK_VERSION = 1
Progress = Callable[[int, str], None]

HEADLINE = [Column("Figure", width=34), Column("Value", width=18), Column("How", width=80)]
VINTAGES = [
    Column("Vintage", "year"),
    Column("Holdings", "int", True),
    Column("Cost", "money", True),
    Column("Realised", "money", True),
    Column("Fair value", "money", True),
    Column("Total value", "money", True),
]
SUMMARY_TABLE_ROW = 4


def build_board_pack(
    *,
    fund_id: int,
    as_of: date,
    output: str | Path | BinaryIO,
    progress: Progress | None = None,
) -> None:
    """Write the fund's board pack as of ``as_of`` to ``output`` (a path or a binary file),
    calling ``progress(percent, step)`` as each part is done."""
    report = progress or (lambda percent, step: None)
    report(5, "Loading data")
    frames = selectors.fund_frames(fund_id=fund_id, as_of=as_of)
    figures = selectors.fund_metrics(fund_id=fund_id, as_of=as_of, frames=frames)
    workbook = Workbook(write_only=True)
    s, g = sheets, sheets_grants
    pages = {
        "summary": Sheet(workbook, "Summary", widths(HEADLINE, VINTAGES)),
        "schedule": s.open_sheet(workbook, "Schedule of investments", s.SCHEDULE),
        "flows": s.open_sheet(workbook, "Cash flows", s.CASH_FLOWS),
        "valuations": s.open_sheet(workbook, "Valuations", s.VALUATIONS),
        "leverage": s.open_sheet(workbook, "Leverage", s.ROUNDS, s.CROWDED_IN, s.LEVERAGE_LINES),
        "grants": s.open_sheet(workbook, "Grants", g.CALLS, g.APPLICATIONS, g.CATEGORIES),
    }
    if frames.pipeline is not None:
        pages["pipeline"] = s.open_sheet(workbook, "Pipeline", g.PIPELINE, g.PIPELINE_STAGES)
    pages["outcomes"] = s.open_sheet(workbook, "Outcomes", g.MONITORING, g.GRANT_OUTCOMES)

    report(25, "Schedule of investments")
    schedule = s.schedule(pages["schedule"], frames)
    report(40, "Cash flows")
    s.cash_flows(pages["flows"], frames)
    report(55, "Valuations")
    s.valuations(pages["valuations"], frames)
    report(65, "Grants")
    grant_blocks = g.grants(pages["grants"], frames)
    report(72, "Leverage")
    lines = metrics.leverage_lines(frames)
    leverage_blocks = s.leverage(pages["leverage"], frames, grant_blocks, lines)
    if "pipeline" in pages:
        report(78, "Pipeline")
        g.pipeline(pages["pipeline"], frames)
    report(82, "Outcomes")
    outcome_blocks = g.outcomes(pages["outcomes"], frames)
    report(88, "Summary")
    blocks = {
        "schedule": schedule,
        **{f"grants_{k}": v for k, v in grant_blocks.items()},
        **{f"leverage_{k}": v for k, v in leverage_blocks.items()},
        **{f"outcomes_{k}": v for k, v in outcome_blocks.items()},
    }
    summary(pages["summary"], frames, figures, blocks)
    report(95, "Saving the workbook")
    workbook.save(output)


def summary(
    sheet: Sheet, frames: FundFrames, figures: dict[str, Any], blocks: dict[str, Block]
) -> None:
    sheet.append([sheet.cell("Board pack", font=TITLE)])
    sheet.append(
        [
            sheet.cell("Fund"),
            sheet.cell(frames.fund_name),
            sheet.cell("As of"),
            sheet.cell(frames.as_of, "dd mmm yyyy"),
        ]
    )
    sheet.blank()
    rows = headline_rows(figures, blocks)
    sheet.table("Headline", HEADLINE, [row[:3] for row in rows], formats=[r[3] for r in rows])
    sheet.blank()
    sheet.heading("Cost and fair value by vintage (year invested)")
    vintages = selectors.fund_vintage_table(
        fund_id=frames.fund_id, as_of=frames.as_of, frames=frames
    )
    block = sheet.table(
        "Vintages",
        VINTAGES,
        [
            (
                v["vintage"],
                v["investments"],
                *(Decimal(v[k]) for k in ("cost", "realised", "fair_value", "total_value")),
            )
            for v in vintages
        ],
    )
    if vintages:
        chart = BarChart()
        chart.type = "col"
        chart.title = "Cost vs fair value by vintage"
        chart.y_axis.title = "£"
        chart.y_axis.numFmt = '"£"#,##0'
        chart.x_axis.title = "Vintage"
        for column in (3, 5):  # cost, fair value
            data = Reference(
                sheet.ws, min_col=column, min_row=block.header_row, max_row=block.last_row
            )
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(
            Reference(sheet.ws, min_col=1, min_row=block.first_row, max_row=block.last_row)
        )
        chart.width, chart.height = 18, 9
        sheet.ws.add_chart(chart, f"H{SUMMARY_TABLE_ROW}")


def headline_rows(figures: dict[str, Any], blocks: dict[str, Block]) -> list[tuple[Any, ...]]:
    """(figure, value or formula, how, number format) for the summary table. Row numbers are
    known in advance: the table's header is on row 4, so its n-th row is on row 4 + n."""
    schedule = blocks["schedule"]
    apps = blocks["grants_applications"]
    calls = blocks["grants_calls"]
    rows: list[tuple[Any, ...]] = []

    def add(label: str, value: Any, how: str, kind: str) -> str:
        rows.append((label, value, how, kind))
        return f"B{SUMMARY_TABLE_ROW + len(rows)}"

    def ratio(label: str, top: str, bottom: str, how: str, available: bool) -> None:
        add(label, Formula(f"={top}/{bottom}") if available else None, how, "multiple")

    grants = figures["grants"]
    add("Holdings", figures["investments"], "Rows on the schedule of investments.", "int")
    cost = add(
        "Cost (money into companies)",
        Formula(f"={schedule.ref('Cost')}"),
        "Schedule total.",
        "money",
    )
    fees = add("Deal fees", Formula(f"={schedule.ref('Fees')}"), "Schedule total.", "money")
    paid = add("Paid-in", Formula(f"={cost}+{fees}"), "Cost + deal fees.", "money")
    dist = add(
        "Distributed",
        Formula(f"={schedule.ref('Realised')}"),
        "Money back: schedule total.",
        "money",
    )
    fair = add(
        "Fair value",
        Formula(f"={schedule.ref('Fair value')}"),
        "Latest valuations: schedule total.",
        "money",
    )
    total = add("Total value", Formula(f"={dist}+{fair}"), "Distributed + fair value.", "money")
    has_paid = figures["tvpi"] is not None
    ratio("TVPI", total, paid, "Total value ÷ paid-in.", has_paid)
    ratio("DPI", dist, paid, "Distributed ÷ paid-in.", has_paid)
    ratio("RVPI", fair, paid, "Fair value ÷ paid-in.", has_paid)
    ratio("MOIC", total, cost, "Total value ÷ cost.", figures["moic"] is not None)
    irr_how = (
        "Pooled cash flows of every holding plus the total fair value as a final flow on the "
        "as-of date (Excel's XIRR convention)."
    )
    if figures["gross_irr_warning"]:
        irr_how += " " + figures["gross_irr_warning"]
    add("Gross IRR", figures["gross_irr"], figures["gross_irr_reason"] or irr_how, "rate")
    add("Net IRR", None, figures["net_irr_reason"], "rate")
    fund = add(
        "Fund money in rounds",
        Formula(f"={schedule.ref('Fund money')}"),
        "Schedule total.",
        "money",
    )
    private = add(
        "Private co-investment",
        Formula(f"={schedule.ref('Private co-investment')}"),
        "Private money in the same rounds on the same terms: schedule total.",
        "money",
    )
    ratio(
        "Leverage (fund level)",
        private,
        fund,
        "Σ private ÷ Σ fund money (see Leverage).",
        figures["leverage"] is not None,
    )
    crowded = blocks["leverage_crowded"].ref("Private raised without the fund")
    add(
        "Crowded-in private money",
        Formula(f"={crowded}"),
        "Raised later without the fund: Leverage sheet.",
        "money",
    )
    add(
        "Grant budget",
        Formula(f"={calls.ref('Budget')}"),
        "Calls of this fund: Grants sheet.",
        "money",
    )
    add(
        "Grants awarded",
        Formula(f"={apps.ref('Awarded')}"),
        "Awards decided by the as-of date.",
        "money",
    )
    add(
        "Grants paid",
        Formula(f"={apps.ref('Paid')}"),
        "Payments released by the as-of date.",
        "money",
    )
    add(
        "Remaining grant budget",
        Formula(f"={calls.ref('Remaining budget')}"),
        "Budget − pending − committed.",
        "money",
    )
    add("Grant applications", grants["applications"], "Submitted by the as-of date.", "int")
    add("Grant success rate", grants["success_rate"], "Approved ÷ decided at panel.", "rate")
    jobs_portfolio = blocks["outcomes_monitoring"].ref("Jobs created")
    jobs_grants = blocks["outcomes_grants"].ref("Jobs created")
    add(
        "Jobs created",
        Formula(f"={jobs_portfolio}+{jobs_grants}"),
        "Monitoring returns + grantees' latest outcome reports (Outcomes).",
        "int",
    )
    return rows


def board_pack_fingerprint(*, fund_id: int, as_of: date) -> str:
    """A hash of everything a pack depends on: the layout version, the fund, the date, and
    markers of the data (counts, latest ids, latest change times). The same hash means the
    kept file is still right. A few aggregate queries, whatever the portfolio size."""
    parts: list[Any] = [
        PACK_VERSION,
        fund_id,
        as_of.isoformat(),
        Fund.history.filter(id=fund_id)
        .values_list("history_id", flat=True)
        .order_by("-history_id")
        .first(),
        portfolio_data.portfolio_fingerprint_parts(fund_id=fund_id),
        grants_fingerprint_parts(fund_id=fund_id),
    ]
    pipeline = getattr(portfolio_data, "pipeline_for_fund", None)
    if pipeline is not None:
        # The deals as recorded (not their days in stage, which grow every day by themselves).
        parts.append(
            [
                (d.deal_id, d.company, d.stage, str(d.amount_sought), d.owner)
                for d in pipeline(fund_id=fund_id)
            ]
        )
    text = json.dumps(parts, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()
