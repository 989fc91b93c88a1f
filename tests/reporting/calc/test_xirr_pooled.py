"""``pooled_xirr``: when it claims to know, it agrees with ``xirr`` and the rate is unique."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from reporting.calc.xirr import xirr, xirr_roots
from reporting.calc.xirr_pooled import pooled_xirr

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
from bench_xirr import synthetic_book


def test_microsofts_example() -> None:
    # Microsoft's XIRR documentation example: 0.373362535.
    dates = [
        date(2008, 1, 1),
        date(2008, 3, 1),
        date(2008, 10, 30),
        date(2009, 2, 15),
        date(2009, 4, 1),
    ]
    amounts = [Decimal(-10000), Decimal(2750), Decimal(4250), Decimal(3250), Decimal(2750)]
    known, rate = pooled_xirr(dates, amounts)
    assert known and rate == pytest.approx(0.373362535, abs=2e-9)


def test_no_sign_change_is_known_to_have_no_rate() -> None:
    assert pooled_xirr([date(2020, 1, 1), date(2021, 1, 1)], [-100, -5]) == (True, None)
    assert pooled_xirr([], []) == (True, None)


def test_two_rates_are_left_to_xirr() -> None:
    # -100, +230, -132 a year apart: 10 % and 20 % both solve it.
    dates = [date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1)]
    assert pooled_xirr(dates, [-100, 230, -132]) == (False, None)


def test_losing_fund_has_its_negative_rate() -> None:
    dates = [date(2020, 1, 1), date(2020, 6, 1), date(2022, 1, 1)]
    known, rate = pooled_xirr(dates, [-100, 10, 40])
    assert known and rate == pytest.approx(xirr(dates, [-100, 10, 40]), abs=1e-12)
    assert rate < 0


@pytest.mark.parametrize(("group", "checks"), [(1, 40), (5, 20), (40, 3), (300, 1)])
def test_agrees_with_xirr_on_pooled_books(group: int, checks: int) -> None:
    # The reference (every root, exactly) is slow on long pooled series: a few suffice.
    book = synthetic_book(group * checks, seed=7)
    known_count = 0
    for start in range(0, len(book), group):
        part = book[start : start + group]
        dates = np.concatenate([d for d, _ in part])
        amounts = np.concatenate([a for _, a in part])
        known, rate = pooled_xirr(dates, amounts)
        if not known:
            continue
        known_count += 1
        assert len(xirr_roots(dates, amounts)) <= 1
        expected = xirr(dates, amounts)
        if expected is None:
            assert rate is None
        else:
            assert rate == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert known_count > 0
