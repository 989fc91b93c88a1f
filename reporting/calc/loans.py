"""Amortising loan schedules to the penny, from numpy-financial's ``pmt``/``ipmt``.

Level monthly payments, the first one month after the start (drawdown) date. Every row's
payment is ``numpy_financial.pmt`` rounded to the penny and its interest ``ipmt`` rounded to the
penny (as a spreadsheet built with PMT/IPMT shows them), and its principal part is the
difference, so each row adds up exactly. Rounding leaves a few pennies over the term; the last
row absorbs them: its principal part is whatever balance is left, so the principal parts sum
exactly to the loan and the final balance is 0.00.

Worked example (checked against PMT/IPMT in a spreadsheet): 10,000.00 at 6 % a year over 12
months pays 860.66 a month; month 1 is 50.00 interest and 810.66 principal, leaving 9,189.34.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import numpy_financial as npf  # type: ignore[import-untyped, unused-ignore]

from .money import to_pennies
from .periods import add_months

__all__ = ["LoanRow", "loan_schedule"]


@dataclass(frozen=True, slots=True)
class LoanRow:
    period: int  # 1 for the first payment
    date: date
    payment: Decimal
    interest: Decimal
    principal: Decimal
    balance: Decimal  # outstanding after this payment


def loan_schedule(
    principal: Decimal, annual_rate: Decimal, term_months: int, start: date
) -> list[LoanRow]:
    """Monthly rows of an amortising loan; ``annual_rate`` is nominal, e.g. ``Decimal("0.06")``,
    charged monthly at a twelfth. Raises ``ValueError`` unless the principal is positive and a
    whole number of pennies, the rate 0 or more and the term at least one month."""
    if principal <= 0 or principal != to_pennies(principal):
        raise ValueError(f"principal {principal} must be positive and to the penny")
    if annual_rate < 0 or term_months < 1:
        raise ValueError("the rate must be 0 or more and the term at least one month")
    monthly = float(annual_rate) / 12  # floats only inside numpy-financial, rounded at once
    periods = np.arange(1, term_months + 1)
    # numpy-financial computes its rate-0 branch and the general one side by side and picks
    # one, so a 0 % loan would warn of a 0/0 it never uses.
    with np.errstate(divide="ignore", invalid="ignore"):
        payment = to_pennies(-float(npf.pmt(monthly, term_months, float(principal))))
        interests = -np.asarray(npf.ipmt(monthly, periods, term_months, float(principal)))
    rows: list[LoanRow] = []
    balance = principal
    for period, interest_float in zip(periods.tolist(), interests.tolist(), strict=True):
        interest = to_pennies(interest_float)
        if period < term_months:
            part = payment - interest
            row_payment = payment
        else:
            part = balance  # the last row takes the pennies rounding left over
            row_payment = part + interest
        balance -= part
        rows.append(
            LoanRow(period, add_months(start, period), row_payment, interest, part, balance)
        )
    return rows
