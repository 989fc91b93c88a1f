"""Where flows change sign more than once several rates can solve them: all are found, the page
can warn, and the one shown is the one nearest the guess."""

from datetime import date, timedelta

import numpy as np
import pytest

from reporting.calc import xirr, xirr_is_unique, xirr_roots

START = date(2019, 1, 1)
YEARLY = [START + timedelta(days=365 * n) for n in range(3)]

# -100 now, +230 in a year, -132 in two: 100 x**2 - 230 x + 132 = 0 with x = 1 + r, whose roots
# are x = 1.1 and x = 1.2, so both 10 % and 20 % make the NPV zero.
TWO_RATES = [-100, 230, -132]


def test_two_rates_are_both_reported() -> None:
    assert xirr_roots(YEARLY, TWO_RATES) == pytest.approx([0.10, 0.20], abs=1e-12)


def test_two_rates_are_flagged_not_unique() -> None:
    assert xirr_is_unique(YEARLY, TWO_RATES) is False


def test_the_rate_shown_is_the_one_nearest_the_guess() -> None:
    assert xirr(YEARLY, TWO_RATES) == pytest.approx(0.10, abs=1e-12)  # Excel's 10 % guess
    assert xirr(YEARLY, TWO_RATES, guess=0.19) == pytest.approx(0.20, abs=1e-12)


def test_an_ordinary_investment_has_one_rate() -> None:
    dates = [date(2008, 1, 1), date(2008, 3, 1), date(2008, 10, 30), date(2009, 2, 15)]
    amounts = [-10000, 2750, 4250, 3250]
    assert xirr_is_unique(dates, amounts) is True
    assert len(xirr_roots(dates, amounts)) == 1


def test_a_follow_on_after_income_can_still_have_one_rate() -> None:
    # Two sign changes do not always mean two rates: here only one exists.
    dates = [START + timedelta(days=365 * n) for n in range(4)]
    amounts = [-1000, 100, -200, 1500]
    assert len(xirr_roots(dates, amounts)) == 1
    assert xirr_is_unique(dates, amounts) is True


def test_no_rate_is_not_unique_either() -> None:
    assert xirr_roots(YEARLY, [-1, -2, -3]) == []
    assert xirr_is_unique(YEARLY, [-1, -2, -3]) is False


def test_npv_touching_zero_is_one_double_root() -> None:
    # -100, +220, -121 = -(10 x - 11)**2 / x**2 with x = 1 + r: zero only at 10 %, where it
    # touches zero without crossing.
    roots = xirr_roots(YEARLY, [-100, 220, -121])
    assert roots == pytest.approx([0.10], abs=1e-6)


def test_roots_include_every_sign_change_a_fine_grid_sees() -> None:
    # An independent check: scan NPV on a fine grid of rates; every crossing it sees must be
    # among the roots reported (the root search is exact, the grid only a witness).
    rng = np.random.default_rng(11)
    grid = np.expm1(np.linspace(-4.0, 3.0, 20_001))
    for _ in range(40):
        n = int(rng.integers(3, 9))
        days = np.sort(rng.choice(3650, n, replace=False))
        amounts = rng.normal(0, 1000, n).round(2)
        dates = [START + timedelta(days=int(d)) for d in days]
        years = (days - days[0]) / 365
        npv = (amounts[None, :] / (1 + grid[:, None]) ** years[None, :]).sum(axis=1)
        crossings = grid[:-1][np.sign(npv[:-1]) * np.sign(npv[1:]) < 0]
        roots = xirr_roots(dates, list(amounts))
        for crossing in crossings:
            assert min(abs(np.log1p(r) - np.log1p(crossing)) for r in roots) < 1e-3
