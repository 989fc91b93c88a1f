from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from grants.models.application import Application, CostLine

MONEY = {"max_digits": 14, "decimal_places": 2}


class Offer(models.Model):
    """The offer letter with its minimal financial assistance notification."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="offer")
    amount = models.DecimalField(**MONEY)
    issued_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mfa_confirmed_at = models.DateTimeField(null=True, blank=True)
    mfa_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="offer_amount_positive")
        ]

    def __str__(self) -> str:
        return f"Offer for {self.application_id}"

    @property
    def organisation_id(self) -> int:
        return self.application.organisation_id


class MFAConfirmation(models.Model):
    """Kept on the first payment: the date the assistance was given and its gross value."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="mfa_confirmation"
    )
    confirmed_on = models.DateField()
    gross_amount = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "MFA confirmation"

    def __str__(self) -> str:
        return f"MFA {self.gross_amount} on {self.confirmed_on}"


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        PAID = "paid", "Paid"

    S = Status
    TRANSITIONS = {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.APPROVED, S.REJECTED},
        S.APPROVED: {S.PAID},
    }
    TRANSITION_PERMISSIONS = {
        S.APPROVED: "grants.check_claim",
        S.REJECTED: "grants.check_claim",
        S.PAID: "grants.release_payment",
    }

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="claims")
    period_start = models.DateField()
    period_end = models.DateField()
    is_final = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    grant_amount = models.DecimalField(**MONEY, null=True, blank=True)
    decision_note = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="claim_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(grant_amount__isnull=True) | models.Q(grant_amount__gte=0),
                name="claim_grant_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk} on {self.application_id}"

    @property
    def organisation_id(self) -> int:
        return self.application.organisation_id


class ClaimLine(models.Model):
    """Costs defrayed against one approved cost line; invoice and proof of payment attach as
    documents."""

    class Status(models.TextChoices):
        PENDING = "pending", "Not checked"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    cost_line = models.ForeignKey(CostLine, on_delete=models.PROTECT, related_name="claim_lines")
    description = models.CharField(max_length=200, blank=True)
    amount_defrayed = models.DecimalField(**MONEY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    check_note = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_defrayed__gt=0), name="claim_line_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cost_line.item}: {self.amount_defrayed}"

    @property
    def organisation_id(self) -> int:
        return self.claim.application.organisation_id


class Payment(models.Model):
    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment")
    amount = models.DecimalField(**MONEY)
    idempotency_key = models.CharField(max_length=100, unique=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_payments"
    )
    released_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-released_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payment_amount_positive"
            ),
            # Maker-checker, also in the database: whoever approved the claim cannot pay it.
            models.CheckConstraint(
                condition=~models.Q(approved_by=models.F("released_by")),
                name="payment_approver_is_not_payer",
            ),
        ]

    def __str__(self) -> str:
        return f"Payment {self.amount} for claim {self.claim_id}"


class Clawback(models.Model):
    class Status(models.TextChoices):
        RAISED = "raised", "Raised"
        REPAID = "repaid", "Repaid"
        WRITTEN_OFF = "written_off", "Written off"

    TRANSITIONS = {Status.RAISED: {Status.REPAID, Status.WRITTEN_OFF}}
    TRANSITION_PERMISSIONS = {
        Status.REPAID: "grants.release_payment",
        Status.WRITTEN_OFF: "grants.decide_application",
    }

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="clawbacks")
    amount = models.DecimalField(**MONEY)
    reason = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RAISED)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="clawback_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"Clawback {self.amount} on {self.application_id}"


class OutcomeReport(models.Model):
    class Kind(models.TextChoices):
        SIX_MONTHS = "6m", "6 months"
        TWELVE_MONTHS = "12m", "12 months"

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="outcome_reports"
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    due_on = models.DateField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    jobs_created = models.PositiveIntegerField(default=0)
    jobs_safeguarded = models.PositiveIntegerField(default=0)
    prototype_built = models.BooleanField(default=False)
    regulatory_submission = models.BooleanField(default=False)
    first_sale = models.BooleanField(default=False)
    new_to_market_product = models.BooleanField(default=False)
    follow_on_private = models.DecimalField(**MONEY, default=0)
    follow_on_public = models.DecimalField(**MONEY, default=0)
    narrative = models.TextField(blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="outcome_report_once"),
            models.CheckConstraint(
                condition=models.Q(follow_on_private__gte=0) & models.Q(follow_on_public__gte=0),
                name="outcome_follow_on_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} report on {self.application_id}"

    @property
    def organisation_id(self) -> int:
        return self.application.organisation_id
