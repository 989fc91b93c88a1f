from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fundops.models import Fund
from reporting.forms import AS_OF_IN_FUTURE
from reporting.models import BoardPack

GROUPS = ("vintage", "sector", "instrument", "stage")


def _not_in_future(value: date) -> date:
    if value > timezone.localdate():
        raise serializers.ValidationError(AS_OF_IN_FUTURE)
    return value


class FundAsOfQuery(serializers.Serializer):
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all())
    as_of = serializers.DateField(
        required=False, validators=[_not_in_future], help_text="YYYY-MM-DD; default today."
    )


class MetricsQuery(FundAsOfQuery):
    group_by = serializers.ChoiceField(
        choices=GROUPS,
        required=False,
        help_text="Also return the figures per group: vintage year, sector, instrument, or "
        "stage (initial vs follow-on).",
    )


class BoardPackInput(serializers.Serializer):
    fund = serializers.PrimaryKeyRelatedField(queryset=Fund.objects.all())
    as_of = serializers.DateField(validators=[_not_in_future])


class BoardPackOutput(serializers.ModelSerializer):
    fund_name = serializers.CharField(source="fund.name", read_only=True)
    requested_by = serializers.CharField(source="requested_by.email", read_only=True)
    status_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = BoardPack
        fields = [
            "id",
            "fund",
            "fund_name",
            "as_of",
            "status",
            "progress",
            "step",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "attempts",
            "error",
            "size",
            "fingerprint",
            "status_url",
            "download_url",
        ]

    def get_status_url(self, pack: BoardPack) -> str:
        return reverse("reporting-pack-detail", args=[pack.pk])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, pack: BoardPack) -> str | None:
        if pack.status != BoardPack.Status.DONE:
            return None
        return reverse("reporting-pack-download", args=[pack.pk])
