"""A fast, exact path to the XIRR of one long series (a whole fund's pooled flows).

``xirr`` isolates every root, which costs time in proportion to the number of sign changes:
a fund's pooled flows change sign at every investment among the income, so tens of thousands
of flows take seconds. Most such series provably have at most one rate, and then bisection
finds it in milliseconds. ``pooled_xirr`` tries that proof and says when it cannot make it.

The proof (Laguerre's rule of signs for generalised polynomials; Pólya and Szegő, *Problems
and Theorems in Analysis II*, Part V, problem 77; Norstrom's IRR criterion is its special
case): in ``x = 1 / (1 + r)`` the NPV is ``f(x) = Σ a_i x^(t_i)`` with ``t_i`` the years from
the first day, increasing once same-day flows are netted. The number of its zeros with
``0 < x < 1`` (rates above 0) is at most the number of sign changes of the partial sums
``a_0, a_0 + a_1, …``; applied to ``u = 1/x``, the zeros with ``x > 1`` (rates between -100 %
and 0) are at most the sign changes of the sums from the end ``a_n, a_n + a_(n-1), …``; ``x = 1``
(rate 0) is a zero only when the flows sum to 0. When the two counts add up to at most one and
no sum is (nearly) zero, the series has at most one rate: it is the rate ``xirr`` returns, and
it is unique. Otherwise ``pooled_xirr`` returns ``known=False`` and the caller uses ``xirr``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ._flows import AmountsLike, DatesLike, day_numbers, float_amounts
from ._roots import LOG_RATE_BOUND
from ._solver import DAYS_PER_YEAR

__all__ = ["pooled_xirr"]

_CANCEL_TOL = 1e-12  # as the solver: a same-day net this small against its gross is zero
_ZERO_SUM_TOL = 1e-9  # a partial sum this small against the gross cannot be trusted for sign
_ITERATIONS = 200  # bisection in y = ln(1 + r): far more than float precision needs


def _sign_changes(sums: NDArray[np.float64]) -> int:
    signs = np.sign(sums)
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def _npv_sign(years: NDArray[np.float64], amounts: NDArray[np.float64], y: float) -> float:
    """Sign of Σ a_i e^(-y t_i), scaled so no term overflows."""
    exponents = -y * years
    return float(np.sign(np.sum(amounts * np.exp(exponents - exponents.max()))))


def pooled_xirr(dates: DatesLike, amounts: AmountsLike) -> tuple[bool, float | None]:
    """``(known, rate)``: when ``known``, ``rate`` is what ``xirr`` returns (``None`` when no
    rate exists) and no other rate solves the flows; when not, nothing is claimed."""
    days = day_numbers(dates)
    values = float_amounts(amounts)
    if len(days) != len(values):
        raise ValueError(f"{len(days)} dates but {len(values)} amounts; they must pair up")
    if not len(days):
        return True, None
    if not np.all(np.isfinite(values)):
        return False, None
    unique_days, where = np.unique(days, return_inverse=True)
    net = np.bincount(where, weights=values)
    gross = np.bincount(where, weights=np.abs(values))
    keep = np.abs(net) > _CANCEL_TOL * gross
    unique_days, net = unique_days[keep], net[keep]
    if len(net) < 2:
        return True, None
    scale = float(np.abs(net).sum())
    prefix, suffix = np.cumsum(net), np.cumsum(net[::-1])
    if min(np.abs(prefix).min(), np.abs(suffix).min()) <= _ZERO_SUM_TOL * scale:
        return False, None  # a (nearly) zero sum: its sign, and so the count, is unreliable
    if _sign_changes(prefix) + _sign_changes(suffix) > 1:
        return False, None
    years = (unique_days - unique_days[0]) / DAYS_PER_YEAR
    low, high = -LOG_RATE_BOUND, LOG_RATE_BOUND
    sign_low = _npv_sign(years, net, low)
    if sign_low == _npv_sign(years, net, high):
        return True, None  # at most one simple root, and none between the bounds
    for _ in range(_ITERATIONS):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if _npv_sign(years, net, middle) == sign_low:
            low = middle
        else:
            high = middle
    return True, math.expm1((low + high) / 2)
