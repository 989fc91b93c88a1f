"""Applicants register themselves and confirm their email before they can sign in."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from fundops.models import User
from fundops.registration import PASSWORDS_DIFFER

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Nadia Begum",
    "email": "Nadia@Example.com",
    "password1": "prototype-Housing-42",
    "password2": "prototype-Housing-42",
}


def _link() -> str:
    body = mail.outbox[-1].body
    return re.search(r"http://testserver(/accounts/register/\S+)", body).group(1)


def test_applicant_registers_confirms_the_email_and_lands_on_the_organisation_form(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/accounts/register/", FORM)
    assert "Check your email" in sent.content.decode()
    user = User.objects.get(email="nadia@example.com")
    assert not user.is_active
    assert user.role_slugs == {"applicant"}
    assert not user.is_staff

    # Not confirmed yet: signing in fails like a wrong password.
    refused = client.post(
        "/accounts/login/", {"username": "nadia@example.com", "password": FORM["password1"]}
    )
    assert refused.status_code == 200

    confirmed = client.get(_link())
    assert confirmed["Location"] == "/portal/organisation/"
    user.refresh_from_db()
    assert user.is_active
    assert client.get("/portal/organisation/").status_code == 200
    # The link works once.
    client.post("/accounts/logout/")
    assert client.get(_link()).status_code == 400


def test_registering_an_existing_email_reveals_nothing(
    client, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/register/", {**FORM, "email": applicant.email})
    assert "Check your email" in response.content.decode()
    assert User.objects.filter(email=applicant.email).count() == 1
    assert mail.outbox[-1].subject == "You already have a FundOps account"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password2": "something-else-1"}, PASSWORDS_DIFFER),
        ({"password1": "12345678", "password2": "12345678"}, "entirely numeric"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
    ],
)
def test_bad_registrations_are_explained(client, changes, message):
    response = client.post("/accounts/register/", {**FORM, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_registration_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": "2/h"}
    codes = [
        client.post("/accounts/register/", {**FORM, "email": f"n{i}@example.com"}).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]
