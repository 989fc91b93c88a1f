"""Two-factor sign-in (TOTP plus single-use backup codes) with django-otp.

Required for staff (settings.STAFF_2FA_REQUIRED), offered to applicants from their profile.
"""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fundops.models import User
from fundops.security import mark_authenticated_now

CODE_INVALID = "That code is not right. Check the time on your phone and try the newest code."
BACKUP_CODE_COUNT = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Six-digit code from your authenticator app, or a backup code",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def user_has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def safe_next(request: HttpRequest, fallback: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    from django.urls import reverse

    return reverse(fallback)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@transaction.atomic
def backup_codes_issue(*, user: User) -> list[str]:
    """Replace the user's backup codes with a fresh set (each works once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Show a new TOTP secret as a QR code; confirm it with a first code."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user, confirmed=True).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            mark_authenticated_now(request)
            codes = backup_codes_issue(user=user)  # type: ignore[arg-type]
            return render(
                request,
                "registration/two_factor_backup_codes.html",
                {"codes": codes, "next": safe_next(request)},
            )
        form.add_error("code", CODE_INVALID)
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "secret": device.bin_key.hex(),
        "config_url": device.config_url,
        "next": safe_next(request),
    }
    return render(
        request, "registration/two_factor_setup.html", context, status=400 if form.errors else 200
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            mark_authenticated_now(request)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"You used a backup code; {left} left.")
            return redirect(safe_next(request))
        form.add_error("code", CODE_INVALID)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": safe_next(request)},
        status=400 if form.errors else 200,
    )
