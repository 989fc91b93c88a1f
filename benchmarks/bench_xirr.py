"""Time ``xirr_many`` on 100, 1,000 and 10,000 synthetic investments of ~40 cash flows each.

Run from the repository root: ``python benchmarks/bench_xirr.py``. The target is 10,000 series
in at most 0.1 s with dates and amounts handed over as NumPy arrays (how ``xirr_frame`` and
any DataFrame-based caller pass them). A second line per size times the same series as Python
``date`` objects and ``Decimal`` amounts, which costs mostly the Decimal-to-float conversion;
a third, the same flows as one long DataFrame through ``xirr_frame``.

The synthetic book is seeded, so figures are comparable run to run: each investment has 1-4
tranches paid in over its first two years, quarterly income, an occasional follow-on after
income started (two sign changes, taking the exact per-series path), and a final fair value;
about one in 5,000 is written off with nothing back (no rate).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd  # type: ignore[import-untyped, unused-ignore]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reporting.calc.xirr import Series
from reporting.calc.xirr_batch import xirr_frame, xirr_many

FLOWS = 40
SIZES = (100, 1_000, 10_000)


def synthetic_book(n_series: int, seed: int = 20240601) -> list[Series]:
    """``n_series`` (datetime64 dates, float amounts) pairs of ~40 flows, unsorted dates."""
    rng = np.random.default_rng(seed)
    book: list[Series] = []
    for _ in range(n_series):
        start = np.datetime64("2012-01-01") + int(rng.integers(0, 6 * 365))
        tranches = int(rng.integers(1, 5))
        n_flows = FLOWS + int(rng.integers(-3, 4))
        offsets = np.empty(n_flows, dtype=np.int64)
        offsets[:tranches] = np.sort(rng.integers(0, 730, tranches))
        income = n_flows - tranches - 1
        offsets[tranches:-1] = 730 + 91 * np.arange(income) + rng.integers(0, 30, income)
        offsets[-1] = offsets[-2] + 91
        amounts = np.empty(n_flows)
        amounts[:tranches] = -rng.uniform(50_000, 500_000, tranches).round(2)
        paid_in = -amounts[:tranches].sum()
        amounts[tranches:-1] = (paid_in * rng.uniform(0.0, 0.03, income)).round(2)
        amounts[-1] = round(paid_in * rng.lognormal(0.0, 0.8), 2)
        if rng.random() < 0.05:  # a follow-on after income started: two sign changes
            amounts[tranches + income // 2] = -paid_in * 0.5
        if rng.random() < 0.0002:  # written off: paid in, nothing back
            amounts[tranches:] = 0.0
            amounts[-1] = -1_000.0
        order = rng.permutation(n_flows)  # flows arrive in no particular order
        book.append((start + offsets[order], amounts[order]))
    return book


def as_python_objects(book: list[Series]) -> list[Series]:
    """The same book as lists of ``date`` and ``Decimal``, as the ORM would hand it over."""
    return [
        (
            [date.fromisoformat(str(d)) for d in dates],
            [Decimal(f"{float(x):.2f}") for x in amounts],
        )
        for dates, amounts in book
    ]


def best_of(
    runs: int, work: Callable[[], list[float | None]]
) -> tuple[float, float, list[float | None]]:
    """Best wall-clock and best CPU seconds over ``runs`` calls, and the last result.

    CPU time is printed too because on a shared machine the wall clock also measures whoever
    else is busy; the solver runs on one core.
    """
    best_wall = best_cpu = float("inf")
    result: list[float | None] = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, result


def report(label: str, n_series: int, timing: tuple[float, float, list[float | None]]) -> None:
    wall, cpu, rates = timing
    no_rate = sum(rate is None for rate in rates)
    print(
        f"{label:<28} n={n_series:<6} {wall:.3f} s  "
        f"(converged {n_series - no_rate:,}, no rate {no_rate:,})  cpu {cpu:.3f} s"
    )


def as_frame(book: list[Series]) -> pd.DataFrame:
    """The same book as one long frame of (series_id, date, amount) rows."""
    return pd.DataFrame(
        {
            "series_id": np.repeat(np.arange(len(book)), [len(dates) for dates, _ in book]),
            "date": np.concatenate([dates for dates, _ in book]),
            "amount": np.concatenate([amounts for _, amounts in book]),
        }
    )


def frame_rates(frame: pd.DataFrame) -> list[float | None]:
    return [None if np.isnan(rate) else rate for rate in xirr_frame(frame).tolist()]


def main() -> None:
    for n_series in SIZES:
        book = synthetic_book(n_series)
        report("xirr_many", n_series, best_of(3, partial(xirr_many, book)))
        objects = as_python_objects(book)
        report("xirr_many (date, Decimal)", n_series, best_of(3, partial(xirr_many, objects)))
        frame = as_frame(book)
        report("xirr_frame", n_series, best_of(3, partial(frame_rates, frame)))


if __name__ == "__main__":
    main()
