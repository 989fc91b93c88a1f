"""Thin Celery tasks: each loads by id and calls one service; each is safe to run twice."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from reporting import services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def board_pack_build(self: Any, pack_id: int) -> str | None:
    """Build one board pack. A redelivered message (its worker died) rebuilds from scratch;
    a message for a pack that is done, failed or re-queued under another id does nothing."""
    pack = services.board_pack_build(pk=pack_id, task_id=self.request.id)
    return pack.status if pack is not None else None


@shared_task
def board_packs_requeue_stale() -> dict[str, int]:
    return services.board_packs_requeue_stale()
