"""Output and input serialisers of the grants API (no rules here: services hold them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fundops.api.serializers import WorkflowEventOutput
from fundops.workflow import events_for
from grants import models as m


class CriterionOutput(serializers.ModelSerializer):
    class Meta:
        model = m.Criterion
        fields = ["id", "name", "guidance", "weight", "order"]


class CallOutput(serializers.ModelSerializer):
    criteria = CriterionOutput(many=True, read_only=True)

    class Meta:
        model = m.Call
        fields = [
            "id",
            "name",
            "description",
            "fund",
            "opens_at",
            "closes_at",
            "budget",
            "min_award",
            "max_award",
            "intervention_rate",
            "eligible_categories",
            "questions",
            "requires_sme",
            "requires_region",
            "applies_subsidy_limit",
            "pass_mark",
            "moderation_spread",
            "criteria",
        ]


class CriterionInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")
    weight = serializers.IntegerField(min_value=1, max_value=100)


class CallInput(serializers.ModelSerializer):
    criteria = CriterionInput(many=True)
    eligible_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=m.CostCategory.choices)
    )

    class Meta:
        model = m.Call
        fields = [
            "name",
            "description",
            "fund",
            "opens_at",
            "closes_at",
            "budget",
            "min_award",
            "max_award",
            "intervention_rate",
            "eligible_categories",
            "requires_sme",
            "requires_region",
            "applies_subsidy_limit",
            "pass_mark",
            "moderation_spread",
            "criteria",
        ]


class BudgetOutput(serializers.Serializer):
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    pending = serializers.DecimalField(max_digits=14, decimal_places=2)
    committed = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2)


class CostLineOutput(serializers.ModelSerializer):
    is_eligible = serializers.BooleanField(read_only=True)

    class Meta:
        model = m.CostLine
        fields = ["id", "item", "category", "supplier", "net_amount", "is_eligible"]


class CostLineInput(serializers.Serializer):
    item = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=m.CostCategory.choices)
    supplier = serializers.CharField(max_length=200, required=False, allow_blank=True)
    net_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )


class CostLineUpdateInput(CostLineInput):
    item = serializers.CharField(max_length=200, required=False)
    category = serializers.ChoiceField(choices=m.CostCategory.choices, required=False)
    net_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False
    )


class MatchFundingOutput(serializers.ModelSerializer):
    class Meta:
        model = m.MatchFunding
        fields = ["id", "source", "amount", "kind", "secured"]


class MatchFundingInput(serializers.Serializer):
    source = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    kind = serializers.ChoiceField(choices=m.MatchFunding.Kind.choices)
    secured = serializers.BooleanField(default=False)


class MFADeclarationOutput(serializers.ModelSerializer):
    class Meta:
        model = m.MFADeclaration
        fields = ["id", "awarding_body", "received_on", "amount"]


class MFADeclarationInput(serializers.Serializer):
    awarding_body = serializers.CharField(max_length=200)
    received_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))


class EligibilityCheckOutput(serializers.ModelSerializer):
    class Meta:
        model = m.EligibilityCheck
        fields = ["rule", "passed", "reason", "checked_at"]


class ScoreOutput(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.name")

    class Meta:
        model = m.Score
        fields = ["criterion", "score", "comment", "scored_at"]


class AssignmentOutput(serializers.ModelSerializer):
    assessor = serializers.StringRelatedField()
    application_title = serializers.CharField(source="application.title")
    organisation = serializers.CharField(source="application.organisation.name")
    scores = ScoreOutput(many=True, read_only=True)

    class Meta:
        model = m.Assignment
        fields = [
            "id",
            "application",
            "application_title",
            "organisation",
            "assessor",
            "assigned_at",
            "conflict_declared",
            "conflict_note",
            "declared_at",
            "total",
            "completed_at",
            "scores",
        ]


class ApplicationListOutput(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name")
    call_name = serializers.CharField(source="call.name")

    class Meta:
        model = m.Application
        fields = [
            "id",
            "reference",
            "title",
            "status",
            "call",
            "call_name",
            "organisation",
            "organisation_name",
            "barrier",
            "amount_requested",
            "amount_awarded",
            "eligibility_passed",
            "weighted_score",
            "moderation_required",
            "submitted_at",
            "decided_at",
            "days_to_decision",
        ]


class ApplicationDetailOutput(ApplicationListOutput):
    cost_lines = CostLineOutput(many=True, read_only=True)
    match_funding = MatchFundingOutput(many=True, read_only=True)
    mfa_declarations = MFADeclarationOutput(many=True, read_only=True)
    eligibility_checks = EligibilityCheckOutput(many=True, read_only=True)
    assignments = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(ApplicationListOutput.Meta):
        fields = [
            *ApplicationListOutput.Meta.fields,
            "summary",
            "answers",
            "project_start",
            "project_end",
            "declaration_accepted",
            "info_request",
            "info_response",
            "decision_reason",
            "eligibility_override_reason",
            "cost_lines",
            "match_funding",
            "mfa_declarations",
            "eligibility_checks",
            "assignments",
            "history",
        ]

    @extend_schema_field(AssignmentOutput(many=True))
    def get_assignments(self, application: m.Application) -> list[dict[str, Any]]:
        request = self.context.get("request")
        if request is None or not request.user.is_staff:
            return []  # assessors' identities and scores are for staff only
        return AssignmentOutput(application.assignments.all(), many=True).data

    @extend_schema_field(WorkflowEventOutput(many=True))
    def get_history(self, application: m.Application) -> list[dict[str, Any]]:
        return WorkflowEventOutput(events_for(application), many=True).data


class ApplicationCreateInput(serializers.Serializer):
    call = serializers.IntegerField()
    organisation = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    barrier = serializers.ChoiceField(choices=m.Application.Barrier.choices, required=False)


class ApplicationUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    barrier = serializers.ChoiceField(choices=m.Application.Barrier.choices, required=False)
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    amount_requested = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    project_start = serializers.DateField(required=False)
    project_end = serializers.DateField(required=False)
    declaration_accepted = serializers.BooleanField(required=False)


class OfferOutput(serializers.ModelSerializer):
    class Meta:
        model = m.Offer
        fields = [
            "id",
            "application",
            "amount",
            "issued_at",
            "sent_at",
            "accepted_at",
            "mfa_confirmed_at",
        ]


class ClaimLineOutput(serializers.ModelSerializer):
    cost_line_item = serializers.CharField(source="cost_line.item")

    class Meta:
        model = m.ClaimLine
        fields = [
            "id",
            "cost_line",
            "cost_line_item",
            "description",
            "amount_defrayed",
            "status",
            "check_note",
            "checked_at",
        ]


class ClaimOutput(serializers.ModelSerializer):
    lines = ClaimLineOutput(many=True, read_only=True)

    class Meta:
        model = m.Claim
        fields = [
            "id",
            "application",
            "period_start",
            "period_end",
            "is_final",
            "status",
            "submitted_at",
            "approved_at",
            "grant_amount",
            "decision_note",
            "due_on",
            "lines",
        ]


class ClaimInput(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    is_final = serializers.BooleanField(default=False)


class ClaimLineInput(serializers.Serializer):
    cost_line = serializers.IntegerField()
    amount_defrayed = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PaymentOutput(serializers.ModelSerializer):
    class Meta:
        model = m.Payment
        fields = [
            "id",
            "claim",
            "amount",
            "idempotency_key",
            "approved_by",
            "released_by",
            "released_at",
        ]


class ClawbackOutput(serializers.ModelSerializer):
    class Meta:
        model = m.Clawback
        fields = ["id", "application", "amount", "reason", "status", "raised_at", "resolved_at"]


class OutcomeReportOutput(serializers.ModelSerializer):
    class Meta:
        model = m.OutcomeReport
        fields = [
            "id",
            "application",
            "kind",
            "due_on",
            "submitted_at",
            "jobs_created",
            "jobs_safeguarded",
            "prototype_built",
            "regulatory_submission",
            "first_sale",
            "new_to_market_product",
            "follow_on_private",
            "follow_on_public",
            "narrative",
        ]


class OutcomeReportInput(serializers.Serializer):
    jobs_created = serializers.IntegerField(min_value=0)
    jobs_safeguarded = serializers.IntegerField(min_value=0)
    prototype_built = serializers.BooleanField()
    regulatory_submission = serializers.BooleanField()
    first_sale = serializers.BooleanField()
    new_to_market_product = serializers.BooleanField()
    follow_on_private = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    follow_on_public = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    narrative = serializers.CharField(required=False, allow_blank=True)


class TimingsOutput(serializers.Serializer):
    days_to_decision = serializers.IntegerField(allow_null=True)
    seconds_in_status = serializers.DictField(child=serializers.FloatField())
