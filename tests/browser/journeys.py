"""Steps the browser journeys share: signing in (with the staff second factor), confirming the
password again before a sensitive action, and the accessibility check of a page.

Everything goes through the real pages: the only shortcut is ``age_sign_in``, which moves the
session's sign-in clock back (as if the person signed in a while ago) so that the
re-authentication page is reached for real instead of being skipped as "recent"."""

from __future__ import annotations

import re
import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fundops.security import SESSION_AUTH_AT
from tests.browser.conftest import axe_violations
from tests.fundops.factories import TEST_PASSWORD


def assert_accessible(page: Any) -> None:
    """0 serious or critical axe-core violations (WCAG 2.0–2.2 A/AA) on the current page."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def sign_in(page: Any, user: Any, next_url: str = "") -> None:
    page.goto(f"/accounts/login/?next={next_url}" if next_url else "/accounts/login/")
    page.get_by_label("Email", exact=False).fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def totp_device(user: Any) -> TOTPDevice:
    """The staff member's authenticator app, already set up (its secret lives in the app)."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now. django-otp refuses a code whose time step
    was already used (replay protection), and two sign-in steps can fall in the same 30 s
    step: then the next step's code is used, which the device's tolerance of one step
    accepts, as it would from a phone whose clock runs a few seconds ahead."""
    device.refresh_from_db()
    step = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(step, device.last_t + 1)
    return str(hotp(device.bin_key, step, digits=device.digits)).zfill(device.digits)


def staff_sign_in(page: Any, user: Any, device: TOTPDevice, next_url: str) -> None:
    """Password, then the two-factor page the middleware sends staff to, then ``next_url``."""
    sign_in(page, user, next_url)
    page.wait_for_url(re.compile(r"/accounts/2fa/verify/"))
    page.get_by_label("Six-digit code", exact=False).fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(re.escape(next_url) + "$"))


def age_sign_in(page: Any, seconds: int | None = None) -> None:
    """Move this browser session's sign-in time back past the re-authentication window."""
    seconds = seconds or settings.REAUTH_MAX_AGE_SECONDS + 60
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    store[SESSION_AUTH_AT] = int(time.time()) - seconds
    store.save()


def reauthenticate(page: Any, device: TOTPDevice) -> None:
    """On the "Confirm it's you" page: the password again and a fresh code."""
    page.get_by_role("heading", name="Confirm it’s you").wait_for()
    assert_accessible(page)
    page.get_by_label("Your password").fill(TEST_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()


def status_message(page: Any) -> str:
    """The text of the page's flash messages (role=status), as a screen reader hears them."""
    return page.locator("main [role=status]").first.inner_text()


def staff_member(role: str, **kwargs: Any) -> tuple[Any, TOTPDevice]:
    """A staff user of ``role`` with their authenticator app set up."""
    from tests.fundops.factories import UserFactory

    user = UserFactory.with_role(role, **kwargs)
    return user, totp_device(user)
