"""Rate solver shared by ``xirr``, ``xirr_roots`` and ``xirr_many`` (private: use those).

Every series, one or ten thousand, goes through the same steps, so the public functions cannot
disagree:

1. flows are laid out in a padded 2-D array (series x flows), sorted by date, flows on the same
   day netted, and days whose net is zero dropped;
2. all roots of every series are found exactly and at once (``_roots``): a safeguarded,
   vectorised Newton iteration inside brackets that are proven to hold one root each;
3. each series gets its root nearest the guess (Excel's 10 % unless given) -- which matters
   only when the flows change sign more than once and several rates solve them.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from ._roots import LOG_RATE_BOUND, all_log_roots

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

DAYS_PER_YEAR = 365.0  # Excel's XIRR divides by 365 whatever the leap years
DEFAULT_GUESS = 0.1  # Excel's default guess
_CANCEL_TOL = 1e-12  # a same-day net this small relative to its gross is float dust, i.e. zero
_BLOCK = 2048  # series solved together: big enough to amortise Python, small enough for cache
_DAY_PAD = np.iinfo(np.int64).max  # padding sorts after every real day


def pad_groups(
    counts: IntArray, days: IntArray, amounts: FloatArray
) -> tuple[IntArray, FloatArray]:
    """Flat flows, grouped series by series (``counts[i]`` flows each), -> padded 2-D arrays."""
    n_series = len(counts)
    width = max(int(counts.max()) if n_series else 0, 1)
    day_grid = np.full((n_series, width), _DAY_PAD, dtype=np.int64)
    amount_grid = np.zeros((n_series, width))
    rows = np.repeat(np.arange(n_series), counts)
    starts = np.cumsum(counts) - counts
    cols = np.arange(len(days)) - np.repeat(starts, counts)
    day_grid[rows, cols] = days
    amount_grid[rows, cols] = amounts
    return day_grid, amount_grid


def net_by_day(day_grid: IntArray, amount_grid: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Sort each series by date, net same-day flows, drop zero days; -> (years, amounts).

    Rows come back with their non-zero flows first, in date order, ``years`` counted from the
    first of them, then zero padding at year 0. Netting first means "-100 and +100 on one day"
    is no flow at all rather than a sign change.
    """
    if day_grid.shape[0] == 0:
        return np.zeros((0, 1)), np.zeros((0, 1))
    if (day_grid[:, 1:] < day_grid[:, :-1]).any():  # padding is largest: sorted rows pass
        order = _row_order(day_grid)
        day_grid = np.take_along_axis(day_grid, order, axis=1)
        amount_grid = np.take_along_axis(amount_grid, order, axis=1)
    real = day_grid != _DAY_PAD
    same_day = (day_grid[:, 1:] == day_grid[:, :-1]) & real[:, 1:]
    untidy = np.flatnonzero(same_day.any(axis=1) | ((amount_grid == 0) & real).any(axis=1))
    if untidy.size:  # only the few rows with same-day or zero flows take the slower path
        day_grid, amount_grid = day_grid.copy(), amount_grid.copy()
        days, amounts = _net_and_compact(day_grid[untidy], amount_grid[untidy])
        day_grid[untidy] = _DAY_PAD
        amount_grid[untidy] = 0.0
        day_grid[untidy, : days.shape[1]] = days
        amount_grid[untidy, : days.shape[1]] = amounts
    # Padding takes the row's first day, so its elapsed time is 0 and never overflows.
    first = day_grid[:, :1]
    elapsed = np.where(amount_grid != 0, day_grid, first) - first
    return elapsed / DAYS_PER_YEAR, amount_grid


def _row_order(day_grid: IntArray) -> IntArray:
    """Stable per-row sort order by day.

    Sorting ``day << bits | column`` keys is three times faster than ``argsort`` and stable by
    construction; days span well under 2**40, so the keys cannot overflow.
    """
    width = day_grid.shape[1]
    bits = max(width - 1, 1).bit_length()
    padded = day_grid == _DAY_PAD
    base = day_grid[~padded].min(initial=0)
    offsets = np.where(padded, np.int64(1) << (62 - bits), day_grid - base)
    keys = (offsets << bits) | np.arange(width)
    keys.sort(axis=1)
    order: IntArray = keys & ((1 << bits) - 1)
    return order


def _net_and_compact(day_grid: IntArray, amount_grid: FloatArray) -> tuple[IntArray, FloatArray]:
    """Sum same-day runs of date-sorted rows and move the non-zero sums to the front."""
    n_series, width = day_grid.shape
    days, amounts = day_grid.ravel(), amount_grid.ravel()
    new_day = np.ones(n_series * width, dtype=bool)
    new_day[1:] = days[1:] != days[:-1]
    new_day[::width] = True  # every row starts a run, so runs never straddle rows
    starts = np.flatnonzero(new_day)
    net = np.add.reduceat(amounts, starts)
    gross = np.add.reduceat(np.abs(amounts), starts)
    keep = np.abs(net) > _CANCEL_TOL * gross  # also drops padding, whose amounts are 0
    starts, net = starts[keep], net[keep]
    rows = starts // width
    per_row = np.bincount(rows, minlength=n_series)
    cols = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    out_width = max(int(per_row.max(initial=0)), 1)
    out_days = np.zeros((n_series, out_width), dtype=np.int64)
    out_amounts = np.zeros((n_series, out_width))
    out_days[rows, cols] = days[starts]
    out_amounts[rows, cols] = net
    return out_days, out_amounts


def first_guesses(years: FloatArray, amounts: FloatArray) -> FloatArray:
    """A per-series starting point for Newton, ``ln(1 + r)``: exact for two flows.

    Money in grows to money out over the gap between their weighted mean dates. It only speeds
    convergence; which root is reported never depends on it.
    """
    received = np.maximum(amounts, 0.0)
    paid = np.maximum(-amounts, 0.0)
    with np.errstate(all="ignore"):
        total_in, total_out = paid.sum(axis=1), received.sum(axis=1)
        gap = (years * received).sum(axis=1) / total_out - (years * paid).sum(axis=1) / total_in
        estimate = np.log(total_out / total_in) / gap
    estimate[~np.isfinite(estimate)] = math.log1p(DEFAULT_GUESS)
    clipped: FloatArray = np.clip(estimate, -LOG_RATE_BOUND / 2, LOG_RATE_BOUND / 2)
    return clipped


def log_roots_flat(counts: IntArray, days: IntArray, amounts: FloatArray) -> FloatArray:
    """All roots ``y = ln(1 + r)`` of every series, ascending, NaN-padded (series x roots).

    ``days``/``amounts`` are flat, series after series, ``counts[i]`` flows for series ``i``.
    """
    # Blocks of series keep every temporary small and in cache: one block of 10,000 x 40 flows
    # allocates fresh multi-megabyte arrays at each step and runs about twice as slow.
    ends = np.concatenate([[0], np.cumsum(counts)])
    blocks: list[FloatArray] = []
    for first in range(0, len(counts), _BLOCK):
        last = min(first + _BLOCK, len(counts))
        flows = slice(ends[first], ends[last])
        years, netted = net_by_day(*pad_groups(counts[first:last], days[flows], amounts[flows]))
        blocks.append(all_log_roots(years, netted, first_guesses(years, netted)))
    width = max((block.shape[1] for block in blocks), default=0)
    roots = np.full((len(counts), width), np.nan)
    for first, block in zip(range(0, len(counts), _BLOCK), blocks, strict=True):
        roots[first : first + len(block), : block.shape[1]] = block
    return roots


def solve_flat(
    counts: IntArray, days: IntArray, amounts: FloatArray, guess: float | None
) -> FloatArray:
    """The rate of every series (flat layout as in ``log_roots_flat``), NaN where none.

    Where several rates solve a series, the one nearest the guess (Excel's 10 % by default).
    """
    target = DEFAULT_GUESS if guess is None else guess
    rates = np.expm1(log_roots_flat(counts, days, amounts))
    chosen = np.full(len(counts), np.nan)
    if rates.shape[1] == 0:
        return chosen
    distance = np.abs(rates - target)
    distance[np.isnan(distance)] = np.inf
    pick = np.argmin(distance, axis=1)
    chosen[:] = rates[np.arange(len(pick)), pick]  # NaN where a series has no root at all
    return chosen
