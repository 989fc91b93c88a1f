"""The grants pages this app ships itself: the offer letter (page and download) and the
360Giving download. Staff whose role reads offers (grants.view_offer) see every letter; an
applicant only their organisation's; anyone else gets a 404 (the selector scopes it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from fundops.security import exports_limited
from grants import threesixty
from grants.letters import offer_letter_context
from grants.selectors import application_get


def _require_offer_view(request: HttpRequest) -> None:
    # Assessors and board members do not read offers (grants.permissions); checked before the
    # lookup, which refuses a conflicted assessor with an exception pages do not handle.
    if request.user.is_staff and not request.user.has_perm("grants.view_offer"):
        raise PermissionDenied


@login_required
@require_GET
def offer_letter(request: HttpRequest, pk: int) -> HttpResponse:
    _require_offer_view(request)
    application = application_get(user=request.user, pk=pk)
    return render(request, "grants/letters/offer.html", offer_letter_context(application))


@login_required
@require_GET
@exports_limited
def offer_letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    _require_offer_view(request)
    application = application_get(user=request.user, pk=pk)
    html = render_to_string("grants/letters/offer_download.html", offer_letter_context(application))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    filename = f"grant-offer-{application.reference}.html"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
@exports_limited
def export_360giving(request: HttpRequest, fmt: str) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied
    result = threesixty.export_build()
    if result.errors:  # nothing published: 409 with the reasons, never a half-valid file
        body = "The 360Giving export was not built:\n" + "\n".join(result.errors)
        return HttpResponse(body, status=409, content_type="text/plain; charset=utf-8")
    if fmt == "csv":
        content, content_type = threesixty.to_csv(result.package), "text/csv; charset=utf-8"
    else:
        content, content_type = threesixty.to_json(result.package), "application/json"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="360giving.{fmt}"'
    return response
