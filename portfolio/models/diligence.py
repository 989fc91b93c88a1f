"""Due diligence: checklist templates per deal type, copied into each deal's items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Workstream(models.TextChoices):
    COMMERCIAL = "commercial", "Commercial and market"
    FINANCIAL = "financial", "Financial"
    LEGAL = "legal", "Legal"
    IP = "ip", "Intellectual property"
    REGULATORY = "regulatory", "Regulatory"
    CLINICAL = "clinical", "Clinical evidence"
    TEAM = "team", "Team"
    ESG = "esg", "ESG"


class DDTemplate(models.Model):
    """A checklist for a kind of deal. The most specific match is used: deal type and
    instrument, then deal type, then the default (both blank)."""

    name = models.CharField(max_length=200, unique=True)
    deal_type = models.CharField(
        max_length=20, blank=True, help_text="Blank: any deal type (see Deal.DealType)."
    )
    instrument = models.CharField(max_length=10, blank=True, help_text="Blank: any instrument.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "due diligence template"
        constraints = [
            models.UniqueConstraint(
                fields=["deal_type", "instrument"], name="dd_template_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DDTemplateItem(models.Model):
    template = models.ForeignKey(DDTemplate, on_delete=models.CASCADE, related_name="items")
    workstream = models.CharField(max_length=20, choices=Workstream.choices)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    due_days = models.PositiveSmallIntegerField(
        default=21, help_text="Due this many days after due diligence starts."
    )

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = "due diligence template item"

    def __str__(self) -> str:
        return self.title


class DDItem(models.Model):
    """One check on one deal. Attached documents are fundops Documents on this row (no
    organisation, so the applicant never sees the fund's findings)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        WAIVED = "waived", "Waived"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    CLOSED = frozenset({Status.DONE, Status.WAIVED})

    deal = models.ForeignKey("portfolio.Deal", on_delete=models.CASCADE, related_name="dd_items")
    workstream = models.CharField(max_length=20, choices=Workstream.choices)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dd_items",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    rag = models.CharField("risk rating", max_length=5, choices=Rag.choices, blank=True)
    findings = models.TextField(blank=True)
    waived_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["deal", "order", "pk"]
        verbose_name = "due diligence item"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="waived") | ~Q(waived_reason=""),
                name="dd_item_waiver_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_workstream_display()}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED
