from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portfolio.models.fields import money


class MonitoringReturn(models.Model):
    """A portfolio company's quarterly or annual return. Made ``due`` by the schedule,
    ``overdue`` once its due date passes, ``submitted`` by the company or by staff."""

    class Period(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    class Status(models.TextChoices):
        DUE = "due", "Due"
        OVERDUE = "overdue", "Overdue"
        SUBMITTED = "submitted", "Submitted"

    TRANSITIONS = {
        Status.DUE: {Status.OVERDUE, Status.SUBMITTED},
        Status.OVERDUE: {Status.SUBMITTED},
    }

    organisation = models.ForeignKey(
        "fundops.Organisation", on_delete=models.PROTECT, related_name="monitoring_returns"
    )
    period = models.CharField(max_length=10, choices=Period.choices)
    period_end = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    revenue = money("revenue in the period (GBP)", null=True, blank=True)
    headcount = models.PositiveIntegerField(null=True, blank=True)
    jobs_created = models.PositiveIntegerField(null=True, blank=True)
    jobs_safeguarded = models.PositiveIntegerField(null=True, blank=True)
    rnd_spend = money("R&D spend in the period (GBP)", null=True, blank=True)
    cash_runway_months = models.PositiveSmallIntegerField(
        "cash runway (months)", null=True, blank=True
    )
    follow_on_private_with_fund = money("private follow-on raised with the fund (GBP)", default=0)
    follow_on_private_without_fund = money(
        "private follow-on raised without the fund (GBP)", default=0
    )
    follow_on_public_with_fund = money("public follow-on raised with the fund (GBP)", default=0)
    follow_on_public_without_fund = money(
        "public follow-on raised without the fund (GBP)", default=0
    )
    regulatory_milestones = models.TextField(
        blank=True, help_text="e.g. UKCA mark granted, MHRA registration, NICE evaluation."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set once: the reminder task skips returns already reminded (safe to run twice).
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "period_end"], name="monitoring_return_once"
            ),
            models.CheckConstraint(
                condition=Q(revenue__isnull=True) | Q(revenue__gte=0),
                name="monitoring_revenue_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rnd_spend__isnull=True) | Q(rnd_spend__gte=0),
                name="monitoring_rnd_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(follow_on_private_with_fund__gte=0)
                & Q(follow_on_private_without_fund__gte=0)
                & Q(follow_on_public_with_fund__gte=0)
                & Q(follow_on_public_without_fund__gte=0),
                name="monitoring_follow_on_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} return to {self.period_end}"
