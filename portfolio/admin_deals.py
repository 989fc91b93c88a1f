"""Admin for the deal pipeline: the fund's rules and the DD templates are edited here; deals,
their diligence and the committee's records are read-only (they change only through the
services, which check, lock and audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from portfolio.models import (
    CoInvestmentPolicy,
    DDItem,
    DDTemplate,
    DDTemplateItem,
    Deal,
    DealClarification,
    DealCoInvestor,
    DealStageVisit,
    ICCondition,
    ICConflict,
    ICDecision,
    ICVote,
)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False


class CoInvestorInline(ReadOnlyInline):
    model = DealCoInvestor
    fields = ["name", "amount", "same_terms", "is_lead", "is_private", "actual_amount"]
    readonly_fields = fields


class StageVisitInline(ReadOnlyInline):
    model = DealStageVisit
    fields = ["stage", "entered_at", "left_at"]
    readonly_fields = fields


class ClarificationInline(ReadOnlyInline):
    model = DealClarification
    fields = ["question", "asked_by", "asked_at", "answer", "answered_at"]
    readonly_fields = fields


class VoteInline(ReadOnlyInline):
    model = ICVote
    fields = ["member", "vote", "comment", "cast_at"]
    readonly_fields = fields


class ConditionInline(ReadOnlyInline):
    model = ICCondition
    fields = ["text", "met_at", "met_by", "note"]
    readonly_fields = fields


@admin.register(Deal)
class DealAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["reference", "organisation", "fund", "status", "amount_sought", "owner"]
    list_filter = ["status", "fund", "instrument", "deal_type", "product_stage"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "fund", "owner"]
    inlines = [CoInvestorInline, StageVisitInline, ClarificationInline, VoteInline, ConditionInline]


@admin.register(CoInvestmentPolicy)
class CoInvestmentPolicyAdmin(SimpleHistoryAdmin):
    list_display = [
        "fund",
        "min_ticket",
        "max_ticket",
        "private_multiple",
        "max_fund_share",
        "max_voting_stake",
        "follow_on_limit",
        "max_follow_ons",
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the defaults apply without a row; a change is kept in the history


class TemplateItemInline(admin.TabularInline):
    model = DDTemplateItem
    extra = 1
    fields = ["order", "workstream", "title", "guidance", "due_days"]


@admin.register(DDTemplate)
class DDTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "deal_type", "instrument"]
    inlines = [TemplateItemInline]


@admin.register(DDItem)
class DDItemAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["deal", "workstream", "title", "owner", "due_date", "status", "rag"]
    list_filter = ["workstream", "status", "rag"]
    search_fields = ["deal__organisation__name", "title"]
    list_select_related = ["deal__organisation", "owner"]


@admin.register(ICConflict)
class ICConflictAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["deal", "member", "conflicted", "declared_at"]
    list_select_related = ["deal__organisation", "member"]


@admin.register(ICDecision)
class ICDecisionAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["deal", "outcome", "approves", "declines", "abstains", "decided_by"]
    list_select_related = ["deal__organisation", "decided_by"]
