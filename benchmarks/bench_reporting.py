"""Reporting on synthetic portfolios of 100, 1,000 and 10,000 investments (~40 cash flows each).

Run from the repository root: ``python benchmarks/bench_reporting.py [SIZE ...]``. It uses the
configured database (``DATABASE_URL``; SQLite by default) through Django's test-database
machinery: a throw-away database is created (SQLite: a temporary file; PostgreSQL:
``test_<name>``), migrated, filled with ``bulk_create`` and dropped at the end, so the real data
is never touched.

Printed per size, never asserted:

* ``xirr_many``: one gross IRR per investment (its flows plus its fair value), from arrays;
* frames: wall time and number of SQL queries of ``reporting.selectors.fund_frames``;
* board pack: wall and CPU time of ``build_board_pack`` (loading included) to a temporary
  file (CPU time too because on a shared machine the wall clock also counts others' work), then
  the peak of Python memory allocations during a second build (``tracemalloc``, which slows
  the build, hence the separate run) and the process's peak resident set (``ru_maxrss``, the
  whole process's high-water mark so far, a ceiling rather than the pack's own use).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fundops.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SIZES = (100, 1_000, 10_000)
FLOWS = 40
AS_OF = date(2025, 12, 31)


def build_portfolio(size: int, seed: int = 20240601) -> int:
    """A fund of ``size`` equity holdings (one company and round each), ~40 ledger entries,
    4 valuations, one co-investor participation and one monitoring return per holding, and a
    grant call with ``size // 10`` applications. Returns the fund's id."""
    from fundops.models import Fund, Organisation, User
    from grants.models import Application, Call
    from portfolio.models import (
        CoInvestor,
        Investment,
        LedgerEntry,
        MonitoringReturn,
        Round,
        RoundParticipation,
        Valuation,
    )

    rng = np.random.default_rng(seed + size)
    user = User.objects.filter(email="bench@example.com").first() or User.objects.create_user(
        email="bench@example.com", password=None
    )
    fund = Fund.objects.create(name=f"Bench fund {size}", vintage=2015)
    angel, _ = CoInvestor.objects.get_or_create(name="Bench Angel", defaults={"kind": "angel"})
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench {size} company {n}",
            company_number=f"B{len(str(size))}{n:06d}",
            registered_postcode="B4 7ET",
            headcount=10,
            turnover=Decimal("500000"),
            balance_sheet_total=Decimal("300000"),
            sector="medtech",
            sub_sector="diagnostics",
            status="verified",
        )
        for n in range(size)
    )
    # Started 2010-2015, so ~40 quarters of income fall before the as-of date.
    starts = [date(2010, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 5 * 365, size)]
    costs = [Decimal(int(c)) for c in rng.integers(50_000, 500_000, size)]
    rounds = Round.objects.bulk_create(
        Round(organisation=o, name="Seed", date=s, total_size=c * 4)
        for o, s, c in zip(orgs, starts, costs, strict=True)
    )
    investments = Investment.objects.bulk_create(
        Investment(
            organisation=o,
            fund=fund,
            round=r,
            instrument="equity",
            amount=c,
            invested_on=s,
            shares=int(c),
            price_per_share=Decimal("1"),
            created_by=user,
        )
        for o, r, s, c in zip(orgs, rounds, starts, costs, strict=True)
    )
    RoundParticipation.objects.bulk_create(
        RoundParticipation(round=r, co_investor=angel, amount=c / 2, source="private")
        for r, c in zip(rounds, costs, strict=True)
    )
    entries, valuations = [], []
    for investment, start, cost in zip(investments, starts, costs, strict=True):
        entries.append(
            LedgerEntry(
                investment=investment, kind="investment", date=start, amount=-cost, created_by=user
            )
        )
        for q in range(1, FLOWS):
            income = (cost * Decimal(str(round(rng.uniform(0.0, 0.03), 4)))).quantize(
                Decimal("0.01")
            )
            if income > 0:
                entries.append(
                    LedgerEntry(
                        investment=investment,
                        kind="dividend",
                        date=start + timedelta(days=91 * q),
                        amount=income,
                        created_by=user,
                    )
                )
        for year in range(1, 5):
            valuations.append(
                Valuation(
                    investment=investment,
                    valued_on=start + timedelta(days=365 * year),
                    fair_value=(cost * Decimal(str(round(rng.lognormal(0, 0.5), 3)))).quantize(
                        Decimal("0.01")
                    ),
                    method="milestones",
                    approved_by=user,
                )
            )
    LedgerEntry.objects.bulk_create(entries, batch_size=5_000)
    Valuation.objects.bulk_create(valuations, batch_size=5_000)
    MonitoringReturn.objects.bulk_create(
        MonitoringReturn(
            organisation=o,
            period="annual",
            period_end=date(2024, 3, 31),
            due_on=date(2024, 4, 30),
            status="submitted",
            jobs_created=int(rng.integers(0, 5)),
            follow_on_private_without_fund=Decimal(int(rng.integers(0, 3)) * 50_000),
        )
        for o in orgs
    )
    from django.utils import timezone

    call = Call.objects.create(
        name=f"Bench call {size}",
        fund=fund,
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=300),
        budget=Decimal("10000000"),
        min_award=Decimal("1000"),
        max_award=Decimal("50000"),
        intervention_rate=Decimal("0.5"),
    )
    submitted = timezone.now() - timedelta(days=350)
    Application.objects.bulk_create(
        Application(
            call=call,
            organisation=o,
            created_by=user,
            title=f"Project {n}",
            barrier="prototype",
            status="in_delivery" if n % 2 else "rejected",
            amount_requested=Decimal("20000"),
            amount_awarded=Decimal("20000") if n % 2 else None,
            submitted_at=submitted,
            decided_at=submitted + timedelta(days=30 + n % 40),
            days_to_decision=30 + n % 40,
        )
        for n, o in enumerate(orgs[: max(size // 10, 1)])
    )
    return fund.pk


def investment_series(frames) -> list[tuple[np.ndarray, np.ndarray]]:  # type: ignore[no-untyped-def]
    """Per investment: (datetime64 dates, float amounts), its fair value as the last flow."""
    from reporting.schedule import days, pennies

    flows = frames.cash_flows
    ids = flows["investment_id"].to_numpy()
    order = np.argsort(ids, kind="stable")
    dates, amounts = days(flows["date"])[order], (pennies(flows["amount"]) / 100.0)[order]
    found, firsts, counts = np.unique(ids[order], return_index=True, return_counts=True)
    spans = {int(i): (int(a), int(a + n)) for i, a, n in zip(found, firsts, counts, strict=True)}
    fair = pennies(frames.investments["fair_value"]) / 100.0
    as_of = np.datetime64(frames.as_of, "D")
    series = []
    for investment_id, value in zip(frames.investments["investment_id"], fair, strict=True):
        a, b = spans.get(int(investment_id), (0, 0))
        series.append((np.append(dates[a:b], as_of), np.append(amounts[a:b], value)))
    return series


def measure(size: int) -> None:
    from reporting.calc.xirr_batch import xirr_many
    from reporting.exports.board_pack import build_board_pack
    from reporting.selectors import fund_frames

    started = time.perf_counter()
    fund_id = build_portfolio(size)
    print(f"-- {size:,} investments: data made in {time.perf_counter() - started:.1f} s")

    connection.queries_log.clear()  # a full log (9,000 entries) would hide the new queries
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        frames = fund_frames(fund_id=fund_id, as_of=AS_OF)
        load, load_cpu = time.perf_counter() - started, time.process_time() - cpu
    n_flows = len(frames.cash_flows)
    print(
        f"frames        {load:7.3f} s  cpu {load_cpu:.3f} s  {len(queries)} queries  "
        f"({n_flows:,} cash flows)"
    )

    series = investment_series(frames)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        rates = xirr_many(series)
        best = min(best, time.perf_counter() - started)
    solved = sum(r is not None for r in rates)
    print(f"xirr_many     {best:7.3f} s  ({solved:,} of {len(rates):,} with a rate; best of 3)")

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "pack.xlsx"
        started, cpu = time.perf_counter(), time.process_time()
        build_board_pack(fund_id=fund_id, as_of=AS_OF, output=target)
        build, build_cpu = time.perf_counter() - started, time.process_time() - cpu
        size_mb = target.stat().st_size / 1e6
        tracemalloc.start()
        build_board_pack(fund_id=fund_id, as_of=AS_OF, output=target)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"board pack    {build:7.3f} s  cpu {build_cpu:.3f} s  ({size_mb:.1f} MB file; "
        f"{build_cpu / size * 1000:.2f} ms cpu per investment)  "
        f"peak Python allocations {peak / 1e6:.0f} MB (tracemalloc), "
        f"process peak RSS so far {maxrss_mb:.0f} MB (ru_maxrss)"
    )


def main(sizes: tuple[int, ...]) -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    temporary = None
    if database["ENGINE"].endswith("sqlite3"):
        temporary = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(temporary)
    print(f"database: {database['ENGINE'].rsplit('.', 1)[-1]} (throw-away copy)")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for size in sizes:
            measure(size)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
            temporary.parent.rmdir()


if __name__ == "__main__":
    chosen = tuple(int(a) for a in sys.argv[1:] if a.isdigit()) or SIZES
    main(chosen)
