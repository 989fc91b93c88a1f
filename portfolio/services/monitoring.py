"""Monitoring returns: scheduled per quarter, reminded, flagged overdue, submitted."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fundops.api.errors import DomainError
from fundops.models import Organisation, User
from fundops.notifications import notify
from fundops.workflow import transition
from portfolio.models import Investment, MonitoringReturn

RETURN_ALREADY_SUBMITTED = "This return has already been submitted."
RETURN_NOT_YOURS = "You can only submit your own organisation’s returns."
RETURN_EXISTS = "A {period} return to {period_end:%d %b %Y} already exists for this company."
RETURN_PERIOD_END_FUTURE = "The period has not ended yet."

RETURN_FIELDS = (
    "revenue",
    "headcount",
    "jobs_created",
    "jobs_safeguarded",
    "rnd_spend",
    "cash_runway_months",
    "follow_on_private_with_fund",
    "follow_on_private_without_fund",
    "follow_on_public_with_fund",
    "follow_on_public_without_fund",
    "regulatory_milestones",
)
OPEN_STATUSES = (Investment.Status.ACTIVE, Investment.Status.PARTIALLY_REALISED)


def quarter_end_before(day: date) -> date:
    """The last quarter end (31 Mar, 30 Jun, 30 Sep, 31 Dec) strictly before ``day``."""
    first_of_quarter = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return first_of_quarter - timedelta(days=1)


def monitoring_returns_schedule(*, today: date) -> int:
    """Make the quarterly return due for the quarter just ended, for every company the fund
    still holds. Safe to run twice (one return per company, period and period end)."""
    period_end = quarter_end_before(today)
    due_on = period_end + timedelta(days=settings.PORTFOLIO_RETURN_DUE_DAYS)
    companies = Organisation.objects.filter(investments__status__in=OPEN_STATUSES).distinct()
    made = 0
    for organisation_id in companies.values_list("pk", flat=True):
        _, created = MonitoringReturn.objects.get_or_create(
            organisation_id=organisation_id,
            period=MonitoringReturn.Period.QUARTERLY,
            period_end=period_end,
            defaults={"due_on": due_on},
        )
        made += created
    return made


def monitoring_reminders_send(*, today: date) -> tuple[int, int]:
    """Remind companies whose return falls due soon (once: ``reminder_sent_at``) and flag
    the ones past their due date as overdue. Returns (reminded, flagged)."""
    soon = today + timedelta(days=settings.PORTFOLIO_RETURN_REMINDER_DAYS)
    reminded = 0
    candidates = MonitoringReturn.objects.filter(
        status__in=[MonitoringReturn.Status.DUE, MonitoringReturn.Status.OVERDUE],
        due_on__lte=soon,
        reminder_sent_at__isnull=True,
    ).select_related("organisation")
    for item in candidates:
        with transaction.atomic():
            # Guarded update: if another run got there first, 0 rows and no second email.
            claimed = MonitoringReturn.objects.filter(
                pk=item.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=timezone.now())
            if not claimed:
                continue
            emails = list(item.organisation.members.values_list("email", flat=True))
            notify(
                to=emails,
                subject=f"Your {item.get_period_display().lower()} monitoring return is due",
                body=(
                    f"{item.organisation.name}: the return for the period to "
                    f"{item.period_end:%d %B %Y} is due on {item.due_on:%d %B %Y}. Submit it "
                    "in the FundOps portal under Monitoring returns."
                ),
            )
            reminded += 1
    flagged = 0
    late = MonitoringReturn.objects.filter(status=MonitoringReturn.Status.DUE, due_on__lt=today)
    for pk in late.values_list("pk", flat=True):
        with transaction.atomic():
            item = MonitoringReturn.objects.select_for_update().get(pk=pk)
            if item.status != MonitoringReturn.Status.DUE:
                continue
            item.status = MonitoringReturn.Status.OVERDUE
            item._change_reason = "Flagged overdue by the reminder task"  # type: ignore[attr-defined]
            item.save(update_fields=["status", "updated_at"])
            flagged += 1
    return reminded, flagged


@transaction.atomic
def monitoring_return_create(
    *, organisation: Organisation, period: str, period_end: date, due_on: date, by: User
) -> MonitoringReturn:
    if MonitoringReturn.objects.filter(
        organisation=organisation, period=period, period_end=period_end
    ).exists():
        raise DomainError(RETURN_EXISTS.format(period=period, period_end=period_end))
    item = MonitoringReturn(
        organisation=organisation, period=period, period_end=period_end, due_on=due_on
    )
    item._history_user = by  # type: ignore[attr-defined]
    item.save()
    return item


@transaction.atomic
def monitoring_return_submit(
    *, monitoring_return: MonitoringReturn, by: User, **figures: Any
) -> MonitoringReturn:
    """The company (a member of the organisation) or staff submit the figures; once."""
    item = MonitoringReturn.objects.select_for_update().get(pk=monitoring_return.pk)
    if not by.is_staff and not item.organisation.members.filter(pk=by.pk).exists():
        raise DomainError(RETURN_NOT_YOURS, code="forbidden", status=403)
    if item.status == MonitoringReturn.Status.SUBMITTED:
        raise DomainError(RETURN_ALREADY_SUBMITTED, code="conflict", status=409)
    if item.period_end >= timezone.localdate():
        raise DomainError(RETURN_PERIOD_END_FUTURE)
    for name in RETURN_FIELDS:
        if name in figures:
            setattr(item, name, figures[name])
    item.submitted_at = timezone.now()
    item.submitted_by = by
    item._history_user = by  # type: ignore[attr-defined]
    transition(
        item,
        to=MonitoringReturn.Status.SUBMITTED,
        by=by,
        reason="Submitted",
        extra_update_fields=(*RETURN_FIELDS, "submitted_at", "submitted_by"),
    )
    return item
