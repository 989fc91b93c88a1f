"""Every root of many series' NPV at once, found exactly (private: see ``xirr``/``xirr_roots``).

Works in ``y = ln(1 + r)``: every real ``y`` is a rate above -100 %, and NPV becomes
``F(y) = sum(c_i * exp(-t_i * y))`` over the netted, date-ordered flows ``c_i`` at ``t_i``
years. Such a sum has no more real roots than sign changes in ``c`` (Descartes' rule, which
Laguerre extended to real exponents): no sign change means no rate, one means exactly one.

Rolle isolation, rather than a grid scan that could step over two close roots: take ``tau``
between the first two flows of opposite sign. ``H(y) = exp(tau * y) * F(y)`` has the roots of
``F``, and ``H'`` is again such a sum with one sign change fewer; its roots (the same method,
one level down) cut the line into pieces on which ``H`` is monotone, so each piece holds at most
one root, bracketed by a sign change. Brackets are solved by Newton safeguarded with bisection
(Numerical Recipes' rtsafe), which cannot fail to converge. A root of ``H'`` where ``H`` only
touches zero is a double root. A series is as many levels deep as it has sign changes, so a
plain investment (one sign change) costs one bracketed Newton solve.

Everything is vectorised across series: level by level, bracket by bracket.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Rates with 1 + r outside [1e-15, 1e15] count as "no rate": beyond that a float cannot tell
# the rate from -100 % and no reader could use the figure.
LOG_RATE_BOUND = 34.5
_TOUCH_TOL = 1e-10  # |H| relative to its scale at a critical point: touching zero
_MERGE_GAP = 1e-6  # two crossings closer than this, with H ~ 0 between, are one double root
_STEP_TOL = 1e-15
_NEWTON_TOL = 1e-12
_RESIDUAL_TOL = 1e-9  # |NPV| relative to the sum of |discounted flows| at a reported root
_MAX_ITER = 200


class _Level:
    """``H = sum(coefs * exp(rates * y))`` and ``H' = sum(slopes * exp(rates * y))`` for rows."""

    def __init__(
        self, rows: IntArray, coefs: FloatArray, rates: FloatArray, last: IntArray
    ) -> None:
        self.rows = rows  # row numbers in the caller's grid
        self.coefs = coefs
        self.rates = rates  # descending along each row; zero padding repeats the first rate
        self.slopes = coefs * rates
        self.last = last  # column of each row's last non-zero flow (zeros trail)
        self.rate_last = rates[np.arange(len(rows)), last]

    @classmethod
    def build(cls, rows: IntArray, coefs: FloatArray, times: FloatArray, last: IntArray) -> _Level:
        """The level for NPV rows ``sum(coefs * exp(-times * y))``, ``last`` the column of each
        row's last non-zero flow; ``tau`` sits between the first two flows of opposite sign."""
        opposite = np.argmax(np.sign(coefs) == -np.sign(coefs[:, :1]), axis=1)
        picked = np.arange(len(rows))
        tau = 0.5 * (times[picked, opposite - 1] + times[picked, opposite])
        return cls(rows, coefs, tau[:, None] - times, last)

    def take(self, sub: IntArray) -> _Level:
        return _Level(self.rows[sub], self.coefs[sub], self.rates[sub], self.last[sub])

    def evaluate(self, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(H, H') at ``y``, divided by the largest ``exp(rates * y)`` of each row so nothing
        overflows: the factor changes neither signs nor Newton steps."""
        weights = self._weights(y)
        return (self.coefs * weights).sum(axis=1), (self.slopes * weights).sum(axis=1)

    def value_and_scale(self, y: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(H, sum of |terms|) at ``y``, scaled alike, to tell a zero from a small number."""
        weights = self._weights(y)
        return (self.coefs * weights).sum(axis=1), (np.abs(self.coefs) * weights).sum(axis=1)

    def _weights(self, y: FloatArray) -> FloatArray:
        at_first, at_last = self.rates[:, 0] * y, self.rate_last * y
        top = np.maximum(at_first, at_last)
        exponents = self.rates * y[:, None] - top[:, None]
        if y.size and (np.minimum(at_first, at_last) - top).min() < -700.0:
            # Terms below e**-700 do not count, and exp() of subnormals is slow.
            np.maximum(exponents, -700.0, out=exponents)
        return np.exp(exponents, out=exponents)


def all_log_roots(years: FloatArray, amounts: FloatArray, start: FloatArray) -> FloatArray:
    """Roots ``y`` of each row, ascending, NaN-padded: shape (rows, most roots found).

    Rows must hold non-zero amounts first, in ascending ``years``, then zero padding (as
    ``net_by_day`` leaves them). ``start`` is a per-row first guess for the Newton steps.
    """
    n_rows = amounts.shape[0]
    signs = np.sign(amounts)
    changes = (signs[:, 1:] * signs[:, :-1] < 0).sum(axis=1)
    last = np.maximum((amounts != 0).sum(axis=1) - 1, 0)  # zeros trail
    levels: list[_Level] = []
    rows = np.flatnonzero(changes >= 1)
    coefs, times = amounts[rows], years[rows]
    while rows.size:
        level = _Level.build(rows, coefs, times, last[rows])
        levels.append(level)
        deeper = changes[rows] >= len(levels) + 1
        rows = rows[deeper]
        # H' is the next level's NPV-like sum: coefficients ``slopes``, times ``-rates``.
        coefs, times = level.slopes[deeper], -level.rates[deeper]
    roots: FloatArray = np.full((n_rows, 0), np.nan)
    for level in reversed(levels):
        critical = np.full((len(level.rows), roots.shape[1]), np.nan)
        critical[:] = roots[level.rows]
        found = _level_roots(level, critical, start[level.rows])
        roots = np.full((n_rows, found.shape[1]), np.nan)
        roots[level.rows] = found
    if not levels:
        return roots
    return _verified(_merge_double_roots(roots, levels[0]), levels[0])


def _level_roots(level: _Level, critical: FloatArray, start: FloatArray) -> FloatArray:
    """Roots of each row of one level, given its critical points (the next level's roots):
    the line from -LOG_RATE_BOUND to +LOG_RATE_BOUND is cut at them, pieces whose ends differ
    in sign hold one crossing each, and a critical point where H is ~0 is a touching root."""
    n, n_crit = critical.shape
    n_points = np.sum(~np.isnan(critical), axis=1) + 2
    points = np.full((n, n_crit + 2), np.nan)
    points[:, 0] = -LOG_RATE_BOUND
    points[:, 1 : n_crit + 1] = critical  # ascending, NaN after the last
    points[np.arange(n), n_points - 1] = LOG_RATE_BOUND
    valid = ~np.isnan(points)
    values = np.full(points.shape, np.nan)
    scales = np.full(points.shape, np.nan)
    # At the two ends only the sign matters, and it is that of the term that dominates towards
    # -inf (the last flow) and +inf (the first): no need to evaluate there. Should a root lie
    # beyond an end, the bracket then converges onto that end, which the final residual check
    # (level 0) rejects, or which merely adds a harmless cut point (deeper levels).
    values[:, 0] = np.sign(level.coefs[np.arange(n), level.last])
    values[np.arange(n), n_points - 1] = np.sign(level.coefs[:, 0])
    for col in range(1, n_crit + 1):
        sub = np.flatnonzero(valid[:, col] & (col < n_points - 1))
        part = level if sub.size == n else level.take(sub)
        values[sub, col], scales[sub, col] = part.value_and_scale(points[sub, col])
    crossed = values[:, :-1] * values[:, 1:] < 0  # NaN compares False
    task_rows, task_cols = np.nonzero(crossed)
    solved = np.full((n, points.shape[1] - 1), np.nan)
    one_each = len(task_rows) == n and bool((task_rows == np.arange(n)).all())
    solved[task_rows, task_cols] = _solve_brackets(
        level if one_each else level.take(task_rows),
        points[task_rows, task_cols],
        points[task_rows, task_cols + 1],
        values[task_rows, task_cols],
        start[task_rows],
    )
    touching = np.zeros(points.shape, dtype=bool)
    touching[:, 1:-1] = (
        (np.abs(values[:, 1:-1]) <= _TOUCH_TOL * scales[:, 1:-1])
        & ~crossed[:, :-1]
        & ~crossed[:, 1:]
        & (np.arange(1, points.shape[1] - 1) < n_points[:, None] - 1)
    )
    candidates = np.concatenate([solved, np.where(touching, points, np.nan)], axis=1)
    candidates.sort(axis=1)  # NaN sorts last
    width = int(np.sum(~np.isnan(candidates), axis=1).max(initial=0))
    return candidates[:, :width]


def _solve_brackets(
    level: _Level, low: FloatArray, high: FloatArray, f_low: FloatArray, start: FloatArray
) -> FloatArray:
    """The root of monotone ``H`` in each bracket (one row of ``level`` per bracket, ends of
    opposite sign), rtsafe-style.

    Newton while it stays in the bracket and at least halves the step before last, bisection
    otherwise: Newton's speed near the root, bisection's guarantee far from it.
    """
    below = np.where(f_low < 0, low, high)  # H < 0 here...
    above = np.where(f_low < 0, high, low)  # ...and H > 0 here
    y = np.where((low < start) & (start < high), start, 0.5 * (low + high))
    result = y.copy()
    step = np.abs(high - low)
    older = step.copy()
    idx = np.arange(len(y))  # where each working row's answer goes
    alive = np.ones(len(y), dtype=bool)
    if not idx.size:
        return result
    value, slope = level.evaluate(y)
    for _ in range(_MAX_ITER):
        with np.errstate(all="ignore"):
            leaves = ((y - above) * slope - value) * ((y - below) * slope - value) > 0
            bisect = leaves | (np.abs(2 * value) > np.abs(older * slope)) | (slope == 0)
            newton_step = value / slope
        older = step
        step = np.where(bisect, 0.5 * (above - below), newton_step)
        y = np.where(alive, np.where(bisect, below + step, y - step), y)
        # A Newton step of 1e-12 leaves an error near its square; a bisection step only halves.
        tolerance = np.where(bisect, _STEP_TOL, _NEWTON_TOL) * np.maximum(1.0, np.abs(y))
        alive &= np.abs(step) > tolerance
        result[idx] = y
        count = np.count_nonzero(alive)
        if count == 0:
            break
        if count <= len(alive) // 2:
            # Drop settled rows only once they are half: copying the level's rows costs
            # about as much as evaluating them.
            keep = np.flatnonzero(alive)
            idx, y, step, older, alive = idx[keep], y[keep], step[keep], older[keep], alive[keep]
            below, above, level = below[keep], above[keep], level.take(keep)
        value, slope = level.evaluate(y)
        below = np.where(alive & (value < 0), y, below)
        above = np.where(alive & (value > 0), y, above)
        alive &= value != 0  # landed exactly on the root
    return result


def _verified(roots: FloatArray, level: _Level) -> FloatArray:
    """Keep only roots where NPV is zero to within float noise, relative to the discounted
    flows: the brackets already guarantee it, this makes sure no other number slips out."""
    dropped = False
    for col in range(roots.shape[1]):
        local = np.flatnonzero(~np.isnan(roots[level.rows, col]))
        rows = level.rows[local]
        part = level if local.size == len(level.rows) else level.take(local)
        value, scale = part.value_and_scale(roots[rows, col])
        wrong = ~(np.abs(value) <= _RESIDUAL_TOL * scale)
        roots[rows[wrong], col] = np.nan
        dropped = dropped or bool(wrong.any())
    if dropped:
        roots.sort(axis=1)  # NaN sorts last
    return roots


def _merge_double_roots(roots: FloatArray, level: _Level) -> FloatArray:
    """A double root (NPV touching zero) may show up, through float rounding, as two crossings
    a hair apart: report it once."""
    if roots.shape[1] < 2:
        return roots
    close = np.flatnonzero((np.diff(roots, axis=1) < _MERGE_GAP).any(axis=1))
    for row in close:
        kept: list[float] = []
        for root in roots[row][~np.isnan(roots[row])]:
            if kept and root - kept[-1] < _MERGE_GAP:
                middle = 0.5 * (root + kept[-1])
                one_row = level.take(np.flatnonzero(level.rows == row))
                value, scale = one_row.value_and_scale(np.array([middle]))
                if abs(value[0]) <= _TOUCH_TOL * scale[0]:
                    kept[-1] = middle
                    continue
            kept.append(float(root))
        roots[row] = np.nan
        roots[row, : len(kept)] = kept
    return roots
