"""Sign-in protections: brute force, two-factor for staff, time-outs, re-authentication,
rate limits, and the headers every page carries."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fundops.api.errors import DomainError
from fundops.security import SESSION_AUTH_AT, SESSION_STARTED, require_recent_auth
from tests.fundops.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, email: str, password: str = TEST_PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/", "/api/docs/"])
def test_pages_have_no_inline_script_or_style(client, fund_manager, path):
    client.force_login(fund_manager)
    html = client.get(path, follow=True).content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert inline_scripts == []
    assert " style=" not in html


def test_brute_force_locks_the_email_for_a_cool_off_not_for_ever(client, applicant, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, applicant.email, "wrong-password")

    locked = _login(client, applicant.email)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Too many unsuccessful attempts" in locked.content.decode()

    time.sleep(1.1)
    assert _login(client, applicant.email).status_code == 302


def test_lockout_does_not_reveal_whether_the_account_exists(client, applicant):
    def attempts(email: str) -> list[tuple[int, str]]:
        out = []
        for _ in range(6):
            response = _login(client, email, "wrong-password")
            out.append((response.status_code, response.content.decode().replace(email, "E")))
        return out

    known = attempts(applicant.email)
    unknown = attempts("nobody-here@example.com")
    assert [code for code, _ in known] == [code for code, _ in unknown]
    assert known[-1][0] == 429
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert [strip.sub("", body) for _, body in known] == [strip.sub("", b) for _, b in unknown]


def test_staff_must_set_up_two_factor_then_use_it(client, fund_manager, settings):
    settings.STAFF_2FA_REQUIRED = True
    _login(client, fund_manager.email)

    first = client.get("/staff/")
    assert first.status_code == 302
    assert first["Location"].startswith("/accounts/2fa/setup/")
    setup_page = client.get(first["Location"])
    assert "Set up two-factor sign-in" in setup_page.content.decode()
    device = TOTPDevice.objects.get(user=fund_manager)

    wrong = client.post("/accounts/2fa/setup/", {"code": "000000", "next": "/staff/"})
    assert wrong.status_code == 400
    time.sleep(1.1)  # django-otp throttles a device for a second after a wrong code
    done = client.post("/accounts/2fa/setup/", {"code": f"{totp(device.bin_key):06d}"})
    assert "Two-factor sign-in is on" in done.content.decode()
    assert StaticToken.objects.filter(device__user=fund_manager).count() == 10
    assert client.get("/staff/").status_code == 200

    # Next sign-in: the code is asked for, and a backup code works exactly once.
    client.post("/accounts/logout/")
    _login(client, fund_manager.email)
    assert client.get("/staff/")["Location"].startswith("/accounts/2fa/verify/")
    backup = StaticToken.objects.filter(device__user=fund_manager).first().token
    assert (
        client.post("/accounts/2fa/verify/", {"code": backup, "next": "/staff/"})["Location"]
        == "/staff/"
    )
    client.post("/accounts/logout/")
    _login(client, fund_manager.email)
    reused = client.post("/accounts/2fa/verify/", {"code": backup, "next": "/staff/"})
    assert reused.status_code == 400


def test_staff_api_by_session_needs_two_factor_too(client, fund_manager, settings):
    settings.STAFF_2FA_REQUIRED = True
    _login(client, fund_manager.email)
    response = client.get("/api/funds/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"


def test_applicants_are_not_forced_into_two_factor(client, applicant, settings):
    settings.STAFF_2FA_REQUIRED = True
    _login(client, applicant.email)
    assert client.get("/portal/").status_code == 200


def test_session_ends_after_the_absolute_time_out(client, applicant, settings):
    _login(client, applicant.email)
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()

    response = client.get("/portal/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?expired=1"
    assert client.get("/portal/").status_code == 302  # signed out, not just redirected


def test_idle_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_reauthentication_refreshes_the_clock(client, applicant):
    _login(client, applicant.email)
    session = client.session
    session[SESSION_AUTH_AT] = int(time.time()) - 3600
    session.save()

    wrong = client.post("/accounts/reauthenticate/", {"password": "nope", "next": "/portal/"})
    assert wrong.status_code == 400
    right = client.post(
        "/accounts/reauthenticate/", {"password": TEST_PASSWORD, "next": "/portal/"}
    )
    assert right["Location"] == "/portal/"
    assert time.time() - client.session[SESSION_AUTH_AT] < 5


def test_sensitive_api_action_without_recent_sign_in_is_refused(applicant):
    request = RequestFactory().post("/api/anything/")
    request.session = {SESSION_AUTH_AT: int(time.time()) - 3600}
    with pytest.raises(DomainError) as caught:
        require_recent_auth(request)
    assert caught.value.status == 403
    assert caught.value.code == "reauthentication_required"
    request.session = {SESSION_AUTH_AT: int(time.time())}
    require_recent_auth(request)


def test_login_is_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "3/m"}
    codes = [_login(client, f"someone{i}@example.com", "x").status_code for i in range(4)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429
