"""Investment committee: conflicts, votes, the decision and its conditions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ICConflict(models.Model):
    """A member's declaration on a deal: conflicted members cannot vote."""

    deal = models.ForeignKey("portfolio.Deal", on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ic_conflicts"
    )
    conflicted = models.BooleanField()
    note = models.TextField(blank=True)
    declared_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["deal", "declared_at"]
        verbose_name = "IC conflict declaration"
        constraints = [models.UniqueConstraint(fields=["deal", "member"], name="ic_conflict_once")]

    def __str__(self) -> str:
        return f"{self.member} on {self.deal_id}: {'conflicted' if self.conflicted else 'none'}"


class ICVote(models.Model):
    class Choice(models.TextChoices):
        APPROVE = "approve", "Approve"
        DECLINE = "decline", "Decline"
        ABSTAIN = "abstain", "Abstain"

    deal = models.ForeignKey("portfolio.Deal", on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ic_votes"
    )
    vote = models.CharField(max_length=10, choices=Choice.choices)
    comment = models.TextField(blank=True)
    cast_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["deal", "cast_at"]
        verbose_name = "IC vote"
        constraints = [models.UniqueConstraint(fields=["deal", "member"], name="ic_vote_once")]

    def __str__(self) -> str:
        return f"{self.member}: {self.vote}"


class ICDecision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    deal = models.OneToOneField(
        "portfolio.Deal", on_delete=models.CASCADE, related_name="ic_decision"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField(blank=True)
    approves = models.PositiveSmallIntegerField()
    declines = models.PositiveSmallIntegerField()
    abstains = models.PositiveSmallIntegerField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        verbose_name = "IC decision"

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.outcome}"


class ICCondition(models.Model):
    """A condition of the committee's approval, ticked off (who, when) before completion."""

    deal = models.ForeignKey(
        "portfolio.Deal", on_delete=models.CASCADE, related_name="ic_conditions"
    )
    text = models.TextField()
    met_at = models.DateTimeField(null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["deal", "pk"]
        verbose_name = "IC condition"

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_met(self) -> bool:
        return self.met_at is not None
