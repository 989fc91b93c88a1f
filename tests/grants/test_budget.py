from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from fundops.api.errors import Conflict
from grants.budget import call_budget_figures
from grants.models import Application
from grants.services import decisions
from tests.grants.factories import CallFactory

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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_over_commit_the_budget(walk, monkeypatch):
    """24 approvals of £5,000 race for a £52,000 budget: exactly 10 fit.

    To see it fail, remove the ``Call.objects.select_for_update()`` line in
    grants/services/decisions.py: the budget checks then run side by side on the same
    snapshot and more than 10 are approved (sum above the budget). The budget read is slowed
    a little so that the race window is wide on every run, not only on a busy machine."""
    import time

    from grants import budget

    def slow_figures(*, call):  # type: ignore[no-untyped-def]
        figures = budget.call_budget_figures(call=call)
        time.sleep(0.05)
        return figures

    monkeypatch.setattr(decisions, "call_budget_figures", slow_figures)
    call = CallFactory(budget=Decimal("52000.00"))
    applications = [walk.at_panel(call=call) for _ in range(24)]
    barrier = threading.Barrier(len(applications))
    outcomes: list[str] = []

    def approve(app: Application) -> None:
        try:
            barrier.wait()
            decisions.application_approve(application=app, by=walk.ic)
            outcomes.append("approved")
        except Conflict:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(app,)) for app in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    approved = Application.objects.filter(call=call, status=S.APPROVED)
    total = sum(a.amount_awarded for a in approved)
    assert total <= call.budget
    assert approved.count() == 10 == outcomes.count("approved")
    assert outcomes.count("refused") == 14
    assert call_budget_figures(call=call).remaining == Decimal("2000.00")
