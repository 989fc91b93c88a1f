"""The applicant portal in a real browser: keyboard only, and axe-core finds no serious or
critical WCAG 2.2 AA violation on any page visited."""

from __future__ import annotations

import pytest

from fundops.models import Document, Organisation
from tests.browser.conftest import axe_violations
from tests.fundops.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _sign_in_with_the_keyboard(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    page.keyboard.press("Tab")  # the skip link comes first
    page.locator("#id_username").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/")


def test_applicant_registers_their_company_and_uploads_a_document(page, tmp_path):
    applicant = UserFactory.with_role("applicant", email="amira@example.com")
    _sign_in_with_the_keyboard(page, applicant.email)
    assert axe_violations(page) == []

    page.get_by_text("Register your organisation").click()
    assert axe_violations(page) == []
    # Submit it empty first: the error summary must be announced and accessible.
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []

    fields = {
        "Name": "Harborne Hearing Ltd",
        "Companies House number": "4567890",
        "Registered postcode": "b17 9ql",
        "Headcount": "7",
        "Annual turnover (GBP)": "320000",
        "Balance sheet total (GBP)": "150000",
    }
    for label, value in fields.items():
        page.get_by_label(label, exact=False).first.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    page.locator("#id_sector").select_option("medtech")
    page.locator("#id_sub_sector").select_option("assistive_technology")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Your organisation has been registered").wait_for()
    assert axe_violations(page) == []

    organisation = Organisation.objects.get()
    assert organisation.company_number == "04567890"
    assert organisation.registered_postcode == "B17 9QL"

    quote = tmp_path / "audiometer-quote.pdf"
    quote.write_bytes(PDF)
    page.get_by_label("File").set_input_files(str(quote))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("link", name="audiometer-quote.pdf").wait_for()
    assert Document.objects.get().organisation == organisation
    assert page.csp_errors == []


def test_public_pages_pass_axe(page):
    for path in ["/accounts/login/", "/accounts/password/reset/"]:
        page.goto(path)
        assert axe_violations(page) == [], path
    assert page.csp_errors == []
