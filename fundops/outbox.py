"""Transactional outbox: tasks that matter survive a broker outage.

``enqueue(task, *args, **kwargs)`` writes an ``OutboxMessage`` inside the caller's
transaction (a rollback writes nothing) and, on commit, tries to publish it at once. If the
broker cannot be reached the user's request still succeeds: the row stays unsent, with the
error, and ``flush()`` publishes it later (beat runs ``fundops.tasks.outbox_flush`` every
30 s; ``manage.py outbox_flush`` does the same by hand or at deploy).

Delivery is at least once: a publish that reaches the broker but dies before ``sent_at`` is
saved is published again by the next flush. Tasks sent this way receive ``outbox_id`` and
wrap their effect in ``deliver_once(outbox_id)``, so a second delivery does nothing.

Why not a library: django-celery-outbox replaces the Celery app class and needs its own relay
daemon; django-reliable-outbox is PostgreSQL-only (the embedded default is SQLite);
django-outbox-pattern publishes to STOMP, not Celery. This module is the small part we need.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from celery import Task
from django.db import transaction
from django.utils import timezone

from fundops.models import OutboxMessage

logger = logging.getLogger(__name__)

# Delivered rows are kept this long (they hold email addresses), then deleted by flush().
KEEP_DELIVERED = timedelta(days=30)
FLUSH_BATCH = 500


def enqueue(task: Task, *args: Any, **kwargs: Any) -> OutboxMessage:
    """Record ``task(*args, **kwargs)`` in this transaction; publish it after commit.

    Arguments must be JSON (ids, strings), as for any Celery task."""
    with transaction.atomic():
        message = OutboxMessage.objects.create(task_name=task.name, args=list(args), kwargs=kwargs)
        transaction.on_commit(lambda: publish(message.pk))
    return message


def publish(message_id: int) -> bool:
    """Hand one unsent message to the broker. False when it was already sent (by a flush
    running at the same time) or the broker refused; the error is kept on the row."""
    from fundops.celery import app

    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            app.tasks[message.task_name].apply_async(
                args=message.args, kwargs={**message.kwargs, "outbox_id": message.pk}
            )
        except Exception as exc:  # any broker failure: keep the row, never fail the user
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "last_error"])
            logger.warning("outbox: message %s kept for a later flush: %s", message.pk, exc)
            return False
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "sent_at", "last_error"])
    return True


def flush(*, limit: int = FLUSH_BATCH) -> tuple[int, int]:
    """Publish what is still unsent, oldest first; return (sent, still waiting). Stops at the
    first failure: the broker is down, the rest would fail the same way."""
    waiting = list(
        OutboxMessage.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in waiting:
        if publish(pk):
            sent += 1
        elif OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True).exists():
            break
    OutboxMessage.objects.filter(delivered_at__lt=timezone.now() - KEEP_DELIVERED).delete()
    return sent, OutboxMessage.objects.filter(sent_at__isnull=True).count()


@contextmanager
def deliver_once(outbox_id: int | None) -> Iterator[bool]:
    """Inside a task: yields True when this message's effect is still due, then records it as
    delivered. The row lock makes a second copy of the task wait, then see it done.

    Without an ``outbox_id`` (a task sent directly) it always yields True."""
    if outbox_id is None:
        yield True
        return
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=outbox_id).first()
        due = message is not None and message.delivered_at is None
        yield due
        if due and message is not None:
            message.delivered_at = timezone.now()
            message.save(update_fields=["delivered_at"])
