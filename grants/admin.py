from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from grants import models as m


class CriterionInline(admin.TabularInline):
    model = m.Criterion
    extra = 0


class CostLineInline(admin.TabularInline):
    model = m.CostLine
    extra = 0


class MatchFundingInline(admin.TabularInline):
    model = m.MatchFunding
    extra = 0


class MFADeclarationInline(admin.TabularInline):
    model = m.MFADeclaration
    extra = 0


class EligibilityCheckInline(admin.TabularInline):
    model = m.EligibilityCheck
    extra = 0
    readonly_fields = ("rule", "passed", "reason", "checked_at")
    can_delete = False


class AssignmentInline(admin.TabularInline):
    model = m.Assignment
    extra = 0
    readonly_fields = ("total", "completed_at", "declared_at")


class ClaimLineInline(admin.TabularInline):
    model = m.ClaimLine
    extra = 0


@admin.register(m.Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "opens_at",
        "closes_at",
        "budget",
        "min_award",
        "max_award",
        "intervention_rate",
        "pass_mark",
    )
    search_fields = ("name", "description")
    list_filter = ("fund",)
    inlines = [CriterionInline]


@admin.register(m.Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = (
        "reference",
        "title",
        "organisation",
        "call",
        "status",
        "amount_requested",
        "amount_awarded",
        "eligibility_passed",
        "weighted_score",
        "moderation_required",
        "submitted_at",
        "days_to_decision",
    )
    list_filter = ("status", "call", "barrier", "eligibility_passed", "moderation_required")
    search_fields = ("title", "organisation__name", "organisation__company_number")
    readonly_fields = ("status", "submitted_at", "decided_at", "days_to_decision", "closed_at")
    list_select_related = ("organisation", "call")
    inlines = [
        CostLineInline,
        MatchFundingInline,
        MFADeclarationInline,
        EligibilityCheckInline,
        AssignmentInline,
    ]


@admin.register(m.Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("application", "assessor", "conflict_declared", "total", "completed_at")
    list_filter = ("conflict_declared",)
    search_fields = ("application__title", "assessor__email")


@admin.register(m.Score)
class ScoreAdmin(SimpleHistoryAdmin):
    list_display = ("assignment", "criterion", "score", "scored_at")
    search_fields = ("assignment__application__title", "comment")


@admin.register(m.Approval)
class ApprovalAdmin(SimpleHistoryAdmin):
    list_display = ("application", "approver", "amount", "approved_at")
    search_fields = ("application__title", "approver__email")


@admin.register(m.Offer)
class OfferAdmin(SimpleHistoryAdmin):
    list_display = (
        "application",
        "amount",
        "issued_at",
        "sent_at",
        "accepted_at",
        "mfa_confirmed_at",
    )
    search_fields = ("application__title", "application__organisation__name")


@admin.register(m.MFAConfirmation)
class MFAConfirmationAdmin(SimpleHistoryAdmin):
    list_display = ("application", "confirmed_on", "gross_amount")
    search_fields = ("application__organisation__name",)


@admin.register(m.Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = (
        "pk",
        "application",
        "period_start",
        "period_end",
        "is_final",
        "status",
        "grant_amount",
        "approved_by",
    )
    list_filter = ("status", "is_final")
    search_fields = ("application__title", "application__organisation__name")
    inlines = [ClaimLineInline]


@admin.register(m.Payment)
class PaymentAdmin(SimpleHistoryAdmin):
    list_display = (
        "claim",
        "amount",
        "approved_by",
        "released_by",
        "released_at",
        "idempotency_key",
    )
    search_fields = ("idempotency_key", "claim__application__title")
    date_hierarchy = "released_at"


@admin.register(m.Clawback)
class ClawbackAdmin(SimpleHistoryAdmin):
    list_display = ("application", "amount", "status", "raised_at", "resolved_at")
    list_filter = ("status",)
    search_fields = ("application__title", "reason")


@admin.register(m.OutcomeReport)
class OutcomeReportAdmin(SimpleHistoryAdmin):
    list_display = (
        "application",
        "kind",
        "due_on",
        "submitted_at",
        "jobs_created",
        "jobs_safeguarded",
        "reminder_sent_at",
    )
    list_filter = ("kind", "first_sale", "new_to_market_product")
    search_fields = ("application__title", "application__organisation__name")


for model in (m.CostLine, m.MatchFunding, m.MFADeclaration, m.ClaimLine):
    admin.site.register(model, SimpleHistoryAdmin)


@admin.register(m.EligibilityCheck)
class EligibilityCheckAdmin(admin.ModelAdmin):
    list_display = ("application", "rule", "passed", "checked_at")
    list_filter = ("rule", "passed")
    search_fields = ("application__title", "reason")
