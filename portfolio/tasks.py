from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from portfolio.services.diligence import dd_reminders_send as dd_reminders
from portfolio.services.monitoring import monitoring_reminders_send, monitoring_returns_schedule


@shared_task
def monitoring_returns_remind() -> tuple[int, int]:
    """Daily (beat): make this quarter's returns due, remind, flag overdue. Safe twice."""
    today = timezone.localdate()
    monitoring_returns_schedule(today=today)
    return monitoring_reminders_send(today=today)


@shared_task
def dd_reminders_send() -> int:
    """Daily (beat): email owners their overdue due diligence items. Safe twice a day."""
    return dd_reminders(today=timezone.localdate())
