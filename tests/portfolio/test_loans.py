from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.loans import LOAN_TERMS_INVALID, add_months, loan_schedule


def test_worked_example_matches_numpy_financial_to_the_penny():
    rows = loan_schedule(
        principal=Decimal("10000.00"),
        annual_rate=Decimal("0.06"),
        term_months=12,
        start=date(2024, 1, 31),
    )
    assert len(rows) == 12
    assert rows[0].payment == Decimal("860.66")
    assert rows[0].interest == Decimal("50.00")
    assert rows[0].principal == Decimal("810.66")
    assert rows[0].due_on == date(2024, 2, 29)  # month-end clamped, leap year
    for row in rows:
        interest = -float(npf.ipmt(0.005, row.number, 12, 10000))
        principal = -float(npf.ppmt(0.005, row.number, 12, 10000))
        assert abs(float(row.interest) - interest) <= 0.005
        assert abs(float(row.principal) - principal) <= 0.01
    assert abs(float(rows[5].payment) - -float(npf.pmt(0.005, 12, 10000))) <= 0.01
    assert rows[-1].balance == Decimal("0.00")


@pytest.mark.filterwarnings("ignore:invalid value encountered")
@settings(max_examples=60, deadline=None)
@given(
    principal=st.decimals(min_value=Decimal("100"), max_value=Decimal("5000000"), places=2),
    rate_bp=st.integers(min_value=0, max_value=2500),
    term=st.integers(min_value=1, max_value=120),
)
def test_principal_parts_sum_exactly_to_the_loan_and_track_numpy_financial(
    principal: Decimal, rate_bp: int, term: int
) -> None:
    rate = Decimal(rate_bp) / Decimal(10000)
    rows = loan_schedule(
        principal=principal, annual_rate=rate, term_months=term, start=date(2025, 1, 15)
    )
    assert sum(row.principal for row in rows) == principal
    assert all(row.payment == row.interest + row.principal for row in rows)
    assert all(row.principal.as_tuple().exponent == -2 for row in rows)
    # every row but the last (which absorbs rounding) is numpy-financial's ppmt to the penny
    for row in rows[:-1]:
        expected = -float(npf.ppmt(float(rate) / 12, row.number, term, float(principal)))
        assert abs(float(row.principal) - expected) <= 0.005 + 1e-9
    total_interest = -float(
        npf.ipmt(float(rate) / 12, range(1, term + 1), term, float(principal)).sum()
    )
    assert abs(float(sum(row.interest for row in rows)) - total_interest) <= 0.005 * term + 0.01


def test_zero_rate_loan_repays_evenly():
    rows = loan_schedule(
        principal=Decimal("1000.00"),
        annual_rate=Decimal("0"),
        term_months=3,
        start=date(2024, 1, 1),
    )
    assert [row.principal for row in rows] == [
        Decimal("333.33"),
        Decimal("333.33"),
        Decimal("333.34"),
    ]
    assert all(row.interest == 0 for row in rows)


def test_bad_terms_are_refused():
    with pytest.raises(ValueError, match=LOAN_TERMS_INVALID):
        loan_schedule(
            principal=Decimal("0"),
            annual_rate=Decimal("0.05"),
            term_months=12,
            start=date(2024, 1, 1),
        )


def test_add_months_clamps_to_month_end():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
