from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone

from fundops import outbox
from fundops.models import Heartbeat

# Transient failures worth retrying: the SMTP server or network is briefly away
# (smtplib's errors are OSError subclasses). Back-off doubles: ~1 s, 2 s, 4 s … capped at 600 s.
TRANSIENT_ERRORS = (ConnectionError, TimeoutError, OSError)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def email_send(
    self: object, to: list[str], subject: str, body: str, outbox_id: int | None = None
) -> bool:
    """Send one email, enqueued through the outbox (``fundops.notifications.notify``).

    Keyed by the outbox id: a message published twice (a flush racing a slow publish) is
    sent once. SMTP is not transactional, so a worker killed between the send and the commit
    that records it sends again on redelivery: at least once, never lost. Returns whether it
    sent."""
    with outbox.deliver_once(outbox_id) as due:
        if due:
            send_mail(subject, body, None, to)
        return due


@shared_task
def outbox_flush() -> tuple[int, int]:
    """Beat, every 30 s: publish outbox messages the broker could not take at commit."""
    return outbox.flush()


@shared_task
def heartbeat_record(name: str) -> None:
    """Beat and workers prove they are alive; /healthz shows the time (safe to run twice)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})
