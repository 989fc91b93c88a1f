"""Applicant self-registration with email verification.

The account is created inactive and the person is emailed a one-time link; opening it
activates the account and signs them in. The page says the same thing whether or not the
email already has an account (an existing owner is emailed a reminder instead), so the form
cannot be used to find out who is registered.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import login, password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from fundops.models import User
from fundops.notifications import notify
from fundops.roles import APPLICANT, user_role_assign
from fundops.security import mark_authenticated_now

PASSWORDS_DIFFER = "The two passwords are different."


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Valid until the account is active (the hash includes ``is_active``)."""

    key_salt = "fundops.registration.ActivationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:  # type: ignore[override]
        return f"{user.pk}{user.is_active}{user.password}{timestamp}"


activation_token = ActivationTokenGenerator()


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label="Your full name", max_length=150)
    email = forms.EmailField(label="Email address", help_text="You will sign in with it.")
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not only numbers, not a common password.",
    )
    password2 = forms.CharField(
        label="Type the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", PASSWORDS_DIFFER)
        elif data.get("password1"):
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(data["password1"], candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def _link(request: HttpRequest, user: User) -> str:
    path = reverse(
        "register-verify",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_token.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


@transaction.atomic
def applicant_register(*, request: HttpRequest, email: str, full_name: str, password: str) -> None:
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        notify(
            to=[existing.email],
            subject="You already have a FundOps account",
            body="Someone (probably you) tried to register with this email address, which "
            "already has an account. Sign in, or reset your password if you have forgotten it: "
            f"{request.build_absolute_uri(reverse('password_reset'))}",
        )
        return
    user = User.objects.create_user(email, password, full_name=full_name, is_active=False)
    user_role_assign(user=user, role=APPLICANT)
    notify(
        to=[user.email],
        subject="Confirm your email address for FundOps",
        body=f"Hello {full_name},\n\nTo finish creating your FundOps account, open this link "
        f"(it works once):\n\n{_link(request, user)}\n\nIf you did not ask for an account, "
        "ignore this email.",
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=lambda g, r: settings.RATE_LIMITS["register"], method="POST")
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        applicant_register(
            request=request,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
        return render(request, "registration/register_sent.html")
    status = 400 if form.errors else 200
    return render(request, "registration/register.html", {"form": form}, status=status)


@require_http_methods(["GET"])
def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or user.is_active or not activation_token.check_token(user, token):
        return render(request, "registration/register_invalid.html", status=400)
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    mark_authenticated_now(request)
    return redirect("portal:organisation")
