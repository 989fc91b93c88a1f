"""XIRR agrees with Excel's published examples and with answers known in closed form, and says
"no rate" (None) instead of a wrong number."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from reporting.calc import xirr, xnpv

# Microsoft's XIRR support page, "Example": the IRR of these flows is 0.373362535 (37.34 %).
MS_DATES = [date(2008, 1, 1), date(2008, 3, 1), date(2008, 10, 30), date(2009, 2, 15)]
MS_DATES.append(date(2009, 4, 1))
MS_AMOUNTS = [Decimal("-10000"), Decimal("2750"), Decimal("4250"), Decimal("3250")]
MS_AMOUNTS.append(Decimal("2750"))

START = date(2019, 1, 1)


def years_later(*years: int) -> list[date]:
    """Dates exactly 365 days apart, so Excel's year fraction is a whole number."""
    return [START + timedelta(days=365 * n) for n in years]


def test_matches_microsofts_xirr_example() -> None:
    rate = xirr(MS_DATES, MS_AMOUNTS)
    # The exact root is 0.37336253351883; Microsoft prints 0.373362535, 1.5e-9 away, which is
    # inside the accuracy Excel documents for XIRR ("within 0.000001 percent", i.e. 1e-8).
    assert rate == pytest.approx(0.373362535, abs=2e-9)
    assert rate == pytest.approx(0.37336253351883, abs=1e-13)


def test_matches_qliks_rangexirr_example() -> None:
    # Qlik's RangeXIRR help: RangeXIRR(-2500, '2008-01-01', 2750, '2008-09-01') returns 0.1532.
    rate = xirr([date(2008, 1, 1), date(2008, 9, 1)], [-2500, 2750])
    assert rate == pytest.approx(0.1532, abs=5e-5)
    # ...and exactly (1 + r) ** (244 / 365) = 1.1, the closed form for two flows.
    assert rate == pytest.approx(1.1 ** (365 / 244) - 1, abs=1e-12)


def test_xnpv_matches_microsofts_xnpv_example() -> None:
    # Microsoft's XNPV support page discounts the same flows at 9 %: 2,086.65.
    assert xnpv(Decimal("0.09"), MS_DATES, MS_AMOUNTS).quantize(Decimal("0.000001")) == Decimal(
        "2086.647602"
    )


def test_ten_percent_over_exactly_one_365_day_year() -> None:
    assert xirr(years_later(0, 1), [Decimal("-1000"), Decimal("1100")]) == pytest.approx(
        0.10, abs=1e-12
    )


def test_two_year_span_across_a_leap_day_counts_days_over_365() -> None:
    # 2020-01-01 to 2022-01-01 is 731 days (29 Feb 2020 included): Excel's year fraction is
    # 731/365, not 2, so 1,000 growing to 1,210 is 1.21 ** (365/731) - 1, just under 10 %.
    rate = xirr([date(2020, 1, 1), date(2022, 1, 1)], [-1000, 1210])
    assert rate is not None
    assert rate == pytest.approx(1.21 ** (365 / 731) - 1, abs=1e-12)
    assert rate < 0.10


def test_flows_in_any_order_give_the_same_rate() -> None:
    order = [3, 0, 4, 1, 2]
    shuffled = xirr([MS_DATES[i] for i in order], [MS_AMOUNTS[i] for i in order])
    assert shuffled == pytest.approx(xirr(MS_DATES, MS_AMOUNTS), abs=1e-15)


def test_same_day_flows_are_netted() -> None:
    # Two calls on day one (-600 and -400) are one payment of 1,000.
    rate = xirr(years_later(0, 0, 1), [-600, -400, 1100])
    assert rate == pytest.approx(0.10, abs=1e-12)


def test_decimal_int_and_float_amounts_agree() -> None:
    as_floats = [float(a) for a in MS_AMOUNTS]
    as_ints = [int(a) for a in MS_AMOUNTS]
    assert xirr(MS_DATES, as_floats) == pytest.approx(xirr(MS_DATES, MS_AMOUNTS), abs=1e-12)
    assert xirr(MS_DATES, as_ints) == pytest.approx(xirr(MS_DATES, MS_AMOUNTS), abs=1e-12)


def test_a_near_total_loss_still_has_a_rate() -> None:
    # 1,000 paid, 1 back a year later: -99.9 %.
    assert xirr(years_later(0, 1), [-1000, 1]) == pytest.approx(-0.999, abs=1e-12)


def test_money_back_the_same_year_at_cost_is_zero_percent() -> None:
    assert xirr(years_later(0, 1), [-500, 500]) == pytest.approx(0.0, abs=1e-12)


def test_a_very_high_return_is_found() -> None:
    # Ten times the money in a year: 900 %.
    assert xirr(years_later(0, 1), [-100, 1000]) == pytest.approx(9.0, rel=1e-12)


@pytest.mark.parametrize(
    ("dates", "amounts"),
    [
        pytest.param(years_later(0, 1, 2), [-100, -50, -25], id="all-paid-in"),
        pytest.param(years_later(0, 1), [100, 50], id="all-received"),
        pytest.param(years_later(0, 0), [-100, 100], id="cancel-out-same-day"),
        pytest.param([], [], id="empty"),
        pytest.param(years_later(0), [-100], id="single-flow"),
        pytest.param(years_later(0, 1), [0, 0], id="all-zero"),
        # -400, +200, -100 (years 0, 1, 3): the only real root has 1 + r = -0.5, i.e. r = -150 %.
        pytest.param(years_later(0, 1, 3), [-400, 200, -100], id="only-root-below-minus-100"),
        # Beyond any usable figure: 1 + r would be 1e-1095.
        pytest.param([START, START + timedelta(days=1)], [-1000, 1], id="root-beyond-range"),
    ],
)
def test_returns_none_when_no_rate_exists(dates: list[date], amounts: list[int]) -> None:
    assert xirr(dates, amounts) is None


def test_mismatched_lengths_raise() -> None:
    with pytest.raises(ValueError, match="must pair up"):
        xirr(years_later(0, 1), [-100])


def test_nan_amount_raises() -> None:
    with pytest.raises(ValueError, match="finite"):
        xirr(years_later(0, 1), [-100.0, float("nan")])


def test_guess_at_or_below_minus_100_percent_raises() -> None:
    with pytest.raises(ValueError, match="guess"):
        xirr(years_later(0, 1), [-100, 110], guess=-1.0)


def test_xnpv_at_the_xirr_rate_is_zero() -> None:
    rate = xirr(MS_DATES, MS_AMOUNTS)
    assert rate is not None
    assert abs(xnpv(rate, MS_DATES, MS_AMOUNTS)) < Decimal("0.000001")


def test_xnpv_discounts_to_the_earliest_date_whatever_the_order() -> None:
    forward = xnpv(0.09, MS_DATES, MS_AMOUNTS)
    backward = xnpv(0.09, MS_DATES[::-1], MS_AMOUNTS[::-1])
    assert abs(forward - backward) < Decimal("1e-20")  # summation order only


def test_xnpv_of_nothing_is_zero_and_rate_must_exceed_minus_100_percent() -> None:
    assert xnpv(0.1, [], []) == 0
    with pytest.raises(ValueError, match="above -1"):
        xnpv(-1, MS_DATES, MS_AMOUNTS)
