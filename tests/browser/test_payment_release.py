"""A claim's payment in a real browser (desktop), maker-checker: one finance officer checks
the lines and approves the claim, and cannot release its payment; a second one confirms
their password and code again and releases it. The claim shows paid and the call's paid
figure moves by the grant share."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from grants.models import Claim, Payment
from grants.services.payments import MAKER_CHECKER
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


def _paid_figure(page, call_name: str) -> str:  # type: ignore[no-untyped-def]
    """The "Paid" cell of the call's row in the call budgets table of the queue page."""
    page.goto("/grants/staff/")
    row = page.get_by_role("table", name=re.compile("Committed = accepted offers")).get_by_role(
        "row", name=re.compile(re.escape(call_name))
    )
    return row.get_by_role("cell").nth(3).inner_text()


def test_claim_approved_by_one_finance_officer_is_paid_by_another(open_page, settings):
    settings.STAFF_2FA_REQUIRED = True
    applicant = UserFactory.with_role("applicant")
    applicant.test_organisation = OrganisationFactory(members=[applicant])
    walk = Walk(UserFactory.with_role, applicant)
    application = walk.accepted()  # £5,000 awarded at 50% of a £12,000 equipment cost
    claim = walk.submitted_claim(application, amount=Decimal("4321.99"))
    call = application.call
    maker, maker_device = staff_member("finance_officer", email="maker@example.com")
    checker, checker_device = staff_member("finance_officer", email="checker@example.com")
    claim_url = f"/grants/staff/claims/{claim.pk}/"

    page = open_page()
    staff_sign_in(page, maker, maker_device, claim_url)
    assert_accessible(page)
    lines = page.get_by_role("table", name=re.compile("Each line with its evidence"))
    lines.get_by_label("Decision").select_option(label="Approve line")
    lines.get_by_role("button", name="Record check").click()
    assert "Line checked." in status_message(page)
    page.get_by_role("button", name="Approve claim").click()
    # 4,321.99 × 50% = 2,160.995, rounded half up to the penny: £2,161.00.
    assert "Claim approved: grant share £2,161.00." in status_message(page)
    assert _paid_figure(page, call.name) == "£0.00"

    # The approver tries to release the payment too: re-authenticated, then refused.
    page.goto(claim_url)
    age_sign_in(page)
    page.get_by_role("button", name="Release payment").click()
    reauthenticate(page, maker_device)
    page.wait_for_url(re.compile(r"/release/$"))
    page.get_by_role("button", name="Release payment").click()
    assert MAKER_CHECKER in page.get_by_role("alert").inner_text()
    assert not Payment.objects.exists()

    other = open_page()
    staff_sign_in(other, checker, checker_device, claim_url)
    age_sign_in(other)
    other.get_by_role("button", name="Release payment").click()
    reauthenticate(other, checker_device)
    assert "maker@example.com" in other.locator("dl.facts").inner_text()
    assert_accessible(other)
    other.get_by_role("button", name="Release payment").click()
    other.wait_for_url(re.compile(re.escape(claim_url) + "$"))
    assert "Payment of £2,161.00 released." in status_message(other)
    facts = other.locator("dl.facts").inner_text()
    assert "Paid" in facts and "released by checker@example.com" in facts
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID
    payment = Payment.objects.get()
    assert (payment.amount, payment.approved_by, payment.released_by) == (
        Decimal("2161.00"),
        maker,
        checker,
    )
    assert _paid_figure(other, call.name) == "£2,161.00"
