"""Email notifications, always sent by a Celery task after the transaction commits.

They go through the outbox (fundops/outbox.py): a broker outage delays an email, never loses
it, and never fails the user's request."""

from __future__ import annotations

from fundops import outbox
from fundops.tasks import email_send


def notify(*, to: list[str], subject: str, body: str) -> None:
    recipients = [address for address in to if address]
    if recipients:
        outbox.enqueue(email_send, recipients, subject, body)
