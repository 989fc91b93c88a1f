from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from fundops.models import (
    Document,
    Fund,
    FundCapital,
    Heartbeat,
    Organisation,
    OutboxMessage,
    User,
    WorkflowEvent,
)
from fundops.privacy import user_erase


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "role_list", "last_login"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal", {"fields": ("full_name",)}),
        ("Roles and access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ["groups"]
    actions = ["erase_personal_data"]

    @admin.action(description="Erase personal data (keeps their grants and payments)")
    def erase_personal_data(self, request: HttpRequest, queryset):  # type: ignore[no-untyped-def]
        count = 0
        for user in queryset.exclude(pk=request.user.pk):
            user_erase(user=user)
            count += 1
        self.message_user(request, f"Erased the personal data of {count} account(s).")

    @admin.display(description="Roles")
    def role_list(self, user: User) -> str:
        return ", ".join(group.name for group in user.groups.all())

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).prefetch_related("groups")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "company_number",
        "registered_postcode",
        "sector",
        "sub_sector",
        "headcount",
        "status",
    ]
    list_filter = ["status", "sector", "sub_sector"]
    search_fields = ["name", "company_number", "registered_postcode", "members__email"]
    filter_horizontal = ["members"]
    readonly_fields = ["status", "created_at", "updated_at"]
    history_list_display = ["status"]


class FundCapitalInline(admin.TabularInline):
    model = FundCapital
    extra = 0


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "vintage", "currency", "public_capital_display"]
    search_fields = ["name"]
    list_filter = ["vintage"]
    inlines = [FundCapitalInline]

    @admin.display(description="Public capital")
    def public_capital_display(self, fund: Fund) -> str:
        return f"£{fund.public_capital():,.2f}"


@admin.register(FundCapital)
class FundCapitalAdmin(SimpleHistoryAdmin):
    list_display = ["fund", "source", "kind", "amount", "committed_on"]
    list_filter = ["kind", "fund"]
    search_fields = ["source"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = [
        "original_name",
        "content_type",
        "object_id",
        "organisation",
        "content_type_sniffed",
        "size",
        "owner",
        "uploaded_at",
    ]
    list_filter = ["content_type", "content_type_sniffed"]
    search_fields = ["original_name", "description", "organisation__name", "owner__email"]
    readonly_fields = [
        "file",
        "original_name",
        "content_type_sniffed",
        "size",
        "owner",
        "uploaded_at",
        "content_type",
        "object_id",
        "organisation",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads go through document_upload(), which checks type and size


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "content_type",
        "object_id",
        "from_status",
        "to_status",
        "actor",
        "reason",
    ]
    list_filter = ["content_type", "to_status"]
    search_fields = ["reason", "actor__email", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "at"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: what waits for the broker, and why (``manage.py outbox_flush`` sends it)."""

    list_display = ["pk", "task_name", "created_at", "sent_at", "delivered_at", "attempts"]
    list_filter = ["task_name"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
