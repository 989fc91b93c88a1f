"""Thin Celery tasks: each calls one service and is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from fundops import outbox
from fundops.models import User
from grants.models import Claim
from grants.services.outcomes import reminders_send as reminders_send_service
from grants.services.payments import payment_release as payment_release_service


@shared_task
def reminders_send() -> dict[str, int]:
    return reminders_send_service()


@shared_task(
    bind=True,
    # A dropped database connection, a deadlock or serialisation failure is worth another
    # try; a refusal (maker-checker, over the award) is a DomainError and is not retried.
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def payment_release(
    self: object, claim_id: int, by_id: int, idempotency_key: str, outbox_id: int | None = None
) -> int:
    """Release a claim's payment in the background (sent through ``fundops.outbox``).

    Safe to run twice, even at once: the claim row lock and the idempotency key make a second
    run return the first payment. Returns the payment's id."""
    claim = Claim.objects.get(pk=claim_id)
    by = User.objects.get(pk=by_id)
    with outbox.deliver_once(outbox_id):  # records the delivery; the key does the rest
        return payment_release_service(claim=claim, by=by, idempotency_key=idempotency_key).pk
