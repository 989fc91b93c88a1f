"""The applicant portal's investment applications: draft → submit → answer → withdraw, and
isolation between organisations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portfolio.models import Deal
from portfolio.services import deals as svc
from tests.portfolio.web.conftest import sign_in
from tests.trust.matrix import PDF

pytestmark = pytest.mark.django_db

TERMS = {
    "terms-amount_sought": "100000.00",
    "terms-round_size": "250000.00",
    "terms-instrument": "equity",
    "terms-pre_money_valuation": "1500000.00",
    "terms-use_of_funds": "UKCA marking and two NHS pilot sites.",
    "terms-product_stage": "prototype",
    "terms-deal_type": "device",
    "terms-regulatory_pathway": "ukca",
}


def test_draft_submit_answer_and_withdraw(client, walk):
    applicant = walk.applicant
    sign_in(client, applicant)
    assert "Apply for investment" in client.get("/portfolio/portal/deals/").content.decode()
    response = client.post(
        "/portfolio/portal/deals/new/",
        {"organisation": walk.company.pk, "fund": walk.fund.pk},
    )
    deal = Deal.objects.get(organisation=walk.company)
    assert response["Location"] == f"/portfolio/portal/deals/{deal.pk}/edit/"
    assert deal.status == Deal.Status.DRAFT

    # Submitting an empty draft is refused with what is missing.
    page = client.post(f"/portfolio/portal/deals/{deal.pk}/submit/", follow=True)
    text = page.content.decode()
    assert "Complete the application before submitting" in text
    assert "amount sought from the fund" in text
    deal.refresh_from_db()
    assert deal.status == Deal.Status.DRAFT

    edit = f"/portfolio/portal/deals/{deal.pk}/edit/"
    response = client.post(edit, {**TERMS, "terms-amount_sought": "-5"})
    assert response.status_code == 400
    assert "greater than or equal to 0.01" in response.content.decode()
    assert "Draft saved." in client.post(edit, TERMS, follow=True).content.decode()
    client.post(
        f"/portfolio/portal/deals/{deal.pk}/co-investors/",
        {
            "co-new-name": "Midlands Angels",
            "co-new-amount": "150000.00",
            "co-new-same_terms": "on",
            "co-new-is_lead": "on",
            "co-new-is_private": "on",
        },
    )
    client.post(
        f"/portfolio/portal/deals/{deal.pk}/documents/",
        {"doc-kind": "pitch_deck", "doc-file": SimpleUploadedFile("deck.pdf", PDF)},
    )
    page = client.get(edit).content.decode()
    assert "Midlands Angels (lead)" in page and "deck.pdf" in page

    response = client.post(f"/portfolio/portal/deals/{deal.pk}/submit/", follow=True)
    assert "Thank you: your application has been submitted." in response.content.decode()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.ENQUIRY
    assert deal.amount_sought == Decimal("100000.00")
    # Submitted: no more editing unless the fund asks.
    assert client.get(edit)["Location"] == f"/portfolio/portal/deals/{deal.pk}/"

    # The fund manager asks from the deal page; the applicant answers in the portal.
    sign_in(client, walk.manager)
    client.post(
        f"/portfolio/deals/{deal.pk}/questions/", {"question": "Who is your notified body?"}
    )
    question = deal.clarifications.get()
    sign_in(client, applicant)
    page = client.get(f"/portfolio/portal/deals/{deal.pk}/").content.decode()
    assert "Who is your notified body?" in page and "Send answer" in page
    client.post(
        f"/portfolio/portal/deals/questions/{question.pk}/answer/",
        {f"answer-{question.pk}-answer": "BSI, under contract since March."},
    )
    question.refresh_from_db()
    assert question.answer == "BSI, under contract since March."
    sign_in(client, walk.manager)
    page = client.get(f"/portfolio/deals/{deal.pk}/").content.decode()
    assert "BSI, under contract since March." in page
    sign_in(client, applicant)

    url = f"/portfolio/portal/deals/{deal.pk}/withdraw/"
    assert "Reason" in client.post(url, {}, follow=True).content.decode()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.ENQUIRY
    response = client.post(url, {"withdraw-reason": "Raised elsewhere."}, follow=True)
    assert "Your application has been withdrawn." in response.content.decode()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.WITHDRAWN
    page = client.get(f"/portfolio/portal/deals/{deal.pk}/").content.decode()
    assert "Withdrawn" in page and "Raised elsewhere." in page


def test_another_organisations_deal_is_a_404(client, walk, other_applicant):
    deal = walk.enquiry()
    question = svc.deal_clarification_ask(deal=deal, by=walk.manager, question="Revenue?")
    sign_in(client, other_applicant)
    assert client.get(f"/portfolio/portal/deals/{deal.pk}/").status_code == 404
    assert client.get(f"/portfolio/portal/deals/{deal.pk}/edit/").status_code == 404
    assert client.post(f"/portfolio/portal/deals/{deal.pk}/withdraw/", {}).status_code == 404
    response = client.post(
        f"/portfolio/portal/deals/questions/{question.pk}/answer/",
        {f"answer-{question.pk}-answer": "None of your business"},
    )
    assert response.status_code == 404
    assert deal.reference not in client.get("/portfolio/portal/deals/").content.decode()


def test_an_applicant_on_the_staff_deal_pages_is_refused(client, walk):
    deal = walk.enquiry()
    sign_in(client, walk.applicant)
    assert client.get("/portfolio/deals/").status_code == 403
    assert client.get(f"/portfolio/deals/{deal.pk}/ic-paper/").status_code == 403
    assert client.post(f"/portfolio/deals/{deal.pk}/move/", {"to": "screening"}).status_code == 403
    deal.refresh_from_db()
    assert deal.status == Deal.Status.ENQUIRY
