from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from grants.models.call import Call, CostCategory


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ELIGIBILITY_CHECK = "eligibility_check", "Eligibility check"
        IN_ASSESSMENT = "in_assessment", "In assessment"
        PANEL = "panel", "Panel"
        MORE_INFO_REQUESTED = "more_info_requested", "More information requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        OFFER_SENT = "offer_sent", "Offer sent"
        OFFER_ACCEPTED = "offer_accepted", "Offer accepted"
        IN_DELIVERY = "in_delivery", "In delivery"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Barrier(models.TextChoices):
        EQUIPMENT = "equipment", "Specialist equipment"
        PROTOTYPE = "prototype", "Prototype"
        MARKET_RESEARCH = "market_research", "Market research"
        REGULATORY = "regulatory", "Regulatory or certification step"
        CLINICAL_EVALUATION = "clinical_evaluation", "Clinical evaluation"

    S = Status
    # "Open" states (withdrawal allowed) end once the applicant accepts the offer: after that
    # the grant is a contract and ends by closing (with a clawback if money must come back).
    OPEN_STATES = frozenset(
        {
            S.DRAFT,
            S.SUBMITTED,
            S.ELIGIBILITY_CHECK,
            S.IN_ASSESSMENT,
            S.PANEL,
            S.MORE_INFO_REQUESTED,
            S.APPROVED,
            S.OFFER_SENT,
        }
    )
    # States from which staff may ask for more information; the answer returns there.
    INFO_STATES = frozenset({S.ELIGIBILITY_CHECK, S.IN_ASSESSMENT, S.PANEL})
    TRANSITIONS = {
        S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
        S.SUBMITTED: {S.ELIGIBILITY_CHECK, S.WITHDRAWN},
        S.ELIGIBILITY_CHECK: {S.IN_ASSESSMENT, S.REJECTED, S.MORE_INFO_REQUESTED, S.WITHDRAWN},
        S.IN_ASSESSMENT: {S.PANEL, S.MORE_INFO_REQUESTED, S.WITHDRAWN},
        S.PANEL: {S.APPROVED, S.REJECTED, S.MORE_INFO_REQUESTED, S.WITHDRAWN},
        S.MORE_INFO_REQUESTED: {S.ELIGIBILITY_CHECK, S.IN_ASSESSMENT, S.PANEL, S.WITHDRAWN},
        S.APPROVED: {S.OFFER_SENT, S.WITHDRAWN},
        S.OFFER_SENT: {S.OFFER_ACCEPTED, S.WITHDRAWN},
        S.OFFER_ACCEPTED: {S.IN_DELIVERY},
        S.IN_DELIVERY: {S.CLOSED},
    }
    # Staff-only destinations. Moves an applicant makes (submit, answer, withdraw, accept,
    # first claim) and assessment moves are checked by the services themselves.
    TRANSITION_PERMISSIONS = {
        S.MORE_INFO_REQUESTED: "grants.manage_application",
        S.APPROVED: "grants.decide_application",
        S.REJECTED: "grants.decide_application",
        S.OFFER_SENT: "grants.manage_application",
    }
    DECIDED_STATES = frozenset({S.APPROVED, S.REJECTED})
    # An award reserves budget from approval on; it is committed once the offer is accepted.
    PENDING_STATES = frozenset({S.APPROVED, S.OFFER_SENT})
    COMMITTED_STATES = frozenset({S.OFFER_ACCEPTED, S.IN_DELIVERY, S.CLOSED})

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "fundops.Organisation", on_delete=models.PROTECT, related_name="grant_applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_applications"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    barrier = models.CharField(max_length=30, choices=Barrier.choices)
    answers = models.JSONField(default=dict, blank=True)
    amount_requested = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_awarded = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    project_start = models.DateField(null=True, blank=True)
    project_end = models.DateField(null=True, blank=True)
    declaration_accepted = models.BooleanField(default=False)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    # Where "more information requested" came from, so the answer goes back there.
    info_return_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    info_request = models.TextField(blank=True)
    info_response = models.TextField(blank=True)
    eligibility_passed = models.BooleanField(null=True)
    eligibility_override_reason = models.TextField(blank=True)
    weighted_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    moderation_required = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    days_to_decision = models.PositiveIntegerField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    claim_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    demo_key = models.CharField(max_length=60, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("manage_application", "Can run an application through assessment and delivery"),
            ("decide_application", "Can approve or reject an application at panel"),
            ("score_application", "Can score applications assigned to them"),
            ("check_claim", "Can check and approve grant claims"),
            ("release_payment", "Can release grant payments"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_requested__isnull=True)
                | models.Q(amount_requested__gt=0),
                name="application_amount_requested_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_awarded__isnull=True) | models.Q(amount_awarded__gt=0),
                name="application_amount_awarded_positive",
            ),
        ]
        indexes = [models.Index(fields=["status", "call"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"G-{self.pk:05d}" if self.pk else "G-new"


class EligibilityCheck(models.Model):
    """One rule's result at the last check, with the reason staff and applicant see."""

    class Rule(models.TextChoices):
        SME = "sme", "SME"
        REGION = "region", "Registered in the region"
        AMOUNT = "amount", "Amount within the call's limits"
        INTERVENTION_RATE = "intervention_rate", "Within the intervention rate"
        SUBSIDY_LIMIT = "subsidy_limit", "Minimal financial assistance limit"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    rule = models.CharField(max_length=30, choices=Rule.choices)
    passed = models.BooleanField()
    reason = models.TextField()
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rule"], name="eligibility_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {'pass' if self.passed else 'fail'}"


class CostLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="cost_lines"
    )
    item = models.CharField(max_length=200)
    category = models.CharField(max_length=30, choices=CostCategory.choices)
    supplier = models.CharField(max_length=200, blank=True)
    net_amount = models.DecimalField(max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(net_amount__gt=0), name="cost_line_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.net_amount})"

    @property
    def organisation_id(self) -> int:
        return self.application.organisation_id

    @property
    def is_eligible(self) -> bool:
        return self.category in self.application.call.eligible_categories


class MatchFunding(models.Model):
    class Kind(models.TextChoices):
        PRIVATE = "private", "Private"
        PUBLIC = "public", "Public"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="match_funding"
    )
    source = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    secured = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="match_funding_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} ({self.amount})"


class MFADeclaration(models.Model):
    """Minimal financial assistance (or de minimis / SAFA) the organisation declared."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="mfa_declarations"
    )
    awarding_body = models.CharField(max_length=200)
    received_on = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "received_on"]
        verbose_name = "MFA declaration"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="mfa_declaration_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.awarding_body} {self.received_on} ({self.amount})"
