"""Frames and metrics: the hand-worked fund of ``builders``, as of a date, in constant queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from portfolio.models import MonitoringReturn
from portfolio.services.ledger import ledger_entry_create
from portfolio.services.valuations import valuation_record
from reporting import metrics
from reporting.calc.xirr import xirr
from reporting.selectors import fund_frames, fund_irr_series, fund_metrics, fund_vintage_table
from tests.fundops.factories import FundFactory, OrganisationFactory
from tests.grants.factories import ApplicationFactory
from tests.portfolio.factories import equity_investment
from tests.reporting.builders import AS_OF, EXPECTED, at, build_fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(fund_manager):  # type: ignore[no-untyped-def]
    return build_fund(fund_manager)


def test_headline_figures_match_the_hand_worked_example(fund):  # type: ignore[no-untyped-def]
    figures = fund_metrics(fund_id=fund.pk, as_of=AS_OF)

    for key, expected in EXPECTED.items():
        assert figures[key] == expected, key
    assert figures["investments"] == 4
    assert figures["companies"] == 3
    assert figures["tvpi"] == pytest.approx(145800 / 97500, abs=1e-4)
    assert figures["dpi"] == pytest.approx(41800 / 97500, abs=1e-4)
    assert figures["rvpi"] == pytest.approx(104000 / 97500, abs=1e-4)
    assert figures["moic"] == pytest.approx(145800 / 97000, abs=1e-4)
    assert figures["leverage"] == pytest.approx(56000 / 97000, abs=1e-4)
    # The gross IRR is the pooled flows up to the date plus the fair value on the date.
    pooled = [
        (date(2022, 3, 1), -50500),
        (date(2023, 1, 10), -25000),
        (date(2023, 6, 30), 1500),
        (date(2023, 9, 1), -12000),
        (date(2024, 1, 15), -10000),
        (date(2024, 6, 1), 40000),
        (date(2024, 7, 15), 300),
        (AS_OF, 104000),
    ]
    expected_irr = xirr([d for d, _ in pooled], [D(a) for _, a in pooled])
    assert figures["gross_irr"] == pytest.approx(expected_irr, abs=1e-9)
    assert figures["irr"] == figures["gross_irr"]
    assert figures["net_irr"] is None
    assert figures["net_irr_reason"] == metrics.NET_IRR_REASON


def test_leverage_lines_are_ratios_of_sums_by_definition(fund):  # type: ignore[no-untyped-def]
    lines = fund_metrics(fund_id=fund.pk, as_of=AS_OF)["leverage_lines"]

    assert (lines["initial"]["numerator"], lines["initial"]["denominator"]) == (
        "20000.00",
        "85000.00",
    )
    assert lines["follow_on"]["ratio"] == 3.0
    assert lines["fund"]["ratio"] == pytest.approx(56000 / 97000, abs=1e-4)
    assert lines["crowded_in"]["numerator"] == "75000.00"
    assert (lines["grants"]["numerator"], lines["grants"]["denominator"]) == (
        "15000.00",
        "20000.00",
    )


def test_grants_and_outcomes_as_of_the_date(fund):  # type: ignore[no-untyped-def]
    figures = fund_metrics(fund_id=fund.pk, as_of=AS_OF)
    grants = figures["grants"]

    assert grants["applications"] == 3  # the fourth was submitted after the date
    assert (grants["decided"], grants["approved"], grants["success_rate"]) == (2, 1, 0.5)
    assert (grants["awarded"], grants["paid"], grants["remaining_budget"]) == (
        "20000.00",
        "8000.00",
        "80000.00",
    )
    assert grants["days_to_decision"]["all"] == {"count": 2, "median": 45.0, "p90": 57.0}
    # Jobs: 5 from the monitoring return, 2 from the 6-month report (the 12-month report and
    # the 2025 return are after the date).
    assert figures["jobs_created"] == 7
    assert figures["outcomes"]["products_to_market"] == 1


def test_records_after_the_as_of_date_are_left_out(fund):  # type: ignore[no-untyped-def]
    frames = fund_frames(fund_id=fund.pk, as_of=AS_OF)
    assert max(frames.cash_flows["date"]) <= AS_OF
    assert max(frames.valuations["date"]) <= AS_OF

    earlier = fund_metrics(fund_id=fund.pk, as_of=date(2023, 6, 30))
    # Alpha's seed and Gamma only; the dividend on the as-of date itself counts.
    assert (earlier["cost"], earlier["fees"], earlier["distributed"]) == (
        "75000.00",
        "500.00",
        "1500.00",
    )
    assert earlier["fair_value"] == "80000.00"
    assert earlier["grants"]["applications"] == 0

    later = fund_metrics(fund_id=fund.pk, as_of=date(2025, 6, 30))
    assert later["distributed"] == "51799.00"  # + the 2025 dividend of 9,999
    assert later["jobs_created"] == 5 + 50 + 4


def test_groups_add_up_to_the_fund(fund):  # type: ignore[no-untyped-def]
    for group_by in ("vintage", "sector", "instrument", "stage"):
        figures = fund_metrics(fund_id=fund.pk, as_of=AS_OF, group_by=group_by)
        groups = figures["groups"]
        for key in ("cost", "distributed", "fair_value", "fund_money"):
            assert sum(D(g[key]) for g in groups) == D(figures[key]), (group_by, key)
    stages = {
        g["group"]: g
        for g in fund_metrics(fund_id=fund.pk, as_of=AS_OF, group_by="stage")["groups"]
    }
    assert stages["Follow-on"]["leverage"] == 3.0
    assert stages["Initial"]["private_coinvestment"] == "20000.00"
    with pytest.raises(ValueError, match="group_by"):
        fund_metrics(fund_id=fund.pk, as_of=AS_OF, group_by="colour")


def test_no_irr_comes_with_the_reason(fund_manager):  # type: ignore[no-untyped-def]
    lonely = equity_investment(by=fund_manager, fund=FundFactory(name="Lonely Fund"))
    figures = fund_metrics(fund_id=lonely.fund_id, as_of=AS_OF)

    assert figures["irr"] is None
    assert figures["irr_reason"] == metrics.NOTHING_BACK.format(as_of="2024-12-31")
    empty = fund_metrics(fund_id=FundFactory(name="Empty Fund").pk, as_of=AS_OF)
    assert empty["irr_reason"] == metrics.NO_FLOWS.format(as_of="2024-12-31")
    assert empty["paid_in"] == "0.00"
    assert empty["tvpi"] is None


def test_irr_series_and_vintage_table(fund):  # type: ignore[no-untyped-def]
    series = fund_irr_series(fund_id=fund.pk, as_of=AS_OF)
    headline = fund_metrics(fund_id=fund.pk, as_of=AS_OF)

    assert series[0]["date"] == "2022-03-31"
    assert series[0]["irr"] is None and "no rate exists" in series[0]["reason"]
    assert series[-1] == {"date": "2024-12-31", "irr": headline["irr"], "reason": None}
    vintages = fund_vintage_table(fund_id=fund.pk, as_of=AS_OF)
    assert [(v["vintage"], v["cost"], v["fair_value"]) for v in vintages] == [
        (2022, "50000.00", "80000.00"),
        (2023, "37000.00", "15000.00"),
        (2024, "10000.00", "9000.00"),
    ]


def _grow(fund, by, count: int) -> None:  # type: ignore[no-untyped-def]
    """More holdings, flows, valuations, returns and grant applications."""
    for _ in range(count):
        organisation = OrganisationFactory()
        investment = equity_investment(by=by, organisation=organisation, fund=fund)
        ledger_entry_create(
            investment=investment, kind="dividend", date=date(2023, 1, 1), amount=D("10"), by=by
        )
        valuation_record(
            investment=investment,
            valued_on=date(2023, 6, 30),
            fair_value=D("60000"),
            method="milestones",
            by=by,
        )
        MonitoringReturn.objects.create(
            organisation=organisation,
            period="quarterly",
            period_end=date(2023, 3, 31),
            due_on=date(2023, 4, 30),
            status="submitted",
            jobs_created=1,
        )
        ApplicationFactory(call=fund.calls.get(), status="submitted", submitted_at=at(AS_OF))


def test_frames_take_the_same_number_of_queries_whatever_the_size(fund, fund_manager):  # type: ignore[no-untyped-def]
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            fund_metrics(fund_id=fund.pk, as_of=AS_OF, group_by="vintage")
        return len(queries)

    small = count()
    _grow(fund, fund_manager, 6)
    assert fund_frames(fund_id=fund.pk, as_of=AS_OF).investments.shape[0] == 10
    assert count() == small


def test_an_unknown_fund_is_not_found(db):  # type: ignore[no-untyped-def]
    with pytest.raises(Http404):
        fund_frames(fund_id=987654, as_of=AS_OF)


def test_a_converted_note_is_counted_once(fund_manager):  # type: ignore[no-untyped-def]
    from portfolio.models import Round
    from portfolio.services.cln import cln_convert
    from tests.portfolio.factories import cln_investment

    note = cln_investment(by=fund_manager, on=date(2023, 1, 1))  # £100,000 into "Test Fund"
    valuation_record(
        investment=note,
        valued_on=date(2023, 6, 30),
        fair_value=D("104000"),
        method="milestones",
        by=fund_manager,
    )
    series_a = Round.objects.create(
        organisation=note.organisation,
        name="Series A",
        date=date(2024, 1, 1),
        total_size=D("2000000"),
        price_per_share=D("2.00"),
        pre_money_shares=2_000_000,
    )
    equity = cln_convert(note=note, round=series_a, by=fund_manager)
    valuation_record(
        investment=equity,
        valued_on=date(2024, 6, 30),
        fair_value=D("150000"),
        method="milestones",
        by=fund_manager,
    )

    before = fund_metrics(fund_id=note.fund_id, as_of=date(2023, 12, 31))
    assert (before["cost"], before["fair_value"]) == ("100000.00", "104000.00")
    after = fund_metrics(fund_id=note.fund_id, as_of=AS_OF)
    # The cash went in once (through the note); the value is now the equity's only.
    assert (after["cost"], after["fund_money"], after["fair_value"]) == (
        "100000.00",
        "100000.00",
        "150000.00",
    )
    series = {p["date"]: p["irr"] for p in fund_irr_series(fund_id=note.fund_id, as_of=AS_OF)}
    assert series["2024-12-31"] == pytest.approx(after["irr"])
