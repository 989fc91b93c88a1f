"""Forms work with the keyboard alone: sign in, start an application and save its first
section using only Tab, typing, Enter and Space (no clicks, no focusing by script)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from grants.models import Application
from tests.browser.journeys import assert_accessible, status_message
from tests.fundops.factories import TEST_PASSWORD, OrganisationFactory, UserFactory
from tests.grants.factories import CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 60


def tab_to(page, target) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until ``target`` has the focus, as a keyboard user would; fail if the tab
    order never reaches it (an element a keyboard user cannot get to)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target} on {page.url}")


def test_applicant_starts_and_saves_an_application_with_the_keyboard_only(page):
    applicant = UserFactory.with_role("applicant", email="kofi@example.com")
    OrganisationFactory(name="Dudley Diagnostics Ltd", members=[applicant])
    call = CallFactory(name="MedTech Barrier Grants 2026")

    page.goto("/accounts/login/")
    # The sign-in page puts the focus in its first field.
    email = page.get_by_label("Email", exact=False)
    assert email.evaluate("el => el === document.activeElement")
    page.keyboard.type(applicant.email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/")

    # The first Tab lands on the skip link; Enter on it skips the navigation, so the next
    # Tab reaches the page's own content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    tab_to(page, page.get_by_role("link", name="Apply for a grant"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=call.name).wait_for()
    # A link styled as a button: pressed with Space, like any button.
    tab_to(page, page.get_by_role("button", name="Start an application"))
    page.keyboard.press("Space")
    page.get_by_role("heading", name="Start an application").wait_for()

    tab_to(page, page.get_by_label("Project title"))
    page.keyboard.type("Hand-held anaemia screener")
    page.keyboard.press("Tab")  # to the barrier list: typing picks an option
    page.keyboard.type("Prototype")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the "Create draft" button has the focus
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    assert "Draft saved." in status_message(page)
    application = Application.objects.get()
    assert application.title == "Hand-held anaemia screener"
    assert application.barrier == Application.Barrier.PROTOTYPE

    # Section 1: each field in turn, then Space on "Save draft".
    answers = {
        "Summary": "A finger-prick screener for GP surgeries.",
        "Grant requested (£)": "7500",
        "What barrier stops your product moving forward?": "No working prototype yet.",
        "What will you do with the grant, and by when?": "Build and bench-test five units.",
    }
    for label, text in answers.items():
        tab_to(page, page.get_by_label(label))
        page.keyboard.type(text)
    tab_to(page, page.get_by_role("button", name="Save draft"))
    # The page before already says "Draft saved.": wait for the new page, not the old text.
    with page.expect_navigation():
        page.keyboard.press("Space")
    page.get_by_text("Draft saved.").wait_for()
    application.refresh_from_db()
    assert application.summary == "A finger-prick screener for GP surgeries."
    assert application.amount_requested == Decimal("7500.00")
    assert application.answers["project"] == "Build and bench-test five units."

    # Errors work from the keyboard too: the error summary's link leads to the field.
    tab_to(page, page.get_by_label("Project title"))
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    tab_to(page, page.get_by_role("button", name="Save draft"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    alert.wait_for()
    link = alert.get_by_role("link", name=re.compile("Project title"))
    tab_to(page, link)
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_details-title"
    assert_accessible(page)
    application.refresh_from_db()
    assert application.title == "Hand-held anaemia screener"
