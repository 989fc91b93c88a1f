"""The board pack workbook: totals recompute to the dashboard's figures, real Excel types,
tables, a chart, and user text that never runs as a formula."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from fundops.models import Fund
from grants.models import Application
from portfolio.models import Investment
from portfolio.services.ledger import ledger_entry_create
from reporting.exports.board_pack import board_pack_fingerprint, build_board_pack
from reporting.selectors import fund_metrics
from tests.reporting.builders import AS_OF, PAYLOAD, build_fund
from tests.reporting.xlsx_eval import Evaluator, formula_cells

pytestmark = pytest.mark.django_db

PENNY = D("0.01")
# Summary label → the same figure in fund_metrics.
SUMMARY_MONEY = {
    "Cost (money into companies)": lambda m: m["cost"],
    "Deal fees": lambda m: m["fees"],
    "Paid-in": lambda m: m["paid_in"],
    "Distributed": lambda m: m["distributed"],
    "Fair value": lambda m: m["fair_value"],
    "Total value": lambda m: m["total_value"],
    "Fund money in rounds": lambda m: m["fund_money"],
    "Private co-investment": lambda m: m["private_coinvestment"],
    "Crowded-in private money": lambda m: m["leverage_lines"]["crowded_in"]["numerator"],
    "Grant budget": lambda m: m["grants"]["budget"],
    "Grants awarded": lambda m: m["grants"]["awarded"],
    "Grants paid": lambda m: m["grants"]["paid"],
    "Remaining grant budget": lambda m: m["grants"]["remaining_budget"],
    "Jobs created": lambda m: m["jobs_created"],
}
SUMMARY_RATIOS = {
    "TVPI": "tvpi",
    "DPI": "dpi",
    "RVPI": "rvpi",
    "MOIC": "moic",
    "Leverage (fund level)": "leverage",
}
OUR_FORMULA = re.compile(
    r"^=(SUBTOTAL\(109,|SUMIF\(|'[^']+'!\$?[A-Z]+\$?\d+|[A-Z]+\d+[+/][A-Z]+\d+$|0$)"
)


def pack(fund_id: int, as_of: date = AS_OF, progress=None):  # type: ignore[no-untyped-def]
    output = io.BytesIO()
    build_board_pack(fund_id=fund_id, as_of=as_of, output=output, progress=progress)
    output.seek(0)
    return load_workbook(output)


@pytest.fixture
def fund(fund_manager):  # type: ignore[no-untyped-def]
    return build_fund(fund_manager)


def summary_rows(workbook) -> dict[str, str]:  # type: ignore[no-untyped-def]
    sheet = workbook["Summary"]
    return {row[0].value: row[1].coordinate for row in sheet.iter_rows(min_row=5, max_row=40)}


def test_every_total_recomputes_to_the_dashboard_figure(fund):  # type: ignore[no-untyped-def]
    steps: list[tuple[int, str]] = []
    workbook = pack(fund.pk, progress=lambda percent, step: steps.append((percent, step)))
    figures = fund_metrics(fund_id=fund.pk, as_of=AS_OF)
    evaluator = Evaluator(workbook)
    cells = summary_rows(workbook)

    for label, figure in SUMMARY_MONEY.items():
        value = evaluator.value("Summary", cells[label])
        assert value.quantize(PENNY) == D(str(figure(figures))).quantize(PENNY), label
    for label, key in SUMMARY_RATIOS.items():
        value = evaluator.value("Summary", cells[label])
        assert float(value) == pytest.approx(figures[key], abs=5e-5), label
    for name, line in zip(
        ("initial", "follow_on", "fund", "crowded_in", "grants"),
        range(18, 23),
        strict=True,
    ):
        expected = figures["leverage_lines"][name]
        assert evaluator.value("Leverage", f"C{line}") == D(expected["numerator"]), name
        assert evaluator.value("Leverage", f"D{line}") == D(expected["denominator"]), name
        assert float(evaluator.value("Leverage", f"E{line}")) == pytest.approx(
            expected["ratio"], abs=5e-5
        )
    # Every formula in the pack evaluates (nothing the evaluator does not understand).
    for sheet, coordinate, _ in formula_cells(workbook):
        evaluator.value(sheet, coordinate)
    # The cash flows' total is the net of money in and out.
    flows_total = evaluator.value("Cash flows", "E13")
    assert flows_total == D(figures["distributed"]) - D(figures["paid_in"])
    percents = [p for p, _ in steps]
    assert percents == sorted(percents) and percents[-1] >= 95
    assert "Schedule of investments" in [s for _, s in steps]


def test_excel_types_formats_tables_and_chart(fund):  # type: ignore[no-untyped-def]
    workbook = pack(fund.pk)

    assert workbook.sheetnames == [
        "Summary",
        "Schedule of investments",
        "Cash flows",
        "Valuations",
        "Leverage",
        "Grants",
        "Pipeline",
        "Outcomes",
    ]
    schedule = workbook["Schedule of investments"]
    assert schedule.freeze_panes == "A5"
    assert [c.value for c in schedule[4]][:3] == ["Company", "Reference", "Instrument"]
    first = {c.column_letter: c for c in schedule[5]}
    assert isinstance(first["F"].value, datetime) and "yyyy" in first["F"].number_format
    assert first["H"].value == 50000 and "£" in first["H"].number_format
    assert "%" in first["N"].number_format and isinstance(first["N"].value, float)
    assert first["M"].number_format == '0.00"x"'
    table = schedule.tables["Schedule"]
    assert table.ref == "A4:Q8" and table.autoFilter is not None
    assert [c.name for c in table.tableColumns][:2] == ["Company", "Reference"]
    assert schedule.column_dimensions["A"].width == 30
    for name in ("Cash flows", "Valuations", "Leverage", "Grants", "Outcomes"):
        assert workbook[name].freeze_panes == "A5", name
        assert workbook[name].tables, name
    charts = workbook["Summary"]._charts
    assert len(charts) == 1 and isinstance(charts[0], BarChart)
    summary = workbook["Summary"]
    assert summary["D2"].value.date() == AS_OF


def test_text_from_users_is_shown_never_run(fund_manager):  # type: ignore[no-untyped-def]
    fund = build_fund(fund_manager, alpha_name=PAYLOAD)
    Fund.objects.filter(pk=fund.pk).update(name=f"@SUM(1+1) {fund.name}")
    Application.objects.filter(title="Project in_delivery").update(title=PAYLOAD)
    workbook = pack(fund.pk)

    payload_cells = [
        cell
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "cmd|" in cell.value
    ]
    # Company name on the schedule, cash flows (3), valuations (2), rounds (2), monitoring
    # (name and milestones), and the grant title.
    assert len(payload_cells) >= 10
    for cell in payload_cells:
        assert cell.data_type == "s" and cell.value == PAYLOAD
        assert cell.quotePrefix, cell.coordinate
    assert workbook["Summary"]["B2"].data_type == "s"
    assert workbook["Summary"]["B2"].quotePrefix
    formulas = formula_cells(workbook)
    assert formulas, "the totals are formulas"
    for sheet, coordinate, text in formulas:
        assert "cmd" not in text and "@" not in text
        assert OUR_FORMULA.match(text), (sheet, coordinate, text)


def test_flows_after_the_as_of_date_are_not_in_the_pack(fund):  # type: ignore[no-untyped-def]
    workbook = pack(fund.pk, as_of=date(2023, 6, 30))
    flows = workbook["Cash flows"]
    dates = [
        row[0].value for row in flows.iter_rows(min_row=5) if isinstance(row[0].value, datetime)
    ]
    assert dates and max(d.date() for d in dates) <= date(2023, 6, 30)
    assert len(dates) == 4  # investment, fee, Gamma's investment, the dividend on the date
    cells = summary_rows(workbook)
    assert Evaluator(workbook).value("Summary", cells["Paid-in"]) == D("75500.00")


def test_fingerprint_changes_with_the_data_and_the_date(fund, fund_manager):  # type: ignore[no-untyped-def]
    first = board_pack_fingerprint(fund_id=fund.pk, as_of=AS_OF)
    assert board_pack_fingerprint(fund_id=fund.pk, as_of=AS_OF) == first
    assert board_pack_fingerprint(fund_id=fund.pk, as_of=date(2024, 6, 30)) != first

    investment = Investment.objects.filter(fund=fund).first()
    ledger_entry_create(
        investment=investment,
        kind="dividend",
        date=date(2024, 2, 2),
        amount=D("1"),
        by=fund_manager,
    )
    second = board_pack_fingerprint(fund_id=fund.pk, as_of=AS_OF)
    assert second != first
    application = Application.objects.get(title="Project rejected")
    application.title = "Renamed"
    application.save()
    assert board_pack_fingerprint(fund_id=fund.pk, as_of=AS_OF) != second


def test_pipeline_sheet_lists_open_deals_by_stage(fund, fund_manager):  # type: ignore[no-untyped-def]
    from portfolio.models import Deal
    from tests.fundops.factories import OrganisationFactory

    for stage, amount in (
        ("screening", "150000"),
        ("screening", "50000"),
        ("due_diligence", "80000"),
    ):
        Deal.objects.create(
            organisation=OrganisationFactory(),
            fund=fund,
            created_by=fund_manager,
            owner=fund_manager,
            status=stage,
            amount_sought=D(amount),
        )
    Deal.objects.create(  # closed deals are not in the pipeline
        organisation=OrganisationFactory(), fund=fund, created_by=fund_manager, status="declined"
    )
    workbook = pack(fund.pk)
    sheet = workbook["Pipeline"]
    deals = [row for row in sheet.iter_rows(min_row=5, max_row=7, values_only=True)]
    assert len(deals) == 3 and {d[1] for d in deals} == {"Screening", "Due diligence"}
    evaluator = Evaluator(workbook)
    assert evaluator.value("Pipeline", "C8") == D("280000")
    stages = {row[0]: row[1] for row in sheet.iter_rows(min_row=12, max_row=13, values_only=True)}
    assert stages == {"Screening": 2, "Due diligence": 1}


def test_the_whole_payload_corpus_stays_text_in_the_pack(fund_manager):  # type: ignore[no-untyped-def]
    """Every payload of the exports corpus, as a grant title and in the monitoring
    milestones, plus one as the company name: only the pack's own totals are formulas."""
    from portfolio.models import MonitoringReturn
    from tests.fundops.test_exports import STORED_PAYLOADS as PAYLOADS

    fund = build_fund(fund_manager, alpha_name=PAYLOADS[1])
    for application, payload in zip(Application.objects.order_by("pk"), PAYLOADS, strict=False):
        Application.objects.filter(pk=application.pk).update(title=payload)
    MonitoringReturn.objects.update(regulatory_milestones=" ".join(PAYLOADS))
    workbook = pack(fund.pk)

    texts = [
        cell
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value in PAYLOADS[:-1]
    ]
    assert texts, "the payloads are in the pack"
    assert all(cell.data_type == "s" for cell in texts)
    for sheet, coordinate, text in formula_cells(workbook):
        assert OUR_FORMULA.match(text), (sheet, coordinate, text)
