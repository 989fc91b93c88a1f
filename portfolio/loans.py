"""Loan repayment schedules: level monthly payments from numpy-financial, to the penny.

numpy-financial works in floats, so each row's interest is rounded to the penny and the
principal part is the rounded payment less that interest; the last row takes whatever
principal is left, so the principal parts sum exactly to the loan. Worked example:
£10,000 at 6 % over 12 months → payment £860.66; row 1 interest £50.00, principal £810.66.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import numpy_financial as npf

from fundops.money import to_pennies

LOAN_TERMS_INVALID = (
    "A loan needs a positive principal, a rate of 0 or more and a term of at least one month."
)


@dataclass(frozen=True)
class LoanRow:
    number: int
    due_on: date
    payment: Decimal
    interest: Decimal
    principal: Decimal
    balance: Decimal


def add_months(start: date, months: int) -> date:
    """Same day of the month, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def loan_schedule(
    *, principal: Decimal, annual_rate: Decimal, term_months: int, start: date
) -> list[LoanRow]:
    """Monthly rows, the first due one month after ``start`` (the drawdown date).

    Each row's payment is its interest plus principal part (so every row is to the penny);
    all rows but the last equal ``npf.pmt`` rounded, give or take a penny of rounding."""
    if principal <= 0 or annual_rate < 0 or term_months < 1:
        raise ValueError(LOAN_TERMS_INVALID)
    monthly = float(annual_rate) / 12
    pv = float(principal)
    # numpy-financial evaluates both branches of its rate == 0 formula: silence the 0/0.
    with np.errstate(divide="ignore", invalid="ignore"):
        rows = _rows(principal, monthly, pv, term_months, start)
    return rows


def _rows(
    principal: Decimal, monthly: float, pv: float, term_months: int, start: date
) -> list[LoanRow]:
    rows: list[LoanRow] = []
    balance = principal
    for number in range(1, term_months + 1):
        interest = to_pennies(Decimal(str(-float(npf.ipmt(monthly, number, term_months, pv)))))
        if number == term_months:
            part = balance
        else:
            part = to_pennies(Decimal(str(-float(npf.ppmt(monthly, number, term_months, pv)))))
            part = min(part, balance)
        balance -= part
        rows.append(
            LoanRow(
                number=number,
                due_on=add_months(start, number),
                payment=interest + part,
                interest=interest,
                principal=part,
                balance=balance,
            )
        )
    return rows
