from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portfolio.models.fields import money


class CoInvestor(models.Model):
    """The register of co-investors; their history across deals is their participations."""

    class Kind(models.TextChoices):
        ANGEL = "angel", "Business angel"
        SYNDICATE = "syndicate", "Angel syndicate"
        VC = "vc", "Venture capital fund"
        CORPORATE = "corporate", "Corporate investor"
        PUBLIC_BODY = "public_body", "Public body or fund"
        OTHER = "other", "Other"

    class Source(models.TextChoices):
        PRIVATE = "private", "Private"
        PUBLIC = "public", "Public"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.CharField(
        "private or public money", max_length=10, choices=Source.choices, default=Source.PRIVATE
    )
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoundParticipation(models.Model):
    """A co-investor's money in a round. ``source`` is copied from the register when made,
    so leverage already reported does not change if the register is corrected later."""

    round = models.ForeignKey(
        "portfolio.Round", on_delete=models.PROTECT, related_name="participations"
    )
    co_investor = models.ForeignKey(
        CoInvestor, on_delete=models.PROTECT, related_name="participations"
    )
    amount = money("amount (GBP)")
    same_terms = models.BooleanField(
        "on the same terms as the fund",
        default=True,
        help_text="Only money on the same terms counts as leverage for the fund.",
    )
    source = models.CharField(
        "private or public money", max_length=10, choices=CoInvestor.Source.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "co_investor__name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="participation_amount_positive"),
            models.UniqueConstraint(
                fields=["round", "co_investor"], name="participation_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.co_investor} £{self.amount:,.2f}"
