from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fundops.models import Document, Fund, FundCapital, Organisation, User, WorkflowEvent


class UserOutput(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "is_staff", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_slugs)


class OrganisationOutput(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "company_number",
            "registered_postcode",
            "headcount",
            "turnover",
            "balance_sheet_total",
            "sector",
            "sub_sector",
            "website",
            "status",
            "created_at",
            "updated_at",
        ]


class OrganisationInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    company_number = serializers.CharField(max_length=10)
    registered_postcode = serializers.CharField(max_length=10)
    headcount = serializers.IntegerField(min_value=0)
    turnover = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    balance_sheet_total = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    sector = serializers.ChoiceField(choices=Organisation.Sector.choices)
    sub_sector = serializers.ChoiceField(choices=Organisation.SubSector.choices)
    website = serializers.URLField(required=False, allow_blank=True)


class TransitionInput(serializers.Serializer):
    to = serializers.CharField(max_length=40)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class WorkflowEventOutput(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    model = serializers.CharField(source="content_type.model")

    class Meta:
        model = WorkflowEvent
        fields = ["id", "model", "object_id", "from_status", "to_status", "actor", "reason", "at"]


class FundCapitalOutput(serializers.ModelSerializer):
    class Meta:
        model = FundCapital
        fields = ["id", "source", "kind", "amount", "committed_on"]


class FundOutput(serializers.ModelSerializer):
    capital_sources = FundCapitalOutput(many=True, read_only=True)
    public_capital = serializers.SerializerMethodField()

    class Meta:
        model = Fund
        fields = [
            "id",
            "name",
            "vintage",
            "currency",
            "description",
            "public_capital",
            "capital_sources",
        ]

    def get_public_capital(self, fund: Fund) -> str:
        return f"{sum((c.amount for c in fund.capital_sources.all()), start=0):.2f}"


class DocumentOutput(serializers.ModelSerializer):
    attached_to = serializers.SerializerMethodField()
    owner = serializers.StringRelatedField()

    class Meta:
        model = Document
        fields = [
            "id",
            "original_name",
            "content_type_sniffed",
            "size",
            "description",
            "owner",
            "uploaded_at",
            "attached_to",
            "organisation",
        ]

    @extend_schema_field(
        {"type": "object", "properties": {"model": {"type": "string"}, "id": {"type": "integer"}}}
    )
    def get_attached_to(self, document: Document) -> dict[str, object]:
        return {"model": document.content_type.model, "id": document.object_id}


class HistoryOutput(serializers.Serializer):
    history_id = serializers.IntegerField()
    history_date = serializers.DateTimeField()
    history_type = serializers.CharField()
    history_user = serializers.StringRelatedField()
    history_change_reason = serializers.CharField(allow_null=True)
    changes = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "old": {"type": "string"},
                    "new": {"type": "string"},
                },
            },
        }
    )
    def get_changes(self, record: object) -> list[dict[str, object]]:
        previous = record.prev_record  # type: ignore[attr-defined]
        if previous is None:
            return []
        delta = record.diff_against(previous)  # type: ignore[attr-defined]
        return [{"field": c.field, "old": str(c.old), "new": str(c.new)} for c in delta.changes]
