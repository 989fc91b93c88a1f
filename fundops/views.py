"""Pages shared by every role: home routing, profile, health, document downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from fundops import selectors
from fundops.api.views import document_file_response
from fundops.forms import ProfileForm
from fundops.models import Heartbeat
from fundops.privacy import personal_data_export
from fundops.security import exports_limited


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("staff:home" if request.user.is_staff else "portal:home")


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("profile")
    organisations = (
        selectors.organisation_list_for_user(user=request.user) if not request.user.is_staff else []
    )
    return render(request, "fundops/profile.html", {"form": form, "organisations": organisations})


@require_GET
@login_required
@exports_limited
def personal_data_download(request: HttpRequest) -> JsonResponse:
    """Everything held about the signed-in person, as a JSON download."""
    response = JsonResponse(
        personal_data_export(user=request.user), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="fundops-my-data.json"'
    return response


@require_GET
@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    return document_file_response(selectors.document_get(user=request.user, pk=pk))


def _broker_status() -> dict[str, object]:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
        return {"ok": True, "mode": "broker", "transport": transport}
    except Exception as exc:  # any failure to reach the broker is "down", with its reason
        return {"ok": False, "mode": "broker", "error": exc.__class__.__name__}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database: dict[str, object] = {"vendor": connection.vendor}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database["ok"] = True
        beats = {hb.name: hb.at.isoformat() for hb in Heartbeat.objects.all()}
    except Exception as exc:  # a database that cannot answer is reported, not raised
        database.update(ok=False, error=exc.__class__.__name__)
        beats = {}
    broker = _broker_status()
    healthy = bool(database["ok"] and broker["ok"])
    body = {
        "status": "ok" if healthy else "error",
        "database": database,
        "broker": broker,
        "heartbeats": beats,
    }
    return JsonResponse(body, status=200 if healthy else 503)
