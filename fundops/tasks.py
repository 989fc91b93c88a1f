from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from fundops.models import Heartbeat


@shared_task(
    bind=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def email_send(self: object, to: list[str], subject: str, body: str) -> None:
    """Send one email. Enqueue with ``transaction.on_commit`` so a rollback sends nothing."""
    send_mail(subject, body, None, to)


@shared_task
def heartbeat_record(name: str) -> None:
    """Beat and workers prove they are alive; /healthz shows the time (safe to run twice)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})
