"""Tasks are enqueued after commit; a real worker runs them against the real database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction

from fundops.models import Heartbeat
from fundops.notifications import notify
from fundops.tasks import heartbeat_record

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_notification_is_sent_after_commit_only():
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(to=["a@example.com"], subject="Rolled back", body="never sent")
        raise RuntimeError("abort")
    assert mail.outbox == []

    with transaction.atomic():
        notify(to=["a@example.com"], subject="Committed", body="sent once")
        assert mail.outbox == []  # nothing leaves before the commit
    assert [m.subject for m in mail.outbox] == ["Committed"]


def test_task_options_survive_a_killed_worker(settings):
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert "heartbeat" in settings.CELERY_BEAT_SCHEDULE


@pytest.fixture
def celery_worker_process():
    """A real worker on the test database (the test DB name is only known once created)."""
    name = connection.settings_dict["NAME"]
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "fundops",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-Q",
            "fundops",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
    )
    yield worker
    worker.terminate()
    worker.wait(timeout=30)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_sent_through_redis(celery_worker_process):
    from fundops.celery import app

    app.control.purge()
    heartbeat_record.delay("worker-test")

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Heartbeat.objects.filter(name="worker-test").exists():
        time.sleep(0.25)
    assert Heartbeat.objects.filter(name="worker-test").exists()
