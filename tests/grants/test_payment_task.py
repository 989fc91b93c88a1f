"""The payment task: thin, retried on transient database errors, safe to run twice."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import OperationalError

from fundops.api.errors import DomainError
from grants.models import Claim, Payment
from grants.services import payments
from grants.tasks import payment_release


@pytest.fixture
def worker_like_retries():  # type: ignore[no-untyped-def]
    """Eager tasks re-run on retry as a worker would (with eager propagation, the project's
    test default, Celery raises Retry to the caller instead)."""
    from fundops.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


@pytest.mark.django_db
def test_payment_task_retries_a_dropped_connection_and_pays_once(
    walk, monkeypatch, worker_like_retries
):
    app = walk.accepted()
    claim = walk.approved_claim(app)
    calls: list[str] = []

    def flaky_release(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["idempotency_key"])
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return payments.payment_release(**kwargs)

    monkeypatch.setattr("grants.tasks.payment_release_service", flaky_release)
    result = payment_release.apply(args=[claim.pk, walk.finance.pk, "retry-key"])
    assert calls == ["retry-key", "retry-key"]
    assert Payment.objects.get(idempotency_key="retry-key").pk == result.result
    # Run again (a redelivery): the key returns the same payment.
    assert payment_release.apply(args=[claim.pk, walk.finance.pk, "retry-key"]).result == (
        result.result
    )
    assert Payment.objects.count() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID
    assert Payment.objects.get().amount == Decimal("2000.00")


@pytest.mark.django_db
def test_payment_task_does_not_retry_a_refusal(walk, monkeypatch, worker_like_retries):
    app = walk.accepted()
    claim = walk.approved_claim(app)
    calls: list[int] = []

    def counted_release(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return payments.payment_release(**kwargs)

    monkeypatch.setattr("grants.tasks.payment_release_service", counted_release)
    # A fund manager's role may not release payments: refused once, never retried.
    result = payment_release.apply(args=[claim.pk, walk.manager.pk, "k"])
    assert result.failed()
    assert isinstance(result.result, DomainError)
    assert result.result.code == "forbidden"
    assert calls == [1]
    assert Payment.objects.count() == 0
