"""Admin: the register of co-investors is editable; the book of record is read-only here
(money and decisions change only through the services, which check, lock and audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from portfolio.models import (
    CoInvestor,
    Exit,
    Investment,
    LedgerEntry,
    MonitoringReturn,
    Round,
    RoundParticipation,
    Valuation,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CoInvestor)
class CoInvestorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "source", "website"]
    list_filter = ["kind", "source"]
    search_fields = ["name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # participations point at the register: its history across deals stays


class ParticipationInline(admin.TabularInline):
    model = RoundParticipation
    extra = 0
    fields = ["co_investor", "amount", "same_terms", "source"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "name", "date", "total_size", "pre_money_valuation"]
    search_fields = ["organisation__name", "name"]
    date_hierarchy = "date"
    inlines = [ParticipationInline]
    list_select_related = ["organisation"]


@admin.register(Investment)
class InvestmentAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "organisation",
        "fund",
        "instrument",
        "is_follow_on",
        "amount",
        "invested_on",
        "status",
    ]
    list_filter = ["fund", "instrument", "status", "is_follow_on"]
    search_fields = ["reference", "organisation__name"]
    list_select_related = ["organisation", "fund"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "investment", "kind", "amount", "reverses", "corrects", "created_by"]
    list_filter = ["kind"]
    search_fields = ["investment__organisation__name", "investment__reference", "note"]
    list_select_related = ["investment__organisation", "reverses", "corrects", "created_by"]
    date_hierarchy = "date"


@admin.register(Valuation)
class ValuationAdmin(ReadOnlyAdmin):
    list_display = ["valued_on", "investment", "fair_value", "method", "approved_by"]
    list_filter = ["method"]
    search_fields = ["investment__organisation__name", "investment__reference"]
    list_select_related = ["investment__organisation", "approved_by"]


@admin.register(Exit)
class ExitAdmin(ReadOnlyAdmin):
    list_display = ["date", "investment", "kind", "proceeds", "realised_gain"]
    list_filter = ["kind"]
    list_select_related = ["investment__organisation"]


@admin.register(MonitoringReturn)
class MonitoringReturnAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "period", "period_end", "due_on", "status", "submitted_at"]
    list_filter = ["period", "status"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]


# The deal pipeline's admin (issue 4) lives in its own module; importing it registers it.
from portfolio import admin_deals  # noqa: E402, F401
