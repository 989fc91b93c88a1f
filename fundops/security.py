"""Session time-outs, two-factor enforcement for staff, re-authentication, rate limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from fundops.api.errors import RATE_LIMITED, DomainError

SESSION_STARTED = "fundops_session_started"
SESSION_AUTH_AT = "fundops_auth_at"
REAUTH_REQUIRED = "Please confirm your password to continue: this action needs a recent sign-in."

# Paths a staff member who has not passed two-factor yet may still reach.
TWO_FACTOR_OPEN_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/healthz")


def mark_authenticated_now(request: HttpRequest) -> None:
    """Called on sign-in and on re-authentication: starts the clocks the checks below read."""
    now = int(time.time())
    request.session.setdefault(SESSION_STARTED, now)
    request.session[SESSION_AUTH_AT] = now


class SessionTimeoutMiddleware:
    """Idle time-out is the session cookie age (renewed on every request); this adds the
    absolute one: a session ends SESSION_ABSOLUTE_SECONDS after sign-in however busy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_STARTED)
            if started is None:
                request.session[SESSION_STARTED] = int(time.time())
            elif time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('login')}?{urlencode({'expired': 1})}")
        return self.get_response(request)


def user_needs_two_factor(user: Any) -> bool:
    return bool(settings.STAFF_2FA_REQUIRED and user.is_authenticated and user.is_staff)


class StaffTwoFactorMiddleware:
    """Staff pages, the admin and the staff API need a session verified with a second factor.

    Token-authenticated API calls are not session sign-ins and pass (a token is issued only
    to a verified staff session); session-authenticated API calls answer 403 with a reason.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user_needs_two_factor(user)
            and not user.is_verified()
            and not request.path.startswith(TWO_FACTOR_OPEN_PATHS)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "error": {
                            "status": 403,
                            "code": "two_factor_required",
                            "reason": "Staff must complete two-factor sign-in first.",
                        }
                    },
                    status=403,
                )
            from fundops.two_factor import user_has_confirmed_device

            target = "two-factor-verify" if user_has_confirmed_device(user) else "two-factor-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def has_recent_auth(request: HttpRequest) -> bool:
    auth_at = request.session.get(SESSION_AUTH_AT) if hasattr(request, "session") else None
    return auth_at is not None and time.time() - auth_at <= settings.REAUTH_MAX_AGE_SECONDS


def require_recent_auth(request: HttpRequest) -> None:
    """For services reached through the API: refuse (403) without a recent password check.

    Token clients prove themselves on each call and are exempt."""
    authenticator = getattr(request, "successful_authenticator", None)
    if authenticator is not None and authenticator.__class__.__name__ == "TokenAuthentication":
        return
    if not has_recent_auth(request):
        raise DomainError(REAUTH_REQUIRED, code="reauthentication_required", status=403)


View = TypeVar("View", bound=Callable[..., HttpResponse])


def recent_auth_required(view: View) -> View:
    """Page decorator: send the user to confirm their password, then back here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_recent_auth(request):
            next_url = request.get_full_path() if request.method == "GET" else request.path
            return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': next_url})}")
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def rate_limited(request: HttpRequest, exception: Ratelimited) -> HttpResponse:
    """RATELIMIT_VIEW: a 429 with the reason, as JSON for the API and a page otherwise."""
    if request.path.startswith("/api/"):
        body = {"error": {"status": 429, "code": "rate_limited", "reason": RATE_LIMITED}}
        return JsonResponse(body, status=429)
    return render(request, "fundops/rate_limited.html", {"reason": RATE_LIMITED}, status=429)


def _rate_limit(kind: str, counts: Callable[[Any], bool]) -> Callable[[View], View]:
    """Cap ``kind`` ("upload" or "export") at settings.RATE_LIMITS[kind] per signed-in user
    (per address for anyone else), one budget shared by every view it decorates.

    Works on function views and, through ``method_decorator``, on class-view and APIView
    methods: raising Ratelimited gives the 429 page (RATELIMIT_VIEW) or the API's JSON 429."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            if counts(request) and is_ratelimited(
                request,
                group=f"fundops.{kind}",
                key="user_or_ip",
                rate=lambda group, req: settings.RATE_LIMITS[kind],
                increment=True,
            ):
                raise Ratelimited(RATE_LIMITED)
            return view(request, *args, **kwargs)

        # Read by tests/fundops/test_rate_limits.py, which finds every upload and export view
        # and checks it carries one (method_decorator copies the attribute onto the method).
        wrapper.rate_limit = kind  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def _carries_files(request: Any) -> bool:
    """Read from the content type, never by parsing the body: on the API, parsing here would
    answer a wrong content type (415) before the view's own checks (another's record: 404)."""
    if not request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/"):
        return False
    # A multipart form may still carry no file (a page's plain details post).
    return bool(getattr(request, "_request", request).FILES)


# Only a request that carries a file spends the upload budget: the same pages also take
# plain form posts (an organisation's details, a transition) that must not be capped.
uploads_limited = _rate_limit("upload", _carries_files)
# Every view that builds a file (CSV, JSON, XLSX, a letter) on request.
exports_limited = _rate_limit("export", lambda request: True)
