"""Admin: board packs are read here; they are asked for, built and retried only through the
services (the board page or the API), which lock, fingerprint and enqueue."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from reporting.models import BoardPack


@admin.register(BoardPack)
class BoardPackAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "fund",
        "as_of",
        "status",
        "progress",
        "step",
        "requested_by",
        "requested_at",
        "finished_at",
        "attempts",
    ]
    list_filter = ["status", "fund", "as_of"]
    search_fields = ["requested_by__email", "fund__name", "celery_task_id"]
    date_hierarchy = "requested_at"
    list_select_related = ["fund", "requested_by"]
    # The stored file is never linked directly (MEDIA_URL is not served): the admin links to
    # the authorised download view instead.
    exclude = ["file"]
    readonly_fields = [f.name for f in BoardPack._meta.fields if f.name != "file"] + ["download"]

    @admin.display(description="File")
    def download(self, pack: BoardPack) -> str:
        if pack.status != BoardPack.Status.DONE or not pack.file:
            return "–"
        url = reverse("reporting:pack-download", args=[pack.pk])
        return format_html('<a href="{}">{}</a> ({} bytes)', url, pack.filename, pack.size)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
