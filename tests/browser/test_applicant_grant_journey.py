"""The applicant's grant journey in a real browser at a phone's size, from an open call to an
answered clarification request; axe-core checks every portal page on the way."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from fundops.models import Document
from grants.models import Application
from grants.services.applications import application_info_request
from tests.browser.journeys import assert_accessible, sign_in, status_message
from tests.fundops.factories import OrganisationFactory, UserFactory
from tests.grants.factories import CallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
S = Application.Status


def _add_cost(page, item: str, category: str, amount: str) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("form", has=page.get_by_role("button", name="Add cost"))
    form.get_by_label("Item").fill(item)
    form.get_by_label("Category").select_option(category)
    form.get_by_label("Supplier").fill("Midlands Test Rigs Ltd")
    form.get_by_label("Net amount (£)").fill(amount)


def test_applicant_applies_saves_returns_submits_and_answers_a_question(page, tmp_path):
    applicant = UserFactory.with_role("applicant", email="priya@example.com")
    OrganisationFactory(name="Sandwell Sensors Ltd", members=[applicant])
    call = CallFactory(name="MedTech Barrier Grants 2026")
    manager = UserFactory.with_role("fund_manager")

    sign_in(page, applicant)
    page.wait_for_url("**/portal/")
    assert_accessible(page)

    # An open call, and a draft started on it.
    page.get_by_role("link", name="Apply for a grant").click()
    page.get_by_role("heading", name=call.name).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Start an application").click()
    assert_accessible(page)
    page.get_by_label("Project title").fill("Wearable wound-moisture sensor")
    page.get_by_label("Barrier the grant will unblock").select_option(label="Prototype")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    assert "Draft saved." in status_message(page)
    assert_accessible(page)
    application = Application.objects.get()

    # Section 1: an answer over its word limit is refused with the count, then fixed.
    page.get_by_label("Summary").fill("A dressing sensor that tells nurses when to change it.")
    page.get_by_label("Grant requested (£)").fill("5000")
    page.get_by_label("Project start").fill("2026-04-01")
    page.get_by_label("Project end").fill("2026-12-31")
    barrier = page.get_by_label("What barrier stops your product moving forward?")
    barrier.fill(" ".join(["evidence"] * 251))
    page.get_by_label("What will you do with the grant, and by when?").fill(
        "Build ten prototypes and run a bench test by December."
    )
    page.get_by_label("Who will buy or use the product, and why?").fill(
        "District nurses: fewer dressing changes save visits."
    )
    page.get_by_label("What difference will it make to jobs and patients?").fill(
        "Two engineering jobs; fewer painful dressing changes for patients."
    )
    page.get_by_role("button", name="Save draft").click()
    summary = page.get_by_role("alert")
    assert "251 words: the limit is 250." in summary.inner_text()
    assert_accessible(page)  # the error summary and inline errors
    barrier.fill("We cannot afford the bench test rig that regulators expect evidence from.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    assert "Draft saved." in status_message(page)
    application.refresh_from_db()
    assert application.amount_requested == Decimal("5000.00")
    assert application.answers["barrier"].startswith("We cannot afford")

    # Section 2: the cost table. The total with the new cost shows while typing.
    preview = page.locator("#cost-total-preview")
    _add_cost(page, "Bench test rig", "equipment", "12000")
    assert preview.inner_text() == "£12,000.00"
    page.get_by_role("button", name="Add cost").click()
    assert "Cost line “Bench test rig” added." in status_message(page)
    _add_cost(page, "Sensor prototypes", "prototype", "1499.99")
    assert preview.inner_text() == "£13,499.99"
    page.get_by_role("button", name="Add cost").click()
    assert page.locator("#cost-total").inner_text() == "£13,499.99"
    assert_accessible(page)

    quote = tmp_path / "rig-quote.pdf"
    quote.write_bytes(PDF)
    rig = page.get_by_role("row", name=re.compile("Bench test rig"))
    rig.get_by_label("Quote").set_input_files(str(quote))
    rig.get_by_role("button", name="Upload quote").click()
    assert "Quote uploaded." in status_message(page)
    page.get_by_role("row", name=re.compile("Bench test rig")).get_by_role(
        "link", name="rig-quote.pdf"
    ).wait_for()
    assert Document.objects.get().original_name == "rig-quote.pdf"

    # Sections 3 and 4: match funding and a minimal financial assistance declaration.
    page.get_by_label("Source").fill("Founders' own funds")
    page.get_by_label("Kind").select_option(index=0)
    page.locator("form", has=page.get_by_role("button", name="Add match funding")).get_by_label(
        "Amount (£)"
    ).fill("8499.99")
    page.get_by_label("Already secured").check()
    page.get_by_role("button", name="Add match funding").click()
    assert "Match funding added." in status_message(page)
    page.get_by_label("Awarding body").fill("Innovate UK")
    page.get_by_label("Date received").fill("2025-06-30")
    page.locator("form", has=page.get_by_role("button", name="Add declaration")).get_by_label(
        "Amount (£)"
    ).fill("20000")
    page.get_by_role("button", name="Add declaration").click()
    assert "Declaration added." in status_message(page)
    page.get_by_role("row", name=re.compile("Innovate UK")).wait_for()
    assert_accessible(page)

    # Come back later: the list, the status page, then the saved draft as it was left.
    page.get_by_role("link", name="Your applications").click()
    assert_accessible(page)
    page.get_by_role("link", name=application.reference).click()
    assert_accessible(page)
    page.get_by_role("button", name="Continue your application").click()
    assert page.get_by_label("Grant requested (£)").input_value() == "5000.00"
    assert page.get_by_label("Project end").input_value() == "2026-12-31"
    assert page.locator("#cost-total").inner_text() == "£13,499.99"

    # Submit: the declaration, then the status page with its history.
    page.get_by_label("I confirm the information given is true", exact=False).check()
    page.get_by_role("button", name="Submit application").click()
    page.wait_for_url(re.compile(rf"/applications/{application.pk}/$"))
    assert "Application submitted." in status_message(page)
    application.refresh_from_db()
    assert application.status != S.DRAFT
    facts = page.locator("dl.facts").inner_text()
    assert application.get_status_display() in facts
    assert "£5,000.00" in facts
    history = page.get_by_role("table", name="Every change of status")
    assert application.get_status_display() in history.inner_text()
    assert_accessible(page)

    # The fund manager asks a question; the applicant answers it on the status page.
    application_info_request(
        application=application, by=manager, question="Is the rig quote valid until April?"
    )
    page.reload()
    page.get_by_role("heading", name="We need more information").wait_for()
    assert "Is the rig quote valid until April?" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Your answer").fill("Yes: the supplier holds the price until 30 April.")
    page.get_by_role("button", name="Send answer").click()
    assert "Thank you: your answer has been sent." in status_message(page)
    application.refresh_from_db()
    assert application.info_response == "Yes: the supplier holds the price until 30 April."
    assert application.status != S.MORE_INFO_REQUESTED
    assert "We need more information" not in page.locator("main").inner_text()
    assert_accessible(page)
    assert page.csp_errors == []
