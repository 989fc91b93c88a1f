"""The outbox keeps what the broker could not take; tasks retry transient errors with back-off.

These run in-process (eager Celery, any database); tests/trust/test_worker_faults.py repeats
the outage and a killed worker with a real Redis and real workers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

from fundops import outbox
from fundops.models import OutboxMessage
from fundops.notifications import notify
from fundops.tasks import email_send


@pytest.fixture
def broker_down(monkeypatch):  # type: ignore[no-untyped-def]
    """Publishing fails as it does when Redis refuses the connection; undo() brings it back."""

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    from fundops.celery import app

    monkeypatch.setattr(type(app.tasks[email_send.name]), "apply_async", refuse)
    return monkeypatch


@pytest.fixture
def worker_like_retries():  # type: ignore[no-untyped-def]
    """Eager tasks re-run on retry as a worker would (with eager propagation, the project's
    test default, Celery raises Retry to the caller instead)."""
    from fundops.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


@pytest.mark.django_db(transaction=True)
def test_a_rollback_writes_no_outbox_row_and_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(to=["a@example.com"], subject="Rolled back", body="never sent")
        assert OutboxMessage.objects.count() == 1  # written in the caller's transaction
        raise RuntimeError("abort")
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_broker_down_keeps_the_message_and_the_flush_sends_it_once(broker_down, capsys):
    with transaction.atomic():
        notify(to=["a@example.com"], subject="Award approved", body="Well done")
    # The commit went through; the email waits in the outbox with the broker's error.
    message = OutboxMessage.objects.get()
    assert (message.sent_at, message.attempts) == (None, 1)
    assert "Connection refused" in message.last_error
    call_command("outbox_flush")
    assert "published 0, 1 still waiting" in capsys.readouterr().out
    assert mail.outbox == []

    broker_down.undo()
    call_command("outbox_flush")
    assert "published 1, 0 still waiting" in capsys.readouterr().out
    call_command("outbox_flush")
    assert "published 0, 0 still waiting" in capsys.readouterr().out
    message.refresh_from_db()
    assert message.sent_at is not None and message.delivered_at is not None
    assert message.attempts == 3
    # A second delivery of the same message (a publish that raced a flush) sends nothing.
    assert email_send.delay(*message.args, outbox_id=message.pk).get() is False
    assert [m.subject for m in mail.outbox] == ["Award approved"]


@pytest.mark.django_db
def test_delivered_rows_are_purged_after_the_keeping_period():
    from django.utils import timezone

    old = timezone.now() - outbox.KEEP_DELIVERED - timedelta(days=1)
    OutboxMessage.objects.create(task_name=email_send.name, sent_at=old, delivered_at=old)
    kept = OutboxMessage.objects.create(task_name=email_send.name, sent_at=old)
    outbox.flush()
    assert list(OutboxMessage.objects.all()) == [kept]


@pytest.mark.django_db
def test_email_send_retries_a_transient_smtp_error(monkeypatch, worker_like_retries):
    from django.core.mail import send_mail

    failures = [ConnectionRefusedError("SMTP server restarting"), TimeoutError("slow")]

    def flaky_send(*args, **kwargs):  # type: ignore[no-untyped-def]
        if failures:
            raise failures.pop(0)
        return send_mail(*args, **kwargs)

    monkeypatch.setattr("fundops.tasks.send_mail", flaky_send)
    result = email_send.apply(args=[["a@example.com"], "Retry", "body"])
    assert result.successful()
    assert result.result is True
    assert failures == []  # both transient errors were retried
    assert [m.subject for m in mail.outbox] == ["Retry"]
    assert email_send.retry_backoff is True and email_send.max_retries == 5


@pytest.mark.django_db
def test_email_send_gives_up_after_its_retries(monkeypatch, worker_like_retries):
    calls: list[int] = []

    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("fundops.tasks.send_mail", down)
    result = email_send.apply(args=[["a@example.com"], "Never", "body"])
    assert result.failed()
    assert isinstance(result.result, ConnectionRefusedError)
    assert len(calls) == 1 + email_send.max_retries
    assert mail.outbox == []


def test_beat_flushes_the_outbox_every_30_seconds(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-flush"]
    assert entry["task"] == "fundops.tasks.outbox_flush"
    assert entry["schedule"] <= 30
    assert email_send.autoretry_for and email_send.retry_backoff is True
