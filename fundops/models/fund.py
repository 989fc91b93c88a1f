from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from simple_history.models import HistoricalRecords


class Fund(models.Model):
    """A fund of public money. Its capital is the sum of its commitments by source."""

    class Currency(models.TextChoices):
        GBP = "GBP", "Pound sterling"

    name = models.CharField(max_length=200, unique=True)
    vintage = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="Year of the fund's first close.",
    )
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.GBP)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-vintage", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.vintage})"

    def public_capital(self) -> Decimal:
        total = self.capital_sources.aggregate(total=Sum("amount"))["total"]
        return total or Decimal("0.00")


class FundCapital(models.Model):
    """One source of the fund's public capital, e.g. the regional allocation."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", "Regional allocation"
        OTHER_PUBLIC = "other_public", "Other public money"

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="capital_sources")
    source = models.CharField(max_length=200, help_text="Who committed the money.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    committed_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["fund", "committed_on", "source"]
        verbose_name_plural = "fund capital"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_capital_amount_positive"
            ),
            models.UniqueConstraint(fields=["fund", "source"], name="fund_capital_source_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source}: £{self.amount:,.2f}"
