"""Sign-in and re-authentication pages (rate-limited; they start the session clocks)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django_otp import match_token
from django_ratelimit.decorators import ratelimit

from fundops.security import mark_authenticated_now
from fundops.two_factor import safe_next, user_has_confirmed_device

REAUTH_FAILED = "That password (or code) is not right."


@method_decorator(
    ratelimit(key="ip", rate=lambda g, r: settings.RATE_LIMITS["login"], method="POST"),
    name="dispatch",
)
class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    http_method_names = ["get", "post", "head", "options"]  # FormView would treat PUT as POST

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        mark_authenticated_now(self.request)
        return response


class ReauthForm(forms.Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput)
    code = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@login_required
@ratelimit(key="user", rate=lambda g, r: settings.RATE_LIMITS["login"], method="POST")
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm the password (and second factor, if set up) before a sensitive action."""
    needs_code = user_has_confirmed_device(request.user)
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.email, password=form.cleaned_data["password"]
        )
        code_ok = not needs_code or match_token(request.user, form.cleaned_data["code"]) is not None
        if user is not None and user.pk == request.user.pk and code_ok:
            mark_authenticated_now(request)
            return redirect(safe_next(request))
        form.add_error(None, REAUTH_FAILED)
    context = {"form": form, "needs_code": needs_code, "next": safe_next(request)}
    return render(
        request, "registration/reauthenticate.html", context, status=400 if form.errors else 200
    )
