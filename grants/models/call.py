from __future__ import annotations

from decimal import Decimal

from django.db import models
from simple_history.models import HistoricalRecords


class CostCategory(models.TextChoices):
    EQUIPMENT = "equipment", "Specialist equipment"
    PROTOTYPE = "prototype", "Prototype development"
    MARKET_RESEARCH = "market_research", "Commissioned market research"
    REGULATORY = "regulatory", "Regulatory and certification"
    CLINICAL_EVALUATION = "clinical_evaluation", "Clinical evaluation"
    STAFF = "staff", "Own staff time"
    OVERHEADS = "overheads", "Overheads"
    TRAVEL = "travel", "Travel and subsistence"


DEFAULT_ELIGIBLE_CATEGORIES = [
    CostCategory.EQUIPMENT.value,
    CostCategory.PROTOTYPE.value,
    CostCategory.MARKET_RESEARCH.value,
    CostCategory.REGULATORY.value,
    CostCategory.CLINICAL_EVALUATION.value,
]

# The application form's questions; a call may replace them (its ``questions`` field).
DEFAULT_QUESTIONS = [
    {"key": "barrier", "label": "What barrier stops your product moving forward?", "words": 250},
    {"key": "project", "label": "What will you do with the grant, and by when?", "words": 400},
    {"key": "market", "label": "Who will buy or use the product, and why?", "words": 300},
    {"key": "impact", "label": "What difference will it make to jobs and patients?", "words": 250},
]


def default_questions() -> list[dict[str, object]]:
    return [dict(question) for question in DEFAULT_QUESTIONS]


def default_categories() -> list[str]:
    return list(DEFAULT_ELIGIBLE_CATEGORIES)


class Call(models.Model):
    """A funding round: dates, budget, award limits, intervention rate and the rules."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    fund = models.ForeignKey(
        "fundops.Fund", on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    budget = models.DecimalField(max_digits=14, decimal_places=2)
    min_award = models.DecimalField(max_digits=14, decimal_places=2)
    max_award = models.DecimalField(max_digits=14, decimal_places=2)
    intervention_rate = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        help_text="Largest share of eligible costs the grant may pay, as a fraction: 0.50 = 50%.",
    )
    eligible_categories = models.JSONField(default=default_categories)
    questions = models.JSONField(default=default_questions)
    # Eligibility rules this call applies (each can be switched off for a special call).
    requires_sme = models.BooleanField(default=True)
    requires_region = models.BooleanField(default=True)
    applies_subsidy_limit = models.BooleanField(default=True)
    pass_mark = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("60"), help_text="Percent (0–100)."
    )
    moderation_spread = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        help_text="Percentage points between assessors' totals above which a call moderates.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="call_budget_positive"),
            models.CheckConstraint(
                condition=models.Q(min_award__gt=0)
                & models.Q(max_award__gte=models.F("min_award")),
                name="call_award_range_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(intervention_rate__gt=0) & models.Q(intervention_rate__lte=1),
                name="call_intervention_rate_fraction",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["call", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="criterion_unique_per_call"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (×{self.weight})"
