"""Each role reaches its own home; applicants only ever see the portal."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from fundops.models import User
from fundops.roles import ROLES
from tests.fundops.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_migrate_creates_the_six_roles_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.name for role in ROLES} <= names
    manager = Group.objects.get(name="Fund manager")
    codenames = set(manager.permissions.values_list("codename", flat=True))
    assert {"verify_organisation", "change_organisation", "add_fund"} <= codenames
    assert not Group.objects.get(name="Applicant").permissions.exists()


@pytest.mark.parametrize(
    ("email", "home", "text"),
    [
        ("fund.manager@example.com", "/staff/", "Fund manager"),
        ("ic.member@example.com", "/staff/", "Investment committee member"),
        ("assessor@example.com", "/staff/", "Assessor"),
        ("finance@example.com", "/staff/", "Finance officer"),
        ("board@example.com", "/staff/", "Board member"),
        ("applicant1@example.com", "/portal/", "Applicant portal"),
    ],
)
def test_each_demo_login_reaches_its_own_home_page(client, settings, email, home, text):
    settings.DEMO_SEEDERS = ["fundops.demo.seed"]  # the logins; the apps' demo is tested apart
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    response = client.post(
        "/accounts/login/", {"username": email, "password": settings.DEMO_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == home
    assert response.status_code == 200
    assert text in response.content.decode()


def test_wrong_password_shows_a_form_error(client, applicant):
    response = client.post("/accounts/login/", {"username": applicant.email, "password": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("path", ["/staff/", "/staff/organisations/", "/admin/"])
def test_applicant_is_sent_back_to_the_portal(client, applicant, path):
    client.force_login(applicant)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_staff_role_can_open_the_admin(client, fund_manager):
    client.force_login(fund_manager)
    response = client.get("/admin/fundops/organisation/")
    assert response.status_code == 200


def test_anonymous_visitor_is_asked_to_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_password_reset_sends_a_working_link(client, applicant):
    response = client.post("/accounts/password/reset/", {"email": applicant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-Brand-new-passw0rd", "new_password2": "a-Brand-new-passw0rd"},
        follow=True,
    )
    assert "Your password has been saved" in done.content.decode()
    assert User.objects.get(pk=applicant.pk).check_password("a-Brand-new-passw0rd")


def test_password_reset_does_not_reveal_whether_an_account_exists(client, applicant):
    known = client.post("/accounts/password/reset/", {"email": applicant.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_profile_page_saves_the_name(client, applicant):
    client.force_login(applicant)
    response = client.post("/accounts/profile/", {"full_name": "Ada Lovelace"}, follow=True)
    assert "Your profile has been saved" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.full_name == "Ada Lovelace"


def test_login_by_email_is_case_insensitive_on_creation():
    user = User.objects.create_user("Mixed.Case@Example.COM", TEST_PASSWORD)
    assert user.email == "mixed.case@example.com"


def test_logout_ends_the_session(client, applicant):
    client.force_login(applicant)
    client.post("/accounts/logout/")
    assert client.get("/portal/").status_code == 302


def test_sign_in_ignores_the_case_of_the_email(client, applicant):
    response = client.post(
        "/accounts/login/", {"username": applicant.email.upper(), "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
