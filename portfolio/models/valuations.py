from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from portfolio.models.fields import money


class Valuation(models.Model):
    """A dated fair value under the IPEV guidelines. Rows are added, never edited: the
    latest as of a date is ``portfolio.selectors.valuation_latest``. Only a user allowed to
    approve valuations records one, so the recorder is the approver (``approved_by``)."""

    class Method(models.TextChoices):
        RECENT_INVESTMENT = "recent_investment", "Price of recent investment"
        MILESTONES = "milestones", "Milestones"
        MULTIPLES = "multiples", "Multiples"
        DCF = "dcf", "Discounted cash flow"
        NET_ASSETS = "net_assets", "Net assets"
        WRITE_DOWN = "write_down", "Write-down"

    investment = models.ForeignKey(
        "portfolio.Investment", on_delete=models.PROTECT, related_name="valuations"
    )
    valued_on = models.DateField()
    fair_value = money("fair value (GBP)")
    method = models.CharField("IPEV method", max_length=20, choices=Method.choices)
    note = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["investment", "-valued_on", "-pk"]
        permissions = [("approve_valuation", "Can record and approve a valuation")]
        constraints = [
            models.CheckConstraint(
                condition=Q(fair_value__gte=0), name="valuation_fair_value_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["investment", "valued_on"])]

    def __str__(self) -> str:
        return f"£{self.fair_value:,.2f} on {self.valued_on}"
