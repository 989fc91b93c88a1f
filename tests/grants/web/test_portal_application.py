"""The applicant's journey through the portal pages: start, save a draft, costs with a
quote, match funding, MFA declarations, submit, status, clarification, withdrawal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import Application
from grants.services.applications import (
    ANSWER_TOO_LONG,
    COSTS_REQUIRED,
    DATE_IN_FUTURE,
    application_info_request,
)
from grants.web.portal import DRAFT_SAVED, NOT_EDITABLE_NOW
from grants.web.portal_status import ANSWER_SENT, SUBMITTED, WITHDRAWN
from tests.grants.factories import ApplicationFactory, CallFactory, pdf

pytestmark = pytest.mark.django_db


def details(call, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "details-title": "Wearable wound sensor",
        "details-barrier": "prototype",
        "details-summary": "A sensor that tells nurses when a dressing needs changing.",
        "details-amount_requested": "5000.00",
        "details-project_start": "2026-12-01",
        "details-project_end": "2027-05-31",
    }
    for question in call.questions:
        data[f"details-answer_{question['key']}"] = "A short clear answer."
    data.update(overrides)
    return data


def test_open_calls_are_listed_and_a_closed_one_is_not(client, applicant):
    open_call = CallFactory(name="Open round")
    closed = CallFactory(name="Closed round")
    closed.opens_at = closed.opens_at.replace(year=2020)
    closed.closes_at = closed.closes_at.replace(year=2021)
    closed.save()
    client.force_login(applicant)
    page = client.get(reverse("grants:portal-calls")).content.decode()
    assert open_call.name in page
    assert "Closed round" not in page


def test_applicant_starts_saves_a_draft_and_submits(client, applicant, call):
    client.force_login(applicant)
    start = client.post(
        reverse("grants:portal-apply", args=[call.pk]),
        {
            "organisation": applicant.test_organisation.pk,
            "title": "Wearable wound sensor",
            "barrier": "prototype",
        },
        follow=True,
    )
    assert DRAFT_SAVED in start.content.decode()
    application = Application.objects.get(organisation=applicant.test_organisation)
    assert application.status == Application.Status.DRAFT

    edit = reverse("grants:portal-application-edit", args=[application.pk])
    saved = client.post(edit, details(call), follow=True)
    assert DRAFT_SAVED in saved.content.decode()
    application.refresh_from_db()
    assert application.amount_requested == Decimal("5000.00")
    assert application.answers["market"] == "A short clear answer."

    # Submitting without costs is refused with the reason, and nothing moves.
    refused = client.post(
        reverse("grants:portal-application-submit", args=[application.pk]),
        {"submit-declaration_accepted": "on"},
    )
    assert refused.status_code == 400
    assert COSTS_REQUIRED in refused.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert not application.declaration_accepted

    added = client.post(
        reverse("grants:portal-cost-line-add", args=[application.pk]),
        {
            "cost-item": "Bench test rig",
            "cost-category": "equipment",
            "cost-supplier": "Acme Instruments",
            "cost-net_amount": "12000.00",
            "cost-quote": pdf("quote.pdf"),
        },
        follow=True,
    )
    page = added.content.decode()
    assert "Bench test rig" in page
    assert "quote.pdf" in page
    assert "£12,000.00" in page  # the server-side total

    submitted = client.post(
        reverse("grants:portal-application-submit", args=[application.pk]),
        {"submit-declaration_accepted": "on"},
        follow=True,
    )
    page = submitted.content.decode()
    assert SUBMITTED in page
    assert "Eligibility check" in page
    application.refresh_from_db()
    assert application.status == Application.Status.ELIGIBILITY_CHECK


def test_an_answer_over_the_word_limit_is_refused_with_the_count(client, applicant, call):
    application = ApplicationFactory(
        call=call, organisation=applicant.test_organisation, created_by=applicant
    )
    client.force_login(applicant)
    limit = call.questions[0]["words"]
    too_long = " ".join(["word"] * (limit + 1))
    response = client.post(
        reverse("grants:portal-application-edit", args=[application.pk]),
        details(call, **{f"details-answer_{call.questions[0]['key']}": too_long}),
    )
    assert response.status_code == 400
    assert ANSWER_TOO_LONG.format(words=limit + 1, limit=limit) in response.content.decode()
    application.refresh_from_db()
    assert application.answers[call.questions[0]["key"]] != too_long


def test_match_funding_and_mfa_declarations_are_added_and_removed(client, applicant, call):
    application = ApplicationFactory(
        call=call, organisation=applicant.test_organisation, created_by=applicant
    )
    client.force_login(applicant)
    client.post(
        reverse("grants:portal-match-funding-add", args=[application.pk]),
        {"match-source": "Angel investor", "match-kind": "private", "match-amount": "6000"},
    )
    client.post(
        reverse("grants:portal-mfa-declaration-add", args=[application.pk]),
        {
            "mfa-awarding_body": "Innovate UK",
            "mfa-received_on": "2025-06-01",
            "mfa-amount": "20000",
        },
    )
    page = client.get(reverse("grants:portal-application-edit", args=[application.pk]))
    assert "Angel investor" in page.content.decode()
    assert "Innovate UK" in page.content.decode()

    future = client.post(
        reverse("grants:portal-mfa-declaration-add", args=[application.pk]),
        {"mfa-awarding_body": "Later body", "mfa-received_on": "2099-01-01", "mfa-amount": "5"},
    )
    assert future.status_code == 400
    assert DATE_IN_FUTURE in future.content.decode()

    funding = application.match_funding.get()
    client.post(reverse("grants:portal-match-funding-remove", args=[funding.pk]))
    assert not application.match_funding.exists()


def test_applicant_answers_a_clarification_request(client, applicant, walk, fund_manager):
    application = walk.submitted()
    application_info_request(
        application=application, by=walk.manager, question="Send the supplier's second quote."
    )
    client.force_login(applicant)
    page = client.get(reverse("grants:portal-application", args=[application.pk]))
    assert "Send the supplier&#x27;s second quote." in page.content.decode()
    answered = client.post(
        reverse("grants:portal-application-respond", args=[application.pk]),
        {"respond-answer": "Attached to the cost line."},
        follow=True,
    )
    assert ANSWER_SENT in answered.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.ELIGIBILITY_CHECK
    assert application.info_response == "Attached to the cost line."


def test_applicant_withdraws_and_can_no_longer_edit(client, applicant, walk):
    application = walk.submitted()
    client.force_login(applicant)
    done = client.post(
        reverse("grants:portal-application-withdraw", args=[application.pk]),
        {"withdraw-reason": "We found other funding."},
        follow=True,
    )
    assert WITHDRAWN in done.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    edit = client.get(reverse("grants:portal-application-edit", args=[application.pk]), follow=True)
    assert NOT_EDITABLE_NOW in edit.content.decode()


def test_another_organisations_application_is_a_404_on_every_page(
    client, applicant, other_applicant, call
):
    theirs = ApplicationFactory(
        call=call, organisation=other_applicant.test_organisation, created_by=other_applicant
    )
    client.force_login(applicant)
    for name in ("portal-application", "portal-application-edit", "portal-offer"):
        assert client.get(reverse(f"grants:{name}", args=[theirs.pk])).status_code == 404
    for name in (
        "portal-application-submit",
        "portal-application-withdraw",
        "portal-application-respond",
        "portal-cost-line-add",
    ):
        assert client.post(reverse(f"grants:{name}", args=[theirs.pk])).status_code == 404
    line = theirs.cost_lines.get()
    assert client.post(reverse("grants:portal-cost-line-remove", args=[line.pk])).status_code == 404
    assert theirs.cost_lines.exists()
    listing = client.get(reverse("grants:portal-applications")).content.decode()
    assert theirs.title not in listing


def test_get_only_pages_answer_405_to_post(client, applicant):
    client.force_login(applicant)
    assert client.post(reverse("grants:portal-calls")).status_code == 405
    assert client.post(reverse("grants:portal-applications")).status_code == 405


def test_portal_pages_need_a_sign_in(client, call):
    response = client.get(reverse("grants:portal-calls"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_cost_table_total_script_is_a_static_file(client, applicant, call):
    from django.contrib.staticfiles import finders

    application = ApplicationFactory(
        call=call, organisation=applicant.test_organisation, created_by=applicant
    )
    client.force_login(applicant)
    page = client.get(reverse("grants:portal-application-edit", args=[application.pk]))
    assert 'src="/static/grants/cost-table.js"' in page.content.decode()
    assert finders.find("grants/cost-table.js")
    # Without the script the preview already shows the saved total.
    assert 'id="cost-total-preview" data-saved-total="12000.00"' in page.content.decode()
