from __future__ import annotations

from rest_framework import serializers

from portfolio.models import (
    CoInvestor,
    Investment,
    LedgerEntry,
    MonitoringReturn,
    Round,
    RoundParticipation,
    Valuation,
)
from portfolio.services.monitoring import RETURN_FIELDS

MONEY = {"max_digits": 14, "decimal_places": 2}


class ParticipationOutput(serializers.ModelSerializer):
    co_investor = serializers.StringRelatedField()

    class Meta:
        model = RoundParticipation
        fields = ["id", "round", "co_investor", "co_investor_id", "amount", "same_terms", "source"]


class RoundOutput(serializers.ModelSerializer):
    participations = ParticipationOutput(many=True, read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "organisation",
            "name",
            "date",
            "total_size",
            "pre_money_valuation",
            "price_per_share",
            "pre_money_shares",
            "participations",
        ]


class CoInvestorOutput(serializers.ModelSerializer):
    participations = ParticipationOutput(many=True, read_only=True)

    class Meta:
        model = CoInvestor
        fields = ["id", "name", "kind", "source", "website", "participations"]


class InvestmentOutput(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    latest_fair_value = serializers.DecimalField(**MONEY, read_only=True, allow_null=True)
    realised = serializers.DecimalField(**MONEY, read_only=True)

    class Meta:
        model = Investment
        fields = [
            "id",
            "reference",
            "organisation",
            "organisation_name",
            "fund",
            "round",
            "instrument",
            "is_follow_on",
            "amount",
            "invested_on",
            "status",
            "share_class",
            "shares",
            "price_per_share",
            "interest_rate",
            "discount",
            "cap",
            "maturity",
            "term_months",
            "converted_from",
            "latest_fair_value",
            "realised",
        ]


class LoanRowOutput(serializers.Serializer):
    number = serializers.IntegerField()
    due_on = serializers.DateField()
    payment = serializers.DecimalField(max_digits=14, decimal_places=2)
    interest = serializers.DecimalField(max_digits=14, decimal_places=2)
    principal = serializers.DecimalField(max_digits=14, decimal_places=2)
    balance = serializers.DecimalField(max_digits=14, decimal_places=2)


class LoanScheduleOutput(serializers.Serializer):
    investment = serializers.IntegerField()
    principal = serializers.DecimalField(max_digits=14, decimal_places=2)
    annual_rate = serializers.DecimalField(max_digits=7, decimal_places=4)
    term_months = serializers.IntegerField()
    total_payments = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_interest = serializers.DecimalField(max_digits=14, decimal_places=2)
    rows = LoanRowOutput(many=True)


class LedgerEntryOutput(serializers.ModelSerializer):
    reversed_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "investment",
            "kind",
            "date",
            "amount",
            "note",
            "reverses",
            "reversed_by",
            "corrects",
            "created_by",
            "created_at",
        ]


class LedgerEntryInput(serializers.Serializer):
    investment = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LedgerEntry.Kind.choices)
    date = serializers.DateField()
    amount = serializers.DecimalField(
        **MONEY, help_text="Signed: money out of the fund negative, money back positive."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=255)


class ReverseInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
    corrected_amount = serializers.DecimalField(
        **MONEY, required=False, help_text="The right amount, as a positive number (optional)."
    )
    corrected_date = serializers.DateField(required=False)


class ReverseOutput(serializers.Serializer):
    reversal = LedgerEntryOutput()
    correction = LedgerEntryOutput(allow_null=True)


class ValuationOutput(serializers.ModelSerializer):
    class Meta:
        model = Valuation
        fields = [
            "id",
            "investment",
            "valued_on",
            "fair_value",
            "method",
            "note",
            "approved_by",
            "created_at",
        ]


class ValuationInput(serializers.Serializer):
    investment = serializers.IntegerField()
    valued_on = serializers.DateField()
    fair_value = serializers.DecimalField(**MONEY, min_value=0)
    method = serializers.ChoiceField(choices=Valuation.Method.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class ExitInput(serializers.Serializer):
    date = serializers.DateField()
    proceeds = serializers.DecimalField(**MONEY, min_value=0)
    shares_sold = serializers.IntegerField(required=False, min_value=1)
    fraction = serializers.DecimalField(max_digits=9, decimal_places=8, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class WriteOffInput(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


class ConvertInput(serializers.Serializer):
    round = serializers.IntegerField()


class MonitoringReturnOutput(serializers.ModelSerializer):
    class Meta:
        model = MonitoringReturn
        fields = [
            "id",
            "organisation",
            "period",
            "period_end",
            "due_on",
            "status",
            *RETURN_FIELDS,
            "submitted_at",
            "submitted_by",
            "reminder_sent_at",
        ]


class MonitoringReturnSubmitInput(serializers.ModelSerializer):
    class Meta:
        model = MonitoringReturn
        fields = list(RETURN_FIELDS)
