"""Outcome reports (due 6 and 12 months after the final claim) and reminders."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from fundops.api.errors import Conflict
from fundops.models import User
from fundops.money import to_pennies
from grants.models import Application, Claim, OutcomeReport
from grants.services.common import notify_applicant, now_or, require_member

ALREADY_SUBMITTED = "This outcome report has already been submitted."
OUTCOME_FIELDS = (
    "jobs_created",
    "jobs_safeguarded",
    "prototype_built",
    "regulatory_submission",
    "first_sale",
    "new_to_market_product",
    "follow_on_private",
    "follow_on_public",
    "narrative",
)
# Remind when due within this many days, and again at most once per interval.
REMIND_AHEAD = timedelta(days=14)
REMIND_EVERY = timedelta(days=7)


@transaction.atomic
def outcome_report_submit(
    *, report: OutcomeReport, by: User, at: datetime | None = None, **fields: Any
) -> OutcomeReport:
    report = (
        OutcomeReport.objects.select_for_update()
        .select_related("application__organisation")
        .get(pk=report.pk)
    )
    require_member(report.application, by)
    if report.submitted_at is not None:
        raise Conflict(ALREADY_SUBMITTED)
    for name in OUTCOME_FIELDS:
        if name in fields:
            value = fields[name]
            if name.startswith("follow_on_"):
                value = to_pennies(Decimal(value))
            setattr(report, name, value)
    report.submitted_at = now_or(at)
    report.submitted_by = by
    report.full_clean()
    report.save()
    return report


def _due(sent: datetime | None, now: datetime) -> bool:
    return sent is None or now - sent >= REMIND_EVERY


@transaction.atomic
def reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    """Remind grantees of outcome reports and claims that are due soon or overdue.

    Safe to run twice: each record keeps ``reminder_sent_at`` and is reminded at most once
    per REMIND_EVERY.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = {"outcome_reports": 0, "claims": 0, "final_claims": 0}
    reports = (
        OutcomeReport.objects.select_for_update()
        .filter(submitted_at__isnull=True, due_on__lte=today + REMIND_AHEAD)
        .select_related("application__organisation")
    )
    for report in reports:
        if not _due(report.reminder_sent_at, now):
            continue
        state = "overdue" if report.due_on < today else "due"
        _send(
            report.application,
            f"{report.get_kind_display()} outcome report {state}",
            f"Your {report.get_kind_display()} outcome report is {state} on "
            f"{report.due_on:%d %B %Y}.",
        )
        report.reminder_sent_at = now
        report.save(update_fields=["reminder_sent_at"])
        sent["outcome_reports"] += 1
    claims = (
        Claim.objects.select_for_update()
        .filter(status=Claim.Status.DRAFT, due_on__isnull=False, due_on__lte=today + REMIND_AHEAD)
        .select_related("application__organisation")
    )
    for claim in claims:
        if not _due(claim.reminder_sent_at, now):
            continue
        _send(
            claim.application,
            "Grant claim due",
            f"Your claim for {claim.period_start:%d %B %Y} to {claim.period_end:%d %B %Y} "
            f"is due on {claim.due_on:%d %B %Y}: submit it in the portal.",
        )
        claim.reminder_sent_at = now
        claim.save(update_fields=["reminder_sent_at"])
        sent["claims"] += 1
    sent["final_claims"] = _final_claim_reminders(today, now)
    return sent


def _final_claim_reminders(today: date, now: datetime) -> int:
    """Projects past their end date with no final claim submitted."""
    count = 0
    applications = (
        Application.objects.select_for_update()
        .filter(
            status__in=[Application.Status.OFFER_ACCEPTED, Application.Status.IN_DELIVERY],
            project_end__isnull=False,
            project_end__lt=today,
        )
        .exclude(claims__is_final=True, claims__status__in=["submitted", "approved", "paid"])
    )
    for application in applications.select_related("organisation"):
        if not _due(application.claim_reminder_sent_at, now):
            continue
        _send(
            application,
            "Final grant claim overdue",
            f"Your project ended on {application.project_end:%d %B %Y}: submit your final "
            "claim in the portal.",
        )
        application.claim_reminder_sent_at = now
        application.save(update_fields=["claim_reminder_sent_at"])
        count += 1
    return count


def _send(application: Application, subject: str, body: str) -> None:
    notify_applicant(application, subject=f"{application.reference}: {subject}", body=body)
