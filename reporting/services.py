"""Board packs: ask for one, build it (from the Celery task), retry and re-queue stale ones.

The life of a pack: queued → running → done | failed. A request for a fund, date and data
that already has a done pack returns that pack (its kept file, no rebuild); the data is
compared through the exporter's fingerprint (a hash of what the pack depends on).

Only one run may write a pack: each enqueue gives the pack a new Celery task id, and a run
claims, heartbeats and finishes the pack only while the pack still carries its own task id.
A redelivered message (its worker was killed: acks_late + reject_on_worker_lost) has the
same id, so it takes the pack over and rebuilds it from scratch; a run superseded by the
stale re-queue finds another id and stops without touching the pack.
"""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fundops.api.errors import Conflict, DomainError
from fundops.models import Fund, User
from reporting.models import BoardPack, board_pack_upload_to, stale_before

logger = logging.getLogger(__name__)

NOT_ALLOWED = "Your role does not allow asking for board packs."
PACK_FUTURE_DATE = "A board pack cannot be as of a date in the future ({as_of})."
PACK_NOT_RETRYABLE = (
    "Board pack #{pk} is {status}: only a failed pack, or one stalled for more than "
    "{seconds} seconds, can be retried."
)
PACK_STALE_GAVE_UP = "The build stopped responding {attempts} times; use Retry to try again."
PACK_STALE_REQUEUED = "The build stopped responding; it has been queued again."
REQUEST_PERMISSION = "reporting.request_boardpack"

# Progress is written at most this often (plus at every change of step and at 100 %).
PROGRESS_MIN_INTERVAL = 0.5


def _fingerprint(*, fund_id: int, as_of: date) -> str:
    from reporting.exports.board_pack import board_pack_fingerprint

    return board_pack_fingerprint(fund_id=fund_id, as_of=as_of)


def _build_workbook(
    *, fund_id: int, as_of: date, output: IO[bytes], progress: Callable[[int, str], None]
) -> None:
    from reporting.exports.board_pack import build_board_pack

    build_board_pack(fund_id=fund_id, as_of=as_of, output=output, progress=progress)


def _require(user: User) -> None:
    if not user.has_perm(REQUEST_PERMISSION):
        raise DomainError(NOT_ALLOWED, code="forbidden", status=403)


def _enqueue(pack: BoardPack) -> None:
    """Give the pack a new task id and send the task once the transaction commits."""
    from reporting.tasks import board_pack_build

    task_id = str(uuid.uuid4())
    BoardPack.objects.filter(pk=pack.pk).update(celery_task_id=task_id, updated_at=timezone.now())
    pack.celery_task_id = task_id
    pk = pack.pk

    def send() -> None:
        try:
            board_pack_build.apply_async(args=[pk], task_id=task_id)
        except Exception as exc:  # broker down: the pack stays queued, the beat re-queues it
            logger.warning("board pack %s kept queued, broker unreachable: %s", pk, exc)

    transaction.on_commit(send)


@transaction.atomic
def board_pack_request(*, fund: Fund, as_of: date, by: User) -> BoardPack:
    """The kept pack when one matches the fund, date and current data; else the pack already
    queued or running for them; else a new pack, queued.

    A running pack counts only if it is building from the current data (same fingerprint): a
    queued one will fingerprint the data when it starts, so it always counts."""
    _require(by)
    if as_of > timezone.localdate():
        raise DomainError(PACK_FUTURE_DATE.format(as_of=as_of.isoformat()), code="future_date")
    # Serialise requests for one fund, so two clicks cannot queue two builds.
    Fund.objects.select_for_update().get(pk=fund.pk)
    fingerprint = _fingerprint(fund_id=fund.pk, as_of=as_of)
    packs = BoardPack.objects.filter(fund=fund, as_of=as_of)
    kept = (
        packs.filter(status=BoardPack.Status.DONE, fingerprint=fingerprint)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if kept is not None:
        return kept
    in_progress = (
        packs.filter(updated_at__gte=stale_before())
        .filter(
            Q(status=BoardPack.Status.QUEUED)
            | Q(status=BoardPack.Status.RUNNING, fingerprint=fingerprint)
        )
        .order_by("-requested_at", "-pk")
        .first()
    )
    if in_progress is not None:
        return in_progress
    # The fingerprint of the data as asked for; the build takes it again when it starts.
    pack = BoardPack.objects.create(
        fund=fund, as_of=as_of, requested_by=by, fingerprint=fingerprint
    )
    _enqueue(pack)
    return pack


@transaction.atomic
def board_pack_retry(*, pack: BoardPack, by: User) -> BoardPack:
    """Queue a failed (or stalled) pack again, from scratch."""
    _require(by)
    pack = BoardPack.objects.select_for_update().get(pk=pack.pk)
    if not (pack.status == BoardPack.Status.FAILED or pack.is_stale):
        raise Conflict(
            PACK_NOT_RETRYABLE.format(
                pk=pack.pk,
                status=pack.get_status_display().lower(),
                seconds=settings.REPORTING_PACK_STALE_SECONDS,
            ),
            code="not_retryable",
        )
    pack.status = BoardPack.Status.QUEUED
    pack.progress = 0
    pack.step = ""
    pack.error = ""
    pack.attempts = 0  # a person asked: the automatic attempts start again
    pack.save(update_fields=["status", "progress", "step", "error", "attempts"])
    _enqueue(pack)
    return pack


def board_packs_requeue_stale() -> dict[str, int]:
    """Beat task body: stale queued/running packs are queued again, or failed once they have
    used up settings.REPORTING_PACK_MAX_ATTEMPTS (then a person may press Retry)."""
    requeued = failed = 0
    stale_ids = list(
        BoardPack.objects.filter(
            status__in=BoardPack.ACTIVE, updated_at__lt=stale_before()
        ).values_list("pk", flat=True)
    )
    for pk in stale_ids:
        with transaction.atomic():
            pack = BoardPack.objects.select_for_update().get(pk=pk)
            if not pack.is_stale:  # it moved on while we looked
                continue
            if pack.attempts >= settings.REPORTING_PACK_MAX_ATTEMPTS:
                pack.status = BoardPack.Status.FAILED
                pack.error = PACK_STALE_GAVE_UP.format(attempts=pack.attempts)
                pack.finished_at = timezone.now()
                pack.save(update_fields=["status", "error", "finished_at"])
                failed += 1
                continue
            pack.status = BoardPack.Status.QUEUED
            pack.progress = 0
            pack.step = PACK_STALE_REQUEUED
            pack.save(update_fields=["status", "progress", "step"])
            _enqueue(pack)
            requeued += 1
    if requeued or failed:
        logger.warning("Stale board packs: %s re-queued, %s failed", requeued, failed)
    return {"requeued": requeued, "failed": failed}


# --- the build, called by reporting.tasks.board_pack_build -----------------------------------


def _claim(pk: int, task_id: str) -> BoardPack | None:
    """Mark the pack running for this run, or None if this run must not build it: it is
    done, failed, or belongs to another live run."""
    with transaction.atomic():
        pack = BoardPack.objects.select_for_update().filter(pk=pk).first()
        if pack is None:
            return None
        own = pack.celery_task_id == task_id
        if pack.status == BoardPack.Status.QUEUED and own:
            pass
        elif pack.status == BoardPack.Status.RUNNING and (own or pack.is_stale):
            pass  # a redelivered message, or a run nobody heard from for too long
        else:
            return None
        now = timezone.now()
        if pack.attempts >= settings.REPORTING_PACK_MAX_ATTEMPTS:
            # A build that kills its worker every time must not be redelivered for ever.
            pack.status = BoardPack.Status.FAILED
            pack.error = PACK_STALE_GAVE_UP.format(attempts=pack.attempts)
            pack.finished_at = now
            pack.save(update_fields=["status", "error", "finished_at"])
            return None
        pack.status = BoardPack.Status.RUNNING
        pack.celery_task_id = task_id
        pack.attempts += 1
        pack.started_at = now
        pack.finished_at = None
        pack.progress = 0
        pack.step = "Starting"
        pack.error = ""
        pack.updated_at = now
        pack.save()
        return pack


def _progress_writer(pk: int, task_id: str) -> Callable[[int, str], None]:
    """A progress callback that writes percent and step in their own short transactions
    (so the page sees them at once), at most every PROGRESS_MIN_INTERVAL seconds."""
    last = {"at": 0.0, "step": None}

    def write(percent: int, step: str) -> None:
        now = time.monotonic()
        percent = max(0, min(100, int(percent)))
        if step == last["step"] and percent < 100 and now - last["at"] < PROGRESS_MIN_INTERVAL:
            return
        last.update(at=now, step=step)
        BoardPack.objects.filter(
            pk=pk, celery_task_id=task_id, status=BoardPack.Status.RUNNING
        ).update(progress=percent, step=step[:200], updated_at=timezone.now())

    return write


def board_pack_build(*, pk: int, task_id: str) -> BoardPack | None:
    """Build the pack's workbook from scratch (a rerun overwrites), store it, mark it done.
    Any error marks the pack failed with the message; it never leaves it running."""
    pack = _claim(pk, task_id)
    if pack is None:
        return None
    mine = BoardPack.objects.filter(pk=pk, celery_task_id=task_id, status=BoardPack.Status.RUNNING)
    stored_name = ""
    try:
        # Fingerprint before reading the data: a change during the build makes the kept
        # file look out of date (rebuilt next time), never the other way round.
        fingerprint = _fingerprint(fund_id=pack.fund_id, as_of=pack.as_of)
        mine.update(fingerprint=fingerprint)
        with tempfile.TemporaryFile() as workbook:
            _build_workbook(
                fund_id=pack.fund_id,
                as_of=pack.as_of,
                output=workbook,
                progress=_progress_writer(pk, task_id),
            )
            size = workbook.seek(0, 2)
            workbook.seek(0)
            stored_name = default_storage.save(
                board_pack_upload_to(pack, pack.filename), File(workbook)
            )
        finished = mine.update(
            status=BoardPack.Status.DONE,
            file=stored_name,
            size=size,
            progress=100,
            step="Ready",
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    except Exception as exc:  # the pack records any failure; the worker carries on
        logger.exception("Board pack #%s failed", pk)
        if stored_name:
            default_storage.delete(stored_name)
        mine.update(
            status=BoardPack.Status.FAILED,
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return BoardPack.objects.get(pk=pk)
    if not finished:  # superseded by another run while building: keep that run's file
        default_storage.delete(stored_name)
    elif pack.file and pack.file.name != stored_name:
        default_storage.delete(pack.file.name)  # the file of an earlier build
    return BoardPack.objects.get(pk=pk)
