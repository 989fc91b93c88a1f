"""Loan schedules agree with numpy-financial (PMT/IPMT) to the penny and add up exactly."""

from datetime import date
from decimal import Decimal

import numpy as np
import numpy_financial as npf
import pytest

from reporting.calc import loan_schedule, to_pennies

CASES = [
    (Decimal("10000.00"), Decimal("0.06"), 12),
    (Decimal("250000.00"), Decimal("0.0725"), 360),
    (Decimal("33333.33"), Decimal("0.049"), 37),
    (Decimal("1000.00"), Decimal("0"), 7),
]


def test_worked_example() -> None:
    # 10,000 at 6 % over 12 months: PMT = 860.66; month 1 interest = 10,000 x 0.5 % = 50.00.
    rows = loan_schedule(Decimal("10000.00"), Decimal("0.06"), 12, date(2024, 1, 15))
    first = rows[0]
    assert (first.payment, first.interest, first.principal) == (
        Decimal("860.66"),
        Decimal("50.00"),
        Decimal("810.66"),
    )
    assert first.balance == Decimal("9189.34")
    assert first.date == date(2024, 2, 15)


@pytest.mark.parametrize(("principal", "rate", "months"), CASES)
def test_payment_is_pmt_to_the_penny(principal: Decimal, rate: Decimal, months: int) -> None:
    rows = loan_schedule(principal, rate, months, date(2024, 1, 31))
    with np.errstate(divide="ignore", invalid="ignore"):  # npf's unused 0 % branch
        expected = to_pennies(-float(npf.pmt(float(rate) / 12, months, float(principal))))
    assert all(row.payment == expected for row in rows[:-1])


@pytest.mark.parametrize(("principal", "rate", "months"), CASES)
def test_interest_parts_are_ipmt_to_the_penny(
    principal: Decimal, rate: Decimal, months: int
) -> None:
    rows = loan_schedule(principal, rate, months, date(2024, 1, 31))
    for row in rows:
        with np.errstate(divide="ignore", invalid="ignore"):  # npf's unused 0 % branch
            ipmt = -float(npf.ipmt(float(rate) / 12, row.period, months, float(principal)))
        assert row.interest == to_pennies(ipmt)


@pytest.mark.parametrize(("principal", "rate", "months"), CASES)
def test_principal_parts_sum_to_the_loan_and_end_at_zero(
    principal: Decimal, rate: Decimal, months: int
) -> None:
    rows = loan_schedule(principal, rate, months, date(2024, 1, 31))
    assert len(rows) == months
    assert sum(row.principal for row in rows) == principal
    assert rows[-1].balance == Decimal("0.00")
    for row in rows:
        assert row.payment == row.interest + row.principal  # every row adds up
        assert row.payment == row.payment.quantize(Decimal("0.01"))


def test_the_last_payment_only_absorbs_pennies() -> None:
    rows = loan_schedule(Decimal("250000.00"), Decimal("0.0725"), 360, date(2024, 1, 31))
    assert abs(rows[-1].payment - rows[0].payment) < Decimal("5.00")


def test_payment_dates_keep_the_day_of_month_where_it_exists() -> None:
    rows = loan_schedule(Decimal("1200.00"), Decimal("0.05"), 4, date(2024, 1, 31))
    assert [row.date for row in rows] == [
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]


@pytest.mark.parametrize(
    ("principal", "rate", "months"),
    [
        (Decimal("0"), Decimal("0.05"), 12),
        (Decimal("100.001"), Decimal("0.05"), 12),
        (Decimal("100"), Decimal("-0.01"), 12),
        (Decimal("100"), Decimal("0.05"), 0),
    ],
)
def test_bad_terms_are_refused(principal: Decimal, rate: Decimal, months: int) -> None:
    with pytest.raises(ValueError):
        loan_schedule(principal, rate, months, date(2024, 1, 1))
