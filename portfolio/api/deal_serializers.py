"""Serialisers of the deal pipeline API (inputs validate shape; the services decide)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from fundops.models import User
from portfolio.models import (
    CoInvestor,
    DDItem,
    Deal,
    DealClarification,
    DealCoInvestor,
    ICCondition,
    ICConflict,
    ICDecision,
    ICVote,
    Investment,
    Workstream,
)
from portfolio.selectors_deals import (
    days_in_stage,
    deal_leverage,
    deal_rule_results,
    deal_stage_timing,
    ic_tally,
    is_overdue,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
MONEY_IN = {**MONEY, "min_value": 0}
_staff = User.objects.filter(is_staff=True, is_active=True)


class DealCoInvestorOutput(serializers.ModelSerializer):
    class Meta:
        model = DealCoInvestor
        fields = [
            "id",
            "name",
            "co_investor",
            "amount",
            "same_terms",
            "is_lead",
            "is_private",
            "actual_amount",
        ]


class ClarificationOutput(serializers.ModelSerializer):
    asked_by = serializers.StringRelatedField()

    class Meta:
        model = DealClarification
        fields = ["id", "deal", "question", "asked_by", "asked_at", "answer", "answered_at"]


class RuleOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    message = serializers.CharField()


class StageSpanOutput(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    entered_at = serializers.DateTimeField()
    left_at = serializers.DateTimeField(allow_null=True)
    days = serializers.IntegerField()
    target_days = serializers.IntegerField(allow_null=True)
    overdue = serializers.BooleanField()


class DealListOutput(serializers.ModelSerializer):
    company = serializers.CharField(source="organisation.name", read_only=True)
    owner = serializers.StringRelatedField()
    days_in_stage = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Deal
        fields = [
            "id",
            "reference",
            "organisation",
            "company",
            "fund",
            "status",
            "amount_sought",
            "instrument",
            "owner",
            "days_in_stage",
            "overdue",
            "submitted_at",
        ]

    def get_days_in_stage(self, deal: Deal) -> int:
        return days_in_stage(deal)

    def get_overdue(self, deal: Deal) -> bool:
        return is_overdue(deal)


class DealDetailOutput(DealListOutput):
    co_investors = DealCoInvestorOutput(many=True, read_only=True)
    clarifications = ClarificationOutput(many=True, read_only=True)
    leverage = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()
    stage_timing = serializers.SerializerMethodField()
    investment = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(DealListOutput.Meta):
        fields = [
            *DealListOutput.Meta.fields,
            "round_size",
            "pre_money_valuation",
            "use_of_funds",
            "product_stage",
            "deal_type",
            "regulatory_pathway",
            "regulatory_notes",
            "closed_reason",
            "co_investors",
            "clarifications",
            "leverage",
            "rules",
            "stage_timing",
            "investment",
        ]

    def get_leverage(self, deal: Deal) -> str | None:
        ratio = deal_leverage(deal=deal).ratio
        return None if ratio is None else f"{ratio:.2f}"

    def get_rules(self, deal: Deal) -> list[dict[str, Any]]:
        return RuleOutput(deal_rule_results(deal=deal), many=True).data  # type: ignore[return-value]

    def get_stage_timing(self, deal: Deal) -> list[dict[str, Any]]:
        return StageSpanOutput(deal_stage_timing(deal=deal), many=True).data  # type: ignore[return-value]


class DealCreateInput(serializers.Serializer):
    organisation = serializers.IntegerField()
    fund = serializers.IntegerField()
    amount_sought = serializers.DecimalField(**MONEY_IN, required=False, allow_null=True)
    round_size = serializers.DecimalField(**MONEY_IN, required=False, allow_null=True)
    instrument = serializers.ChoiceField(
        choices=Investment.Instrument.choices, required=False, allow_blank=True
    )
    pre_money_valuation = serializers.DecimalField(**MONEY_IN, required=False, allow_null=True)
    use_of_funds = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    product_stage = serializers.ChoiceField(
        choices=Deal.ProductStage.choices, required=False, allow_blank=True
    )
    deal_type = serializers.ChoiceField(choices=Deal.DealType.choices, required=False)
    regulatory_pathway = serializers.ChoiceField(
        choices=Deal.RegulatoryPathway.choices, required=False, allow_blank=True
    )
    regulatory_notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class DealUpdateInput(DealCreateInput):
    organisation = None  # type: ignore[assignment]
    fund = None  # type: ignore[assignment]


class DealReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class MoveInput(serializers.Serializer):
    to = serializers.ChoiceField(choices=Deal.Status.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OwnerInput(serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=_staff)


class DealQuestionInput(serializers.Serializer):
    question = serializers.CharField(max_length=5000)


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)


class CoInvestorInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    co_investor = serializers.PrimaryKeyRelatedField(
        queryset=CoInvestor.objects.all(), required=False, allow_null=True, default=None
    )
    amount = serializers.DecimalField(**MONEY)
    same_terms = serializers.BooleanField(default=True)
    is_lead = serializers.BooleanField(default=False)
    is_private = serializers.BooleanField(default=True)


class CoInvestorUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    amount = serializers.DecimalField(**MONEY, required=False)
    same_terms = serializers.BooleanField(required=False)
    is_lead = serializers.BooleanField(required=False)
    is_private = serializers.BooleanField(required=False)


class DocumentKindInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["pitch_deck", "financials", "other"])


class DDItemOutput(serializers.ModelSerializer):
    owner_name = serializers.StringRelatedField(source="owner")
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = DDItem
        fields = [
            "id",
            "deal",
            "workstream",
            "title",
            "guidance",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "rag",
            "findings",
            "waived_reason",
            "closed_at",
            "is_open",
        ]


class DDItemInput(serializers.Serializer):
    workstream = serializers.ChoiceField(choices=Workstream.choices)
    title = serializers.CharField(max_length=200)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=_staff, required=False, allow_null=True, default=None
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class DDItemUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=_staff, required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=DDItem.Status.choices, required=False)
    rag = serializers.ChoiceField(choices=DDItem.Rag.choices, required=False, allow_blank=True)
    findings = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    waived_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ConflictInput(serializers.Serializer):
    conflicted = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ConflictOutput(serializers.ModelSerializer):
    member = serializers.StringRelatedField()

    class Meta:
        model = ICConflict
        fields = ["id", "deal", "member", "conflicted", "note", "declared_at"]


class VoteInput(serializers.Serializer):
    vote = serializers.ChoiceField(choices=ICVote.Choice.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class VoteOutput(serializers.ModelSerializer):
    member = serializers.StringRelatedField()

    class Meta:
        model = ICVote
        fields = ["id", "deal", "member", "vote", "comment", "cast_at"]


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ICDecision.Outcome.choices)
    conditions = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, default=list
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ConditionOutput(serializers.ModelSerializer):
    met_by = serializers.StringRelatedField()

    class Meta:
        model = ICCondition
        fields = ["id", "deal", "text", "met_at", "met_by", "note"]


class DecisionOutput(serializers.ModelSerializer):
    decided_by = serializers.StringRelatedField()
    conditions = ConditionOutput(source="deal.ic_conditions", many=True, read_only=True)

    class Meta:
        model = ICDecision
        fields = [
            "id",
            "deal",
            "outcome",
            "note",
            "approves",
            "declines",
            "abstains",
            "decided_by",
            "decided_at",
            "conditions",
        ]


class ConditionMeetInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class CommitteeOutput(serializers.Serializer):
    """The committee's state on a deal: tally, quorum, votes, declarations, decision."""

    approves = serializers.IntegerField()
    declines = serializers.IntegerField()
    abstains = serializers.IntegerField()
    quorum = serializers.IntegerField()
    quorum_met = serializers.BooleanField()
    majority = serializers.CharField()
    carried = serializers.BooleanField()
    votes = VoteOutput(many=True)
    conflicts = ConflictOutput(many=True)
    conditions = ConditionOutput(many=True)

    @staticmethod
    def for_deal(deal: Deal) -> dict[str, Any]:
        tally = ic_tally(deal=deal)
        return {
            "approves": tally.approves,
            "declines": tally.declines,
            "abstains": tally.abstains,
            "quorum": tally.quorum,
            "quorum_met": tally.quorum_met,
            "majority": tally.majority,
            "carried": tally.carried,
            "votes": deal.votes.select_related("member"),
            "conflicts": deal.conflicts.select_related("member"),
            "conditions": deal.ic_conditions.select_related("met_by"),
        }


class CompleteInput(serializers.Serializer):
    completed_on = serializers.DateField()
    round_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    instrument = serializers.ChoiceField(choices=Investment.Instrument.choices)
    share_class = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    shares = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    price_per_share = serializers.DecimalField(
        max_digits=20, decimal_places=6, required=False, allow_null=True, default=None
    )
    interest_rate = serializers.DecimalField(
        max_digits=7, decimal_places=4, required=False, allow_null=True, default=None
    )
    discount = serializers.DecimalField(
        max_digits=7, decimal_places=4, required=False, allow_null=True, default=None
    )
    cap = serializers.DecimalField(**MONEY, required=False, allow_null=True, default=None)
    maturity = serializers.DateField(required=False, allow_null=True, default=None)
    term_months = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None
    )
    co_investor_amounts = serializers.DictField(
        child=serializers.DecimalField(**MONEY_IN), required=False, default=dict
    )

    def validate_co_investor_amounts(self, value: dict[str, Any]) -> dict[int, Any]:
        try:
            return {int(key): amount for key, amount in value.items()}
        except ValueError as error:
            raise serializers.ValidationError("Keys are the deal's co-investor ids.") from error
