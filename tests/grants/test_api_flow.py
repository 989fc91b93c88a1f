"""The grant journey through the API, as the applicant and staff would drive it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.models import Application
from tests.grants.factories import CallFactory, answers_for

pytestmark = pytest.mark.django_db


def _as(client, user):  # type: ignore[no-untyped-def]
    client.force_authenticate(user)
    return client


def test_applicant_applies_staff_assess_and_pay_through_the_api(api_client, walk, applicant):
    call = CallFactory()
    c = _as(api_client, applicant)
    response = c.post(
        reverse("grants-application-list"),
        {
            "call": call.pk,
            "organisation": applicant.test_organisation.pk,
            "title": "Sterilisable sensor housing",
            "barrier": "prototype",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    c.patch(
        reverse("grants-application-detail", args=[pk]),
        {"answers": answers_for(call), "amount_requested": "5000.00", "declaration_accepted": True},
        format="json",
    )
    line = c.post(
        reverse("grants-cost-line-add", args=[pk]),
        {
            "item": "CNC machining",
            "category": "prototype",
            "supplier": "Tyseley Tooling",
            "net_amount": "11000.00",
        },
        format="json",
    ).json()
    quote = SimpleUploadedFile("quote.pdf", b"%PDF-1.4 quote", content_type="application/pdf")
    assert (
        c.post(
            reverse("grants-cost-line-quote", args=[line["id"]]),
            {"file": quote},
            format="multipart",
        ).status_code
        == 201
    )
    response = c.post(reverse("grants-application-submit", args=[pk]), {}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "eligibility_check"
    assert {check["rule"] for check in body["eligibility_checks"]} >= {"sme", "region"}
    assert body["assignments"] == []  # never shown to applicants

    m = _as(api_client, walk.manager)
    for person in walk.assessors:
        # One client: re-authenticate as the manager for each assignment.
        assignment = (
            _as(api_client, walk.manager)
            .post(
                reverse("grants-assignment-create", args=[pk]),
                {"assessor": person.pk},
                format="json",
            )
            .json()
        )
        a = _as(api_client, person)
        a.post(
            reverse("grants-assignment-declare", args=[assignment["id"]]),
            {"conflict": False},
            format="json",
        )
        person.assignment_id = assignment["id"]
    m = _as(api_client, walk.manager)
    assert (
        m.post(
            reverse("grants-application-start-assessment", args=[pk]), {}, format="json"
        ).status_code
        == 200
    )
    criteria = Application.objects.get(pk=pk).call.criteria.all()
    for person in walk.assessors:
        a = _as(api_client, person)
        response = a.post(
            reverse("grants-assignment-score", args=[person.assignment_id]),
            {"scores": [{"criterion": c.pk, "score": 4, "comment": "Good"} for c in criteria]},
            format="json",
        )
        assert response.status_code == 200, response.content
    m = _as(api_client, walk.manager)
    assert (
        m.post(reverse("grants-application-send-to-panel", args=[pk]), {}, format="json").json()[
            "status"
        ]
        == "panel"
    )
    i = _as(api_client, walk.ic)
    assert (
        i.post(reverse("grants-application-approve", args=[pk]), {}, format="json").json()["status"]
        == "approved"
    )
    m = _as(api_client, walk.manager)
    assert m.post(reverse("grants-offer-send", args=[pk]), {}, format="json").status_code == 200
    c = _as(api_client, applicant)
    assert (
        c.post(
            reverse("grants-offer-accept", args=[pk]), {"confirm_mfa": True}, format="json"
        ).status_code
        == 200
    )
    budget = _as(api_client, walk.manager).get(reverse("grants-call-budget", args=[call.pk]))
    assert budget.json()["committed"] == "5000.00"


def test_conflicted_assessor_gets_409_with_reason(api_client, walk):
    app = walk.in_assessment()
    person = walk.assessors[0]
    assignment = app.assignments.get(assessor=person)
    assignment.conflict_declared = True
    assignment.save()
    c = _as(api_client, person)
    response = c.get(reverse("grants-application-detail", args=[app.pk]))
    assert response.status_code == 409
    response = c.post(
        reverse("grants-assignment-score", args=[assignment.pk]),
        {"scores": [{"criterion": cr.pk, "score": 3} for cr in app.call.criteria.all()]},
        format="json",
    )
    assert response.status_code == 409
    assert "conflict of interest" in response.json()["error"]["reason"]


def test_same_approver_twice_is_409_four_eyes(api_client, walk):
    from decimal import Decimal

    app = walk.at_panel(
        amount_requested=Decimal("15000.00"), costs=[("Rig", "equipment", Decimal("40000"))]
    )
    c = _as(api_client, walk.ic)
    assert (
        c.post(reverse("grants-application-approve", args=[app.pk]), {}, format="json").json()[
            "status"
        ]
        == "panel"
    )
    response = c.post(reverse("grants-application-approve", args=[app.pk]), {}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "four_eyes"


def test_double_pay_submit_returns_the_same_payment(api_client, walk):
    app = walk.accepted()
    claim = walk.approved_claim(app)
    c = _as(api_client, walk.finance)
    first = c.post(
        reverse("grants-claim-pay", args=[claim.pk]), {"idempotency_key": "k-1"}, format="json"
    )
    second = c.post(
        reverse("grants-claim-pay", args=[claim.pk]), {"idempotency_key": "k-1"}, format="json"
    )
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]


def test_applicant_cannot_use_staff_actions_on_own_application(api_client, walk, applicant):
    app = walk.at_panel()
    c = _as(api_client, applicant)
    response = c.post(reverse("grants-application-approve", args=[app.pk]), {}, format="json")
    assert response.status_code == 403


def test_offer_letter_pages_for_staff_and_own_applicant_only(
    client, walk, applicant, other_applicant
):
    app = walk.approved()
    url = reverse("grants:offer-letter", args=[app.pk])
    client.force_login(applicant)
    page = client.get(url)
    assert page.status_code == 200
    assert "Minimal Financial Assistance" in page.content.decode()
    assert "£315,000" in page.content.decode()
    download = client.get(reverse("grants:offer-letter-download", args=[app.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404
    client.force_login(walk.manager)
    assert client.get(url).status_code == 200
