"""Gross IRR per investment and per group, as of a date and quarter by quarter."""

from datetime import date
from decimal import Decimal

import pytest

from reporting.calc import (
    CashFlow,
    InvestmentHistory,
    Valuation,
    gross_irr,
    group_irr,
    group_irr_over_time,
    irr_as_of,
    irr_flows,
    irr_over_time,
    xirr,
)

FLOWS = (
    CashFlow(date(2020, 1, 1), Decimal("-1000.00")),
    CashFlow(date(2021, 1, 1), Decimal("-500.00")),
    CashFlow(date(2022, 6, 30), Decimal("300.00")),
    CashFlow(date(2024, 3, 1), Decimal("5000.00")),  # an exit after the as-of date
)
VALUATIONS = (
    Valuation(date(2020, 12, 31), Decimal("1100.00")),
    Valuation(date(2022, 12, 31), Decimal("1800.00")),
    Valuation(date(2023, 9, 30), Decimal("2600.00")),  # after the as-of date
)


def test_irr_as_of_uses_flows_to_date_and_the_latest_valuation_as_a_final_flow() -> None:
    as_of = date(2023, 6, 30)
    expected = xirr(
        [date(2020, 1, 1), date(2021, 1, 1), date(2022, 6, 30), as_of],
        [Decimal("-1000"), Decimal("-500"), Decimal("300"), Decimal("1800")],
    )
    assert irr_as_of(FLOWS, VALUATIONS, as_of) == pytest.approx(expected, abs=1e-12)


def test_irr_as_of_ignores_later_flows_and_valuations() -> None:
    as_of = date(2023, 6, 30)
    series = irr_flows(FLOWS, VALUATIONS, as_of)
    assert [f.date for f in series] == [
        date(2020, 1, 1),
        date(2021, 1, 1),
        date(2022, 6, 30),
        as_of,
    ]
    assert series[-1].amount == Decimal("1800.00")  # not 2,600 (later) nor the 5,000 exit


def test_irr_as_of_a_date_before_any_valuation_has_no_rate() -> None:
    assert irr_as_of(FLOWS, VALUATIONS, date(2020, 6, 30)) is None  # money in, nothing yet


def test_gross_irr_to_date_runs_to_the_latest_flow_or_valuation() -> None:
    # To date is 2024-03-01, the exit; the 2023-09-30 fair value (2,600) still stands then, as
    # a valuation stands until the next one.
    expected = xirr(
        [f.date for f in FLOWS] + [date(2024, 3, 1)],
        [f.amount for f in FLOWS] + [Decimal("2600.00")],
    )
    assert gross_irr(FLOWS, VALUATIONS) == pytest.approx(expected, abs=1e-12)


def test_a_full_exit_recorded_with_a_nil_valuation_leaves_no_residual() -> None:
    exited = (*VALUATIONS, Valuation(date(2024, 3, 1), Decimal("0.00")))
    expected = xirr([f.date for f in FLOWS], [f.amount for f in FLOWS])
    assert gross_irr(FLOWS, exited) == pytest.approx(expected, abs=1e-12)


def test_group_irr_pools_money_not_rates() -> None:
    # A: 100 in on 2020-01-01, worth 150 a year later; B: 100 in, worth 50. Pooled: 200 in,
    # 200 back a year later -> 0 %, while the mean of their IRRs says nothing about money.
    start, end = date(2020, 1, 1), date(2021, 1, 1)
    a = InvestmentHistory((CashFlow(start, Decimal("-100")),), (Valuation(end, Decimal("150")),))
    b = InvestmentHistory((CashFlow(start, Decimal("-100")),), (Valuation(end, Decimal("50")),))
    assert group_irr([a, b], end) == pytest.approx(0.0, abs=1e-12)


def test_group_irr_weights_by_money() -> None:
    # Big loses 10 % on 1,000,000, small triples 1,000 (both over 365 days): pooled about -9.8 %.
    start, end = date(2021, 1, 1), date(2022, 1, 1)
    big = InvestmentHistory(
        (CashFlow(start, Decimal("-1000000")),), (Valuation(end, Decimal("900000")),)
    )
    small = InvestmentHistory(
        (CashFlow(start, Decimal("-1000")),), (Valuation(end, Decimal("3000")),)
    )
    pooled = group_irr([big, small], end)
    assert pooled == pytest.approx((903000 / 1001000) - 1, abs=1e-12)


def test_quarterly_series_has_calendar_quarter_ends() -> None:
    series = irr_over_time(FLOWS, VALUATIONS, date(2020, 2, 15), date(2021, 3, 31))
    assert [d for d, _ in series] == [
        date(2020, 3, 31),
        date(2020, 6, 30),
        date(2020, 9, 30),
        date(2020, 12, 31),
        date(2021, 3, 31),
    ]


def test_quarterly_series_matches_irr_as_of_each_quarter_end() -> None:
    series = irr_over_time(FLOWS, VALUATIONS, date(2020, 1, 1), date(2024, 6, 30))
    for quarter_end, rate in series:
        expected = irr_as_of(FLOWS, VALUATIONS, quarter_end)
        assert (rate is None) == (expected is None)
        if rate is not None:
            assert rate == pytest.approx(expected, abs=1e-10)
    assert series[0] == (date(2020, 3, 31), None)  # paid in, not yet valued: no rate


def test_group_quarterly_series_pools_members() -> None:
    member = InvestmentHistory(FLOWS, VALUATIONS)
    twice = group_irr_over_time([member, member], date(2022, 1, 1), date(2022, 12, 31))
    once = irr_over_time(FLOWS, VALUATIONS, date(2022, 1, 1), date(2022, 12, 31))
    for (day, rate_twice), (_, rate_once) in zip(twice, once, strict=True):
        assert rate_twice == pytest.approx(rate_once, abs=1e-10), day
