from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from grants.models.application import Application
from grants.models.call import Criterion


class Assignment(models.Model):
    """An assessor on an application. ``conflict_declared`` is None until they declare."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    conflict_declared = models.BooleanField(null=True)
    conflict_note = models.TextField(blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="Weighted %, 0–100."
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], name="assignment_once_per_assessor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessor} on {self.application_id}"

    @property
    def can_score(self) -> bool:
        return self.conflict_declared is False


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    scored_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["assignment", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=5), name="score_0_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score}"


class Approval(models.Model):
    """A panel member's approval. Above the four-eyes threshold two different people must
    approve; the unique constraint makes a second approval by the same person impossible."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_approvals"
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.TextField(blank=True)
    approved_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "approver"], name="approval_once_per_approver"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="approval_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.approver} approved {self.application_id}"
