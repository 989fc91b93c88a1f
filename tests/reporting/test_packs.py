"""Board packs through Celery: request, progress, kept files, failures, retry, stale packs.

Most tests replace the workbook builder with a small fake (so they test the pack's life,
not the workbook); ``test_real_pack_*`` run the real exporter end to end."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from fundops.api.errors import Conflict, DomainError
from reporting import services
from reporting.models import BoardPack
from reporting.tasks import board_pack_build, board_packs_requeue_stale
from tests.fundops.factories import FundFactory

AS_OF = date(2025, 3, 31)


class FakeExporter:
    """Stands in for reporting.exports.board_pack: records calls, reports progress."""

    def __init__(self) -> None:
        self.fingerprint = "data-v1"
        self.builds: list[tuple[int, date]] = []
        self.fail_with: Exception | None = None
        self.seen_progress: list[tuple[int, str]] = []

    def fingerprint_of(self, *, fund_id: int, as_of: date) -> str:
        return f"{fund_id}:{as_of}:{self.fingerprint}"

    def build(self, *, fund_id: int, as_of: date, output: Any, progress: Any) -> None:
        self.builds.append((fund_id, as_of))
        progress(10, "Loading data")
        pack = BoardPack.objects.filter(status=BoardPack.Status.RUNNING).latest("started_at")
        # The page sees the progress while the build is still going.
        self.seen_progress.append((pack.progress, pack.step))
        if self.fail_with is not None:
            raise self.fail_with
        progress(60, "Schedule of investments")
        pack.refresh_from_db()
        self.seen_progress.append((pack.progress, pack.step))
        output.write(f"workbook for fund {fund_id} as of {as_of} #{len(self.builds)}".encode())
        progress(100, "Saved")


@pytest.fixture
def exporter(monkeypatch):  # type: ignore[no-untyped-def]
    fake = FakeExporter()
    monkeypatch.setattr(services, "_fingerprint", fake.fingerprint_of)
    monkeypatch.setattr(services, "_build_workbook", fake.build)
    return fake


@pytest.fixture
def finance_officer(make_user):  # type: ignore[no-untyped-def]
    return make_user("finance_officer")


@pytest.fixture
def fund(db):  # type: ignore[no-untyped-def]
    return FundFactory()


def request_pack(fund: Any, by: Any, capture: Any, as_of: date = AS_OF) -> BoardPack:
    with capture(execute=True):
        pack = services.board_pack_request(fund=fund, as_of=as_of, by=by)
    pack.refresh_from_db()
    return pack


def test_a_pack_is_built_by_the_task_with_progress_and_kept(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    pack = request_pack(fund, board_member, django_capture_on_commit_callbacks)

    assert pack.status == BoardPack.Status.DONE
    assert (pack.progress, pack.step) == (100, "Ready")
    assert exporter.seen_progress == [(10, "Loading data"), (60, "Schedule of investments")]
    assert pack.attempts == 1
    assert pack.started_at <= pack.finished_at
    assert pack.requested_by == board_member
    assert pack.fingerprint == f"{fund.pk}:{AS_OF}:data-v1"
    with pack.file.open("rb") as f:
        content = f.read()
    assert content == f"workbook for fund {fund.pk} as of {AS_OF} #1".encode()
    assert pack.size == len(content)


def test_the_task_is_enqueued_only_after_commit(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        pack = services.board_pack_request(fund=fund, as_of=AS_OF, by=board_member)
        assert exporter.builds == []
    assert len(callbacks) == 1
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.QUEUED and pack.celery_task_id


def test_asking_again_for_the_same_data_returns_the_kept_file(
    exporter, fund, board_member, fund_manager, django_capture_on_commit_callbacks
):
    first = request_pack(fund, board_member, django_capture_on_commit_callbacks)
    again = request_pack(fund, fund_manager, django_capture_on_commit_callbacks)

    assert again.pk == first.pk
    assert again.file.name == first.file.name
    assert len(exporter.builds) == 1  # no rebuild
    assert BoardPack.objects.count() == 1


def test_changed_data_builds_a_new_pack(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    first = request_pack(fund, board_member, django_capture_on_commit_callbacks)
    exporter.fingerprint = "data-v2"  # e.g. a new valuation was recorded
    second = request_pack(fund, board_member, django_capture_on_commit_callbacks)

    assert second.pk != first.pk
    assert second.status == BoardPack.Status.DONE
    assert len(exporter.builds) == 2
    assert second.fingerprint.endswith("data-v2")
    # The first pack is kept as it was: it is still the pack of its own data.
    first.refresh_from_db()
    assert first.status == BoardPack.Status.DONE and first.file


def test_a_different_date_is_a_different_pack(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    first = request_pack(fund, board_member, django_capture_on_commit_callbacks)
    other = request_pack(fund, board_member, django_capture_on_commit_callbacks, date(2024, 12, 31))
    assert other.pk != first.pk
    assert exporter.builds == [(fund.pk, AS_OF), (fund.pk, date(2024, 12, 31))]


def test_a_queued_pack_is_returned_instead_of_queuing_another(
    exporter, fund, board_member, fund_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = services.board_pack_request(fund=fund, as_of=AS_OF, by=board_member)
        second = services.board_pack_request(fund=fund, as_of=AS_OF, by=fund_manager)
    assert second.pk == first.pk
    assert BoardPack.objects.count() == 1


def test_a_failed_build_is_recorded_and_can_be_retried(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    exporter.fail_with = ValueError("no valuation for investment 7")
    pack = request_pack(fund, board_member, django_capture_on_commit_callbacks)

    assert pack.status == BoardPack.Status.FAILED
    assert pack.error == "ValueError: no valuation for investment 7"
    assert not pack.file
    assert pack.finished_at is not None

    exporter.fail_with = None
    with django_capture_on_commit_callbacks(execute=True):
        services.board_pack_retry(pack=pack, by=board_member)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE
    assert pack.error == ""
    assert pack.file


def test_retry_refuses_a_pack_that_is_done_or_running(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    pack = request_pack(fund, board_member, django_capture_on_commit_callbacks)
    with pytest.raises(Conflict, match="only a failed pack"):
        services.board_pack_retry(pack=pack, by=board_member)
    BoardPack.objects.filter(pk=pack.pk).update(status=BoardPack.Status.RUNNING)
    with pytest.raises(Conflict, match="is running"):
        services.board_pack_retry(pack=pack, by=board_member)


def test_roles_without_the_permission_cannot_ask(exporter, fund, finance_officer, assessor):
    for user in (finance_officer, assessor):
        with pytest.raises(DomainError) as refused:
            services.board_pack_request(fund=fund, as_of=AS_OF, by=user)
        assert refused.value.status == 403
    assert BoardPack.objects.count() == 0


def test_a_date_in_the_future_is_refused(exporter, fund, board_member):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="cannot be as of a date in the future"):
        services.board_pack_request(fund=fund, as_of=tomorrow, by=board_member)


# --- a worker killed mid-build --------------------------------------------------------------


def _running(fund: Any, by: Any, *, minutes_ago: int, attempts: int = 1) -> BoardPack:
    """A pack some worker started and stopped reporting on ``minutes_ago`` minutes ago."""
    at = timezone.now() - timedelta(minutes=minutes_ago)
    return BoardPack.objects.create(
        fund=fund,
        as_of=AS_OF,
        requested_by=by,
        status=BoardPack.Status.RUNNING,
        progress=40,
        step="Cash flows",
        attempts=attempts,
        celery_task_id="task-of-the-dead-worker",
        started_at=at,
        updated_at=at,
    )


def test_a_redelivered_task_rebuilds_the_pack_from_scratch(exporter, fund, board_member):
    pack = _running(fund, board_member, minutes_ago=1)  # the worker died a minute ago
    # acks_late + reject_on_worker_lost: the broker hands the same message to another worker.
    board_pack_build.apply(args=[pack.pk], task_id="task-of-the-dead-worker")
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE
    assert pack.attempts == 2
    assert len(exporter.builds) == 1


def test_a_stray_message_does_not_touch_a_pack_another_run_owns(exporter, fund, board_member):
    pack = _running(fund, board_member, minutes_ago=1)
    board_pack_build.apply(args=[pack.pk], task_id="some-older-message")
    pack.refresh_from_db()
    assert (pack.status, pack.progress, pack.attempts) == (BoardPack.Status.RUNNING, 40, 1)
    assert exporter.builds == []


def test_a_done_pack_is_not_rebuilt_by_a_second_delivery(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    pack = request_pack(fund, board_member, django_capture_on_commit_callbacks)
    board_pack_build.apply(args=[pack.pk], task_id=pack.celery_task_id)
    assert len(exporter.builds) == 1


def test_stale_running_packs_are_requeued_and_built(
    exporter, fund, board_member, settings, django_capture_on_commit_callbacks
):
    settings.REPORTING_PACK_STALE_SECONDS = 600
    stale = _running(fund, board_member, minutes_ago=11)
    fresh = _running(fund, board_member, minutes_ago=2)
    assert stale.is_stale and not fresh.is_stale

    with django_capture_on_commit_callbacks(execute=True):
        assert board_packs_requeue_stale.apply().get() == {"requeued": 1, "failed": 0}
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == BoardPack.Status.DONE
    assert stale.attempts == 2
    assert stale.celery_task_id != "task-of-the-dead-worker"
    assert fresh.status == BoardPack.Status.RUNNING  # still alive: left alone


def test_a_stale_pack_that_used_up_its_attempts_fails_and_waits_for_retry(
    exporter, fund, board_member, settings, django_capture_on_commit_callbacks
):
    settings.REPORTING_PACK_MAX_ATTEMPTS = 3
    pack = _running(fund, board_member, minutes_ago=30, attempts=3)

    assert board_packs_requeue_stale() == {"requeued": 0, "failed": 1}
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.FAILED
    assert "stopped responding 3 times" in pack.error
    assert exporter.builds == []

    with django_capture_on_commit_callbacks(execute=True):
        services.board_pack_retry(pack=pack, by=board_member)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE and pack.attempts == 1


def test_a_stale_pack_can_be_retried_by_hand(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    pack = _running(fund, board_member, minutes_ago=20)
    with django_capture_on_commit_callbacks(execute=True):
        services.board_pack_retry(pack=pack, by=board_member)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE


def test_a_stale_pack_does_not_block_a_new_request(
    exporter, fund, board_member, django_capture_on_commit_callbacks
):
    stale = _running(fund, board_member, minutes_ago=20)
    stale.fingerprint = exporter.fingerprint_of(fund_id=fund.pk, as_of=AS_OF)
    stale.save()
    pack = request_pack(fund, board_member, django_capture_on_commit_callbacks)
    assert pack.pk != stale.pk and pack.status == BoardPack.Status.DONE


# --- the real exporter, end to end (eager Celery) -------------------------------------------


def test_real_pack_is_kept_for_the_same_data_and_rebuilt_when_it_changes(
    fund_manager, board_member, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from openpyxl import load_workbook

    from portfolio.models import Investment
    from portfolio.services.valuations import valuation_record
    from tests.reporting.builders import AS_OF as BUILT_AS_OF
    from tests.reporting.builders import build_fund

    fund = build_fund(fund_manager)
    first = request_pack(fund, board_member, django_capture_on_commit_callbacks, BUILT_AS_OF)
    assert first.status == BoardPack.Status.DONE, first.error
    with first.file.open("rb") as f:
        assert "Summary" in load_workbook(f, read_only=True).sheetnames
    kept = request_pack(fund, board_member, django_capture_on_commit_callbacks, BUILT_AS_OF)
    assert kept.pk == first.pk

    # A new valuation (before the as-of date) changes the data the pack depends on.
    investment = Investment.objects.filter(fund=fund).order_by("pk").first()
    valuation_record(
        investment=investment,
        valued_on=date(2024, 11, 30),
        fair_value=Decimal("85000"),
        method="milestones",
        by=fund_manager,
    )
    rebuilt = request_pack(fund, board_member, django_capture_on_commit_callbacks, BUILT_AS_OF)
    assert rebuilt.pk != first.pk
    assert rebuilt.status == BoardPack.Status.DONE and rebuilt.fingerprint != first.fingerprint


# --- a real worker through Redis -------------------------------------------------------------


@pytest.fixture
def pack_worker(settings):  # type: ignore[no-untyped-def]
    """A real Celery worker on the test database, storing files where this test reads them."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

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
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)},
    )
    yield worker
    worker.terminate()
    worker.wait(timeout=30)


@pytest.mark.redis
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_pack(fund_manager, board_member, pack_worker):
    import time

    from django.db import transaction
    from openpyxl import load_workbook

    from fundops.celery import app
    from tests.reporting.builders import AS_OF as BUILT_AS_OF
    from tests.reporting.builders import build_fund

    app.control.purge()
    fund = build_fund(fund_manager)
    with transaction.atomic():
        pack = services.board_pack_request(fund=fund, as_of=BUILT_AS_OF, by=board_member)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        pack.refresh_from_db()
        if pack.status in (BoardPack.Status.DONE, BoardPack.Status.FAILED):
            break
        time.sleep(0.25)
    assert pack.status == BoardPack.Status.DONE, (pack.status, pack.error)
    assert pack.attempts == 1 and pack.progress == 100
    with pack.file.open("rb") as f:
        assert "Summary" in load_workbook(f, read_only=True).sheetnames


# A worker whose first build of a pack hangs (until the flag file is gone), so the test can
# kill its pool process mid-build, as an out-of-memory kill or a crash would.
SLOW_WORKER = """
import os, sys, time
from celery.signals import worker_process_init

@worker_process_init.connect
def _slow_first_build(**_):
    from reporting import services
    real = services._build_workbook

    def build(**kwargs):
        flag = os.environ["PACK_TEST_SLOW_FLAG"]
        if os.path.exists(flag):
            kwargs["progress"](3, "Hanging on purpose")
            with open(flag + ".pid", "w") as f:
                f.write(str(os.getpid()))
            os.remove(flag)
            time.sleep(120)
        real(**kwargs)

    services._build_workbook = build

from celery.__main__ import main
sys.argv = ["celery", *sys.argv[1:]]
main()
"""


@pytest.mark.redis
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_pool_process_killed_mid_build_leaves_the_pack_to_be_rebuilt(
    fund_manager, board_member, settings, tmp_path
):
    """acks_late + reject_on_worker_lost: the killed build's message goes back to the queue
    and the next pool process rebuilds the pack from scratch (same task id: a redelivery)."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection, transaction

    from fundops.celery import app
    from tests.reporting.builders import AS_OF as BUILT_AS_OF
    from tests.reporting.builders import build_fund

    flag = tmp_path / "slow"
    flag.write_text("hang once")
    name = connection.settings_dict["NAME"]
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    worker = subprocess.Popen(  # noqa: S603 (the script is the constant above)
        [
            sys.executable,
            "-c",
            SLOW_WORKER,
            "-A",
            "fundops",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "-Q",
            "fundops",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **os.environ,
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PACK_TEST_SLOW_FLAG": str(flag),
        },
    )
    try:
        app.control.purge()
        fund = build_fund(fund_manager)
        with transaction.atomic():
            pack = services.board_pack_request(fund=fund, as_of=BUILT_AS_OF, by=board_member)

        pid_file = Path(f"{flag}.pid")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not pid_file.exists():
            time.sleep(0.2)
        time.sleep(0.5)  # let it write its progress
        pack.refresh_from_db()
        assert (pack.status, pack.step, pack.attempts) == ("running", "Hanging on purpose", 1)
        os.kill(int(pid_file.read_text()), signal.SIGKILL)  # the pool process dies mid-build

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            pack.refresh_from_db()
            if pack.status in (BoardPack.Status.DONE, BoardPack.Status.FAILED):
                break
            time.sleep(0.25)
        assert pack.status == BoardPack.Status.DONE, (pack.status, pack.step, pack.error)
        assert pack.attempts == 2  # the same message, delivered again
        assert pack.file and pack.progress == 100
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_queue_one_build(
    exporter, board_member, fund_manager, monkeypatch
):
    """The fund row lock serialises requests: the second waits, then finds the first's pack
    (without the lock both would pass the "nothing queued yet" check during the slow
    fingerprint and queue two builds)."""
    import threading
    import time

    from django.db import connection

    fund = FundFactory()
    slow_fingerprint = exporter.fingerprint_of

    def fingerprint(**kwargs: Any) -> str:
        time.sleep(0.5)
        return slow_fingerprint(**kwargs)

    monkeypatch.setattr(services, "_fingerprint", fingerprint)
    results: list[int] = []
    errors: list[BaseException] = []

    def ask(user: Any) -> None:
        try:
            results.append(services.board_pack_request(fund=fund, as_of=AS_OF, by=user).pk)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(u,)) for u in (board_member, fund_manager)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert BoardPack.objects.count() == 1
    assert len(exporter.builds) == 1


def test_a_broker_outage_leaves_the_pack_queued_for_the_beat_not_a_500(
    exporter, fund, board_member, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(board_pack_build, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        pack = services.board_pack_request(fund=fund, as_of=AS_OF, by=board_member)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.QUEUED
    assert exporter.builds == []
