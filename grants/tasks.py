"""Thin Celery tasks: each calls one service and is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from grants.services.outcomes import reminders_send as reminders_send_service


@shared_task
def reminders_send() -> dict[str, int]:
    return reminders_send_service()
