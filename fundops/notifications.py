"""Email notifications, always sent by a Celery task after the transaction commits."""

from __future__ import annotations

from django.db import transaction

from fundops.tasks import email_send


def notify(*, to: list[str], subject: str, body: str) -> None:
    recipients = [address for address in to if address]
    if recipients:
        transaction.on_commit(lambda: email_send.delay(recipients, subject, body))
