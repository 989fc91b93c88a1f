from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

STAFF_ONLY_PREFIXES = ("/staff/", "/admin/")


class ApplicantPortalOnlyMiddleware:
    """Applicants only ever see the portal: staff pages and the admin send them home."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_staff
            and request.path.startswith(STAFF_ONLY_PREFIXES)
        ):
            return redirect("portal:home")
        return self.get_response(request)


NULL_CHARACTER = "The request contains a null character, which no field accepts."


class RejectNullCharactersMiddleware:
    """PostgreSQL cannot store or compare text holding NUL; a query parameter with one would
    fail deep in a query as a 500. Refuse it up front, for every page and endpoint, with 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            from django.http import JsonResponse

            body = {"error": {"status": 400, "code": "invalid", "reason": NULL_CHARACTER}}
            return JsonResponse(body, status=400)
        return self.get_response(request)
