"""XIRR for many series at once (one per investment, per quarter-end, ...).

Same answers as :func:`reporting.calc.xirr.xirr`, series by series: both run the same
vectorised solver, which handles a thousand series in about the time of a few single calls.

Speed: 10,000 series of ~40 flows take a few hundredths of a second when dates and amounts
come as NumPy arrays (``datetime64`` and ``float64``). Python ``date`` and ``Decimal`` objects
are accepted too, but converting 400,000 Decimals to float alone takes ~0.1 s; for big batches
hand over arrays, e.g. a DataFrame through :func:`xirr_frame`.

``xirr_frame`` works on the frame it is given through its own methods; this package does not
import pandas.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._flows import Series, checked_guess, checked_values, day_numbers, flatten, float_amounts
from ._solver import solve_flat

__all__ = ["xirr_frame", "xirr_many", "xirr_rates"]


def xirr_rates(series: Iterable[Series], guess: float | None = None) -> NDArray[np.float64]:
    """Rates as a float array aligned with ``series``, NaN where a series has no rate."""
    return solve_flat(*flatten(series), checked_guess(guess))


def xirr_many(series: Iterable[Series], guess: float | None = None) -> list[float | None]:
    """XIRR of each ``(dates, amounts)`` pair, in input order, ``None`` where there is no rate.

    Each pair is what :func:`xirr` takes: sequences of ``date`` and of Decimal/int/float, or
    NumPy ``datetime64`` and numeric arrays (much faster for big batches). A pair whose dates and
    amounts differ in length raises ``ValueError`` naming its position.
    """
    return [None if math.isnan(rate) else rate for rate in xirr_rates(series, guess).tolist()]


def xirr_frame(
    frame: Any,
    by: Hashable = "series_id",
    date: Hashable = "date",
    amount: Hashable = "amount",
    guess: float | None = None,
) -> Any:
    """XIRR per group of a long DataFrame of ``(by, date, amount)`` rows.

    Returns a float ``pandas.Series`` named ``"xirr"``, indexed by the distinct ``by`` values
    (sorted, as ``groupby`` would), NaN where a group has no rate. Rows may come in any order.
    Dates may be ``datetime64`` values or ``date`` objects; amounts floats or Decimals (object
    columns convert slower). Raises ``ValueError`` on missing keys, dates or amounts.
    """
    for column in (by, date, amount):
        if frame[column].isna().any():
            raise ValueError(f"column {column!r} has missing values")
    keys = frame[by]
    groups = keys.groupby(keys, sort=True).size()  # the index every result is aligned with
    codes = np.searchsorted(groups.index.to_numpy(), keys.to_numpy())
    order = np.argsort(codes, kind="stable")
    dates = frame[date].to_numpy()
    days = day_numbers(dates if dates.dtype.kind == "M" else list(dates))[order]
    values = checked_values(float_amounts(frame[amount].to_numpy())[order])
    counts = groups.to_numpy().astype(np.int64)
    result = groups.astype("float64").rename("xirr")
    result[:] = solve_flat(counts, days, values, checked_guess(guess))
    return result
