"""Faults with a real Celery worker and a real Redis: a broker outage and a killed worker.

Each test starts its own throw-away ``redis-server`` on a free port (never the shared one on
6379, which it may stop) and real worker processes (``celery worker``, one pool process)
on the PostgreSQL test database; emails go to files, so "sent once" is counted on what left.

Each test fails when its control is removed (tried on 23 Nov 2026 by switching the Celery
option off in the worker): without ``acks_late`` the killed worker's message is acknowledged
before the task runs and is lost (``unacked`` is 0); without ``reject_on_worker_lost`` a
killed pool process's task is marked failed, not re-queued (the second wait times out).
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
import redis
from django.core.management import call_command
from django.db import connection, transaction

from fundops import outbox
from fundops.models import Heartbeat, OutboxMessage
from fundops.tasks import email_send, heartbeat_record
from grants.models import Application, Claim, Payment
from grants.services import claims, decisions, offers
from grants.services.common import notifications_muted
from grants.tasks import payment_release
from tests.grants.conftest import Walk
from tests.grants.factories import CallFactory, pdf

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not on PATH"),
]


# --- tools -------------------------------------------------------------------------------
class ThrowawayRedis:
    """A private Redis that the test may stop and start again on the same port."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert REDIS_SERVER is not None
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603 - fixed argv
        wait_for(self.is_up, what="redis-server to answer", timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def is_up(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.ConnectionError:
            return False

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1)


def wait_for(check: Callable[[], object], *, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_database_url() -> str:
    name = connection.settings_dict["NAME"]
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"


test_database_url.__test__ = False  # type: ignore[attr-defined]


class Workers:
    """Starts real worker processes on the throw-away broker and the test database."""

    def __init__(self, broker: ThrowawayRedis, tmp_path: Path, media_dir: Path) -> None:
        self.broker, self.media_dir = broker, media_dir
        self.mail_dir, self.log_dir = tmp_path / "mail", tmp_path / "logs"
        self.log_dir.mkdir()
        self.started: list[subprocess.Popen[bytes]] = []

    def start(
        self, *, visibility_timeout: int = 3600, pool: str = "solo"
    ) -> subprocess.Popen[bytes]:
        """``solo`` runs tasks in the worker process itself; ``prefork`` in one child."""
        log = (self.log_dir / f"worker-{len(self.started)}.log").open("wb")
        command = [sys.executable, "-m", "celery", "-A", "fundops", "worker", f"--pool={pool}"]
        command += ["--concurrency=1"]
        command += ["--loglevel=INFO", "-Q", "fundops", "--without-heartbeat"]
        command += ["--without-mingle", "--without-gossip"]
        env = {
            **os.environ,
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": self.broker.url,
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "MEDIA_ROOT": str(self.media_dir),
        }
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
        self.started.append(worker)
        return worker

    def stop_all(self) -> None:
        for worker in self.started:
            if worker.poll() is None:
                worker.kill()  # the test is over: no need to wait for a warm shutdown
                worker.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))


def emails_sent(mail_dir: Path, subject_contains: str) -> int:
    """Emails the workers sent (the file backend writes one file per email)."""
    if not mail_dir.exists():
        return 0
    subjects = [
        str(email.message_from_string(chunk, policy=email.policy.default)["Subject"])
        for f in mail_dir.iterdir()
        for chunk in f.read_text().split("-" * 79)
        if chunk.strip()
    ]
    return sum(subject_contains in subject for subject in subjects)


def drain(workers: Workers) -> None:
    """Wait until the worker has run everything queued before now: a solo worker takes the
    queue in order, so a heartbeat sent last has run once all before it have."""
    Heartbeat.objects.filter(name="drained").delete()
    heartbeat_record.delay("drained")
    wait_for(
        lambda: Heartbeat.objects.filter(name="drained").exists(),
        what=f"the worker to drain its queue\n{workers.logs()}",
    )


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThrowawayRedis]:
    """A private Redis, with this process's Celery app sending to it (the CELERY_BROKER_URL
    environment variable wins over app.conf, so both are set)."""
    from fundops.celery import app

    server = ThrowawayRedis()
    server.start()
    previous = app.conf.broker_url, app.conf.task_always_eager
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    app.conf.broker_url, app.conf.task_always_eager = server.url, False
    app._pool = None  # connection pools are made on first use: forget the old broker's
    app.amqp._producer_pool = None
    yield server
    server.stop()
    app.conf.broker_url, app.conf.task_always_eager = previous
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def workers(broker: ThrowawayRedis, tmp_path: Path, settings) -> Iterator[Workers]:  # type: ignore[no-untyped-def]
    # The workers store files where this test reads them (MEDIA_ROOT is per test).
    pool = Workers(broker, tmp_path, Path(settings.MEDIA_ROOT))
    yield pool
    pool.stop_all()


@pytest.fixture
def quiet_walk(make_user, applicant) -> Walk:  # type: ignore[no-untyped-def]
    return Walk(make_user, applicant)


# --- Redis stopped while an award is approved ----------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_award_approved_while_redis_is_down_is_notified_once_when_it_is_back(
    quiet_walk, broker, workers
):
    with notifications_muted():
        application = quiet_walk.at_panel(call=CallFactory(budget=Decimal("50000.00")))
    subject = f"{application.reference}: Approved"

    broker.stop()
    started = time.monotonic()
    approved = decisions.application_approve(application=application, by=quiet_walk.ic)
    took = time.monotonic() - started
    assert approved.status == Application.Status.APPROVED  # the user's approval succeeded
    waiting = OutboxMessage.objects.get(sent_at__isnull=True)
    assert waiting.args[1] == subject
    assert waiting.attempts == 1
    assert "Error" in waiting.last_error  # the broker's refusal is kept on the row
    call_command("outbox_flush")  # beat's flush while Redis is still down: nothing goes
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1

    broker.start()  # an empty Redis: nothing reached it while it was down
    assert broker.client().llen("fundops") == 0
    workers.start()
    sent_while_down = emails_sent(workers.mail_dir, subject)
    assert sent_while_down == 0
    call_command("outbox_flush")
    waiting.refresh_from_db()
    assert waiting.sent_at is not None
    wait_for(
        lambda: OutboxMessage.objects.filter(pk=waiting.pk, delivered_at__isnull=False).exists(),
        what=f"the worker to send the email\n{workers.logs()}",
    )
    # The same message published again (a flush racing a slow publish) sends nothing more.
    call_command("outbox_flush")
    email_send.apply_async(args=waiting.args, kwargs={"outbox_id": waiting.pk})
    drain(workers)
    sent = emails_sent(workers.mail_dir, subject)
    print(
        f"\nRedis down for an award approval (approved in {took:.2f} s): "
        f"{sent_while_down} sent while down, {sent} after the flush"
    )
    assert sent == 1


# --- a worker killed with SIGKILL mid-payment ------------------------------------------------
def approved_claim(walk: Walk) -> Claim:
    with notifications_muted():
        app = walk.approved(call=CallFactory(budget=Decimal("50000.00")))
        offers.offer_send(application=app, by=walk.manager)
        offers.offer_accept(application=app, by=walk.applicant, confirm_mfa=True)
        claim = claims.claim_create(
            application=app,
            by=walk.applicant,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
        )
        line = claims.claim_line_add(
            claim=claim,
            by=walk.applicant,
            cost_line=app.cost_lines.first(),
            amount_defrayed=Decimal("4000.00"),
        )
        for kind in ("invoice", "proof_of_payment"):
            claims.claim_line_evidence_upload(line=line, by=walk.applicant, file=pdf(), kind=kind)
        claim = claims.claim_submit(claim=claim, by=walk.applicant)
        claims.claim_line_check(line=line, by=walk.manager, approved=True)
        return claims.claim_approve(claim=claim, by=walk.manager)


@pytest.fixture
def hold() -> Iterator[Callable[..., psycopg.Connection]]:
    """Opens a second connection that takes a lock and keeps it until ``rollback()``; closed
    at the end in any case (a lock left held would stall the test database's flush)."""
    holders: list[psycopg.Connection] = []

    def take(sql: str, params: list[object] | None = None) -> psycopg.Connection:
        url = test_database_url().replace("postgres://", "postgresql://", 1)
        holder = psycopg.connect(url)
        holders.append(holder)
        holder.execute(sql, params or [])
        return holder

    yield take
    for holder in holders:
        holder.close()


def backends_waiting_on_a_lock(database: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            [database],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_payment_pays_once_after_restart(quiet_walk, broker, workers, hold):
    claim = approved_claim(quiet_walk)
    database = connection.settings_dict["NAME"]
    key = "pay-killed-worker"

    # The test holds the claim row, so the payment task blocks inside its transaction: it is
    # mid-run, not queued, when its worker is killed.
    holder = hold("SELECT id FROM grants_claim WHERE id = %s FOR UPDATE", [claim.pk])
    with transaction.atomic():
        outbox.enqueue(payment_release, claim.pk, quiet_walk.finance.pk, key)
    first = workers.start(pool="prefork")
    wait_for(
        lambda: backends_waiting_on_a_lock(database) == 1,
        what=f"the payment task to start\n{workers.logs()}",
    )
    # The whole worker dies at once (as when its machine does): the worker and its pool.
    for pid in [first.pid, *child_pids(first.pid)]:
        os.kill(pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    # Not lost: the broker still holds the unacknowledged message (acks_late).
    assert broker.client().hlen("unacked") == 1
    assert Payment.objects.count() == 0

    time.sleep(1.5)  # older than the restarted worker's visibility timeout (1 s)
    workers.start(visibility_timeout=1)
    holder.rollback()  # let go of the claim
    holder.close()
    assert_paid_once(claim, key, quiet_walk, workers, broker, "killed 1 worker mid-payment")


def assert_paid_once(  # type: ignore[no-untyped-def]
    claim: Claim, key: str, walk: Walk, workers: Workers, broker: ThrowawayRedis, label: str
):
    """After the kill: one payment for the key, one email, nothing left unacknowledged, and a
    duplicate delivery of the task changes nothing."""
    wait_for(
        lambda: Payment.objects.filter(idempotency_key=key).exists(),
        what=f"the redelivered payment task\n{workers.logs()}",
    )
    wait_for(
        lambda: (
            not OutboxMessage.objects.filter(
                task_name=email_send.name, delivered_at__isnull=True
            ).exists()
        ),
        what=f"the payment email\n{workers.logs()}",
    )
    # A duplicate delivery of the same task (e.g. a second flush) changes nothing.
    payment_release.delay(claim.pk, walk.finance.pk, key)
    drain(workers)

    claim.refresh_from_db()
    payments = Payment.objects.filter(claim=claim).count()
    emails = emails_sent(workers.mail_dir, f"{claim.application.reference}: payment of")
    lost = 1 - min(payments, 1)
    duplicated = max(payments - 1, 0) + max(emails - 1, 0)
    print(f"\n{label}: {lost} lost, {duplicated} duplicated")
    assert claim.status == Claim.Status.PAID
    assert (payments, emails) == (1, 1)
    assert broker.client().hlen("unacked") == 0


def child_pids(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state_and_parent = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(state_and_parent[1]) == pid:
            children.append(int(stat.parent.name))
    return children


@pytest.mark.django_db(transaction=True)
def test_pool_process_killed_mid_payment_is_requeued_at_once_and_pays_once(
    quiet_walk, broker, workers, hold
):
    """reject_on_worker_lost: the worker lives on but the pool process running the task is
    killed; the worker puts the message back on the queue at once (no visibility timeout)
    and its new pool process runs it again."""
    claim = approved_claim(quiet_walk)
    database = connection.settings_dict["NAME"]
    key = "pay-killed-pool-process"
    holder = hold("SELECT id FROM grants_claim WHERE id = %s FOR UPDATE", [claim.pk])
    with transaction.atomic():
        outbox.enqueue(payment_release, claim.pk, quiet_walk.finance.pk, key)
    worker = workers.start(pool="prefork")
    wait_for(
        lambda: backends_waiting_on_a_lock(database) == 1,
        what=f"the payment task to start\n{workers.logs()}",
    )
    [pool_process] = child_pids(worker.pid)
    os.kill(pool_process, signal.SIGKILL)
    # The killed run's connection still waits for the claim; the re-queued run joins it.
    wait_for(
        lambda: backends_waiting_on_a_lock(database) == 2,
        what=f"the re-queued payment task to start again\n{workers.logs()}",
    )
    assert Payment.objects.count() == 0
    assert worker.poll() is None  # the worker itself carried on
    holder.rollback()
    holder.close()
    assert_paid_once(claim, key, quiet_walk, workers, broker, "killed 1 pool process mid-payment")
    assert "WorkerLostError" in workers.logs()


# --- a worker killed with SIGKILL mid-board-pack ---------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_board_pack_builds_it_once_after_restart(
    board_member, broker, workers, hold
):
    from openpyxl import load_workbook

    from reporting import services as reporting
    from reporting.models import BoardPack
    from reporting.tasks import board_pack_build
    from tests.fundops.factories import FundFactory

    fund = FundFactory()
    database = connection.settings_dict["NAME"]
    pack = reporting.board_pack_request(fund=fund, as_of=date(2025, 3, 31), by=board_member)
    # The test holds the fund's history table, which the build reads first: the task claims
    # the pack (running, attempt 1) and is then stuck inside the build when it is killed.
    holder = hold("LOCK TABLE fundops_historicalfund IN ACCESS EXCLUSIVE MODE")
    first = workers.start(pool="prefork")
    wait_for(
        lambda: (
            BoardPack.objects.filter(pk=pack.pk, status=BoardPack.Status.RUNNING).exists()
            and backends_waiting_on_a_lock(database) == 1
        ),
        what=f"the board pack build to start\n{workers.logs()}",
    )
    for pid in [first.pid, *child_pids(first.pid)]:  # the worker and its pool process
        os.kill(pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert broker.client().hlen("unacked") == 1  # not lost: the broker still has it
    pack.refresh_from_db()
    assert (pack.status, pack.attempts, pack.file.name) == (BoardPack.Status.RUNNING, 1, "")

    time.sleep(1.5)  # older than the restarted worker's visibility timeout (1 s)
    workers.start(visibility_timeout=1)
    holder.rollback()
    holder.close()
    wait_for(
        lambda: BoardPack.objects.filter(pk=pack.pk, status=BoardPack.Status.DONE).exists(),
        what=f"the redelivered board pack build\n{workers.logs()}",
    )
    pack.refresh_from_db()
    finished = pack.finished_at
    # A duplicate delivery of the same message changes nothing: the pack is done.
    board_pack_build.apply_async(args=[pack.pk], task_id=pack.celery_task_id)
    drain(workers)

    pack.refresh_from_db()
    files = list((Path(workers.media_dir) / "board_packs" / str(fund.pk)).iterdir())
    with pack.file.open("rb") as stored:
        sheets = load_workbook(stored, read_only=True).sheetnames
    built = BoardPack.objects.filter(fund=fund, status=BoardPack.Status.DONE).count()
    print(
        f"\nkilled 1 worker mid-board-pack: {1 - built} lost, "
        f"{len(files) - 1 + (pack.finished_at != finished)} duplicated"
    )
    assert (pack.status, pack.attempts, pack.progress) == (BoardPack.Status.DONE, 2, 100)
    assert pack.finished_at == finished
    assert [f.name for f in files] == [Path(pack.file.name).name]
    assert sheets  # a real workbook, readable
    assert broker.client().hlen("unacked") == 0
