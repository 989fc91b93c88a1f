from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from fundops.api.errors import Conflict
from grants.budget import call_budget_figures
from grants.models import Application
from grants.services import decisions
from tests.grants.factories import ApplicationFactory, CallFactory

S = Application.Status


@pytest.mark.django_db
def test_budget_figures_follow_the_award_through_payment(walk):
    call = CallFactory(budget=Decimal("20000.00"))
    app = walk.approved(call=call)
    figures = call_budget_figures(call=call)
    assert (figures.pending, figures.committed, figures.remaining) == (
        Decimal("5000.00"),
        Decimal("0.00"),
        Decimal("15000.00"),
    )
    app = Application.objects.get(call=call)
    from grants.services import offers

    offers.offer_send(application=app, by=walk.manager)
    offers.offer_accept(application=app, by=walk.applicant, confirm_mfa=True)
    figures = call_budget_figures(call=call)
    assert (figures.pending, figures.committed) == (Decimal("0.00"), Decimal("5000.00"))
    walk.paid_claim(app, amount=Decimal("4000.00"), final=True)
    figures = call_budget_figures(call=call)
    # Closed: commits only what was paid (£2,000 of £5,000), releasing £3,000.
    assert figures.paid == Decimal("2000.00")
    assert figures.committed == Decimal("2000.00")
    assert figures.remaining == Decimal("18000.00")


@pytest.mark.django_db
def test_approval_past_the_budget_is_refused_with_reason(walk):
    call = CallFactory(budget=Decimal("8000.00"))
    walk.approved(call=call)
    second = walk.at_panel(call=call)
    with pytest.raises(Conflict) as error:
        decisions.application_approve(application=second, by=walk.ic)
    assert "£3,000.00 remains" in error.value.reason
    second.refresh_from_db()
    assert second.status == S.PANEL


RACERS = 50  # each its own thread and database connection (PostgreSQL allows 100 by default)


def panel_applications(walk, call, count: int) -> list[Application]:  # type: ignore[no-untyped-def]
    """``count`` applications at panel for £5,000 each: one walked there through the real
    services, the rest made at panel directly (the race is about the budget, not the way in)."""
    first = walk.at_panel(call=call)
    return [first] + [
        ApplicationFactory(
            call=call,
            organisation=walk.applicant.test_organisation,
            created_by=walk.applicant,
            status=S.PANEL,
            submitted_at=first.submitted_at,
            weighted_score=first.weighted_score,
        )
        for _ in range(count - 1)
    ]


def race_approvals(walk, applications: list[Application]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Every application approved at the same moment, each from its own thread (and so its
    own connection). Returns how many were approved, refused, or failed otherwise."""
    barrier = threading.Barrier(len(applications))
    outcomes: list[str] = []
    errors: list[str] = []

    def approve(app: Application) -> None:
        try:
            barrier.wait()
            decisions.application_approve(application=app, by=walk.ic)
            outcomes.append("approved")
        except Conflict:
            outcomes.append("refused")
        except Exception as exc:  # e.g. "database is locked": counted, never hidden
            outcomes.append("error")
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(app,)) for app in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors[:3]
    return {kind: outcomes.count(kind) for kind in ("approved", "refused", "error")}


@pytest.fixture
def slow_budget_read(monkeypatch):  # type: ignore[no-untyped-def]
    """The budget read is slowed a little so that the race window is wide on every run, not
    only on a busy machine."""
    import time

    from grants import budget

    def slow_figures(*, call):  # type: ignore[no-untyped-def]
        figures = budget.call_budget_figures(call=call)
        time.sleep(0.05)
        return figures

    monkeypatch.setattr(decisions, "call_budget_figures", slow_figures)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_over_commit_the_budget(walk, slow_budget_read):
    """50 approvals of £5,000 race for a £152,000 budget: exactly 30 fit, 0 over-commitment.

    It fails when the lock is removed. Tried on 23 Nov 2026 with the
    ``Call.objects.select_for_update()`` line in grants/services/decisions.py taken out: the
    budget checks ran side by side on the same snapshot, all 50 were approved and the
    assertion failed on £250,000.00 committed against the £152,000.00 budget (£98,000
    over-committed). With the lock: 30 approved, 20 refused with the reason, £0 over."""
    call = CallFactory(budget=Decimal("152000.00"))
    applications = panel_applications(walk, call, RACERS)
    outcomes = race_approvals(walk, applications)

    approved = Application.objects.filter(call=call, status=S.APPROVED)
    total = sum(a.amount_awarded for a in approved)
    over = max(total - call.budget, Decimal("0"))
    print(f"\n{RACERS} concurrent approvals on PostgreSQL: {outcomes}, over-commitment £{over}")
    assert total <= call.budget
    assert approved.count() == 30 == outcomes["approved"]
    assert outcomes["refused"] == 20
    assert call_budget_figures(call=call).remaining == Decimal("2000.00")


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="SQLite only"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_on_sqlite_queue_without_database_is_locked(
    walk, slow_budget_read, tmp_path
):
    """The embedded default: the same race on a SQLite file with IMMEDIATE transactions.

    The pytest test database is in memory (shared cache), where SQLite locks tables and a
    waiting writer fails at once; so the test copies it into a file (the backup API, all
    tables and rows in milliseconds) and the racing threads open that file with the
    project's settings (IMMEDIATE, WAL, 30 s busy timeout), as the running site does. Each
    writer takes the write lock at BEGIN and the others queue on the busy timeout: 0
    "database is locked" errors, 0 over-commitment. Tried on 23 Nov 2026 with SQLite's
    default DEFERRED transactions instead: 49 of the 50 approvals failed with "database is
    locked" (a read lock cannot upgrade while others hold theirs)."""
    import sqlite3

    from django.db import connections

    call = CallFactory(budget=Decimal("152000.00"))
    applications = panel_applications(walk, call, RACERS)
    database = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    copy.close()

    in_memory = connections.settings["default"]
    # Threads open their own connections from these settings: point them at the file.
    connections.settings["default"] = {**in_memory, "NAME": str(database)}
    try:
        outcomes = race_approvals(walk, applications)
    finally:
        connections.settings["default"] = in_memory

    with sqlite3.connect(database) as result:
        count, total = result.execute(
            "SELECT count(*), coalesce(sum(amount_awarded), 0) FROM grants_application "
            "WHERE call_id = ? AND status = ?",
            [call.pk, S.APPROVED.value],
        ).fetchone()
    result.close()
    print(f"\n{RACERS} concurrent approvals on a SQLite file: {outcomes}, 0 'database is locked'")
    assert outcomes == {"approved": 30, "refused": 20, "error": 0}
    assert (count, Decimal(str(total))) == (30, Decimal("150000"))
