"""XIRR and XNPV with Excel's conventions, for cash flows on arbitrary dates.

Convention (Excel's XIRR/XNPV): ``sum(amount_i / (1 + r) ** ((date_i - earliest date) / 365))``
with days/365 whatever the leap years. Negative amounts are money paid in (invested), positive
amounts money received (distributions, proceeds, a final fair value). Flows may come in any
order and several may fall on one day (they are netted).

Why not ``numpy_financial.irr``: it solves ``sum(a_k / (1 + r) ** k)`` for k = 0, 1, 2, ...,
i.e. it assumes one flow per equal period. A fund's calls and distributions fall on arbitrary
days, so treating them as equally spaced misstates the rate (three flows in one month would be
read as three years). XIRR weights each flow by its actual day count, as Excel does.

How it is solved: in ``y = ln(1 + r)`` every real number is a rate above -100 %, and NPV is a
sum of exponentials, which has no more roots than the date-ordered, same-day-netted flows have
sign changes. All roots are isolated exactly (Rolle's theorem, one bracket per root) and each
bracket is solved by Newton's method safeguarded by bisection, vectorised over series; every
root is checked to zero the NPV before it is reported. See ``_roots``.

Outcomes:

* ``xirr`` returns the rate, or ``None`` when no rate exists: no flows, one flow, all flows of
  one sign, flows that cancel out, or roots only outside -100 % ... +inf (more precisely outside
  ``1 + r`` in [1e-15, 1e15]). It never raises for those.
* It raises ``ValueError`` for malformed input: dates and amounts of different lengths, a
  non-finite amount (NaN/inf), a guess at or below -100 %; ``TypeError`` for a dates array that
  is not ``datetime64``.
* Flows whose sign changes once (money in, then money back) have exactly one rate. When the
  sign changes more than once there may be several; ``xirr`` then returns the one nearest the
  guess (Excel's 10 % unless given): Excel's Newton iteration usually lands there too, but may
  not, and neither answer is "the" IRR. :func:`xirr_roots` lists them all and
  :func:`xirr_is_unique` tells a page whether to warn that "this IRR is not unique".
* Precision: the exact root to ~1e-15, where Excel stops within 1e-8 (its documented
  "0.000001 percent"); Microsoft's printed 0.373362535 is 1.5e-9 from the exact 0.3733625335188.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import numpy as np

from ._flows import Amount, AmountsLike, DatesLike, Series, checked_guess, flatten
from ._solver import log_roots_flat, solve_flat
from .money import RATIO_CONTEXT

__all__ = [
    "Amount",
    "AmountsLike",
    "DatesLike",
    "Series",
    "xirr",
    "xirr_is_unique",
    "xirr_roots",
    "xnpv",
]

_YEAR = Decimal(365)


def xirr(dates: DatesLike, amounts: AmountsLike, guess: float | None = None) -> float | None:
    """Annual rate ``r`` with XNPV(r) = 0, Excel's XIRR, or ``None`` when there is none.

    Microsoft's example: -10000 on 2008-01-01, 2750 on 2008-03-01, 4250 on 2008-10-30,
    3250 on 2009-02-15 and 2750 on 2009-04-01 give 0.373362535 (37.34 %). See the module
    docstring for ``None`` versus ``ValueError`` and for flows with several rates.
    """
    rate = float(solve_flat(*flatten([(dates, amounts)]), checked_guess(guess))[0])
    return None if math.isnan(rate) else rate


def xirr_roots(dates: DatesLike, amounts: AmountsLike) -> list[float]:
    """Every rate above -100 % that zeroes XNPV, ascending (empty when there is none).

    More than one only when the netted, date-ordered flows change sign more than once, e.g.
    -100, +230, -132 a year apart: both 10 % and 20 % solve it.
    """
    roots = log_roots_flat(*flatten([(dates, amounts)]))[0]
    return [math.expm1(y) for y in roots[~np.isnan(roots)].tolist()]


def xirr_is_unique(dates: DatesLike, amounts: AmountsLike) -> bool:
    """True when exactly one rate solves the flows, so an IRR can be shown without a caveat.

    False both when there is no rate and when there are several.
    """
    return len(xirr_roots(dates, amounts)) == 1


def xnpv(rate: float | Decimal, dates: Sequence[date], amounts: Sequence[Amount]) -> Decimal:
    """Net present value at ``rate`` discounted to the earliest date, Excel's XNPV convention.

    Excel discounts to the first date listed and refuses lists where another date is earlier,
    so discounting to the earliest date gives Excel's figure whenever Excel gives one. Computed
    in Decimal (28 significant digits) and left unrounded; use ``to_pennies`` to show it. Floats
    among the amounts are read through their shortest repr (0.1 is 0.1). Raises ``ValueError``
    for a rate at or below -100 % or dates and amounts of different lengths.
    """
    if len(dates) != len(amounts):
        raise ValueError(f"{len(dates)} dates but {len(amounts)} amounts; they must pair up")
    growth = RATIO_CONTEXT.add(Decimal(1), Decimal(rate))
    if growth <= 0:
        raise ValueError(f"rate {rate} must be above -1 (-100 %)")
    if not dates:
        return Decimal(0)
    first = min(d.toordinal() for d in dates)
    total = Decimal(0)
    for when, amount in zip(dates, amounts, strict=True):
        exponent = RATIO_CONTEXT.divide(Decimal(when.toordinal() - first), _YEAR)
        discount = RATIO_CONTEXT.power(growth, exponent)
        money = Decimal(repr(amount)) if isinstance(amount, float) else Decimal(amount)
        total = RATIO_CONTEXT.add(total, RATIO_CONTEXT.divide(money, discount))
    return total
