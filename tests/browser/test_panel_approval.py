"""Panel approval with the second approver (four-eyes) in a real browser: an award above
GRANTS_FOUR_EYES_THRESHOLD needs two different approvers, each confirming their password
and authenticator code again before approving."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from grants.models import Application
from grants.services.decisions import SAME_APPROVER
from tests.browser.journeys import (
    age_sign_in,
    assert_accessible,
    reauthenticate,
    staff_member,
    staff_sign_in,
    status_message,
)
from tests.fundops.factories import OrganisationFactory, UserFactory
from tests.grants.conftest import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_award_above_threshold_needs_a_second_different_approver(open_page, settings):
    settings.STAFF_2FA_REQUIRED = True
    settings.GRANTS_FOUR_EYES_THRESHOLD = Decimal("10000")
    applicant = UserFactory.with_role("applicant")
    applicant.test_organisation = OrganisationFactory(members=[applicant])
    application = Walk(UserFactory.with_role, applicant).at_panel(
        costs=[("Clean-room tooling", "equipment", Decimal("30000.00"))],
        amount_requested=Decimal("12000.00"),
    )
    first, first_device = staff_member("ic_member", email="first.approver@example.com")
    second, second_device = staff_member("ic_member", email="second.approver@example.com")
    detail = f"/grants/staff/applications/{application.pk}/"

    page = open_page()
    staff_sign_in(page, first, first_device, detail)
    # Signed in a while ago: approving asks for the password and a code again.
    age_sign_in(page)
    page.get_by_role("button", name="Approve this application").click()
    reauthenticate(page, first_device)
    page.wait_for_url(re.compile(r"/approve/$"))
    assert page.get_by_label("Award (£)").input_value() == "12000.00"
    assert_accessible(page)
    page.get_by_label("Decision note", exact=False).fill("Strong case; tooling quotes checked.")
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    assert "a second approver must now approve this award" in status_message(page)
    assert (
        "awaiting a second approver (award above £10,000.00)" in page.locator("main").inner_text()
    )
    application.refresh_from_db()
    assert application.status == Application.Status.PANEL
    assert application.approvals.count() == 1

    # The same person cannot be the second approver: refused, with the reason.
    page.get_by_role("button", name="Approve this application").click()
    page.get_by_role("button", name="Approve", exact=True).click()
    assert SAME_APPROVER in page.get_by_role("alert").inner_text()
    application.refresh_from_db()
    assert application.status == Application.Status.PANEL
    assert application.approvals.count() == 1

    second_page = open_page()
    staff_sign_in(second_page, second, second_device, detail)
    age_sign_in(second_page)
    second_page.get_by_role("button", name="Approve this application").click()
    reauthenticate(second_page, second_device)
    second_page.get_by_role("button", name="Approve", exact=True).click()
    second_page.wait_for_url(re.compile(re.escape(detail) + "$"))
    assert "Approved: the offer is ready to send." in status_message(second_page)
    facts = second_page.locator("dl.facts").inner_text()
    assert "Approved" in facts and "£12,000.00" in facts
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.amount_awarded == Decimal("12000.00")
    assert sorted(a.approver.email for a in application.approvals.all()) == [
        "first.approver@example.com",
        "second.approver@example.com",
    ]
