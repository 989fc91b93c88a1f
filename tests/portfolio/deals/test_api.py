from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from portfolio.models import Deal, DealCoInvestor
from tests.fundops.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
S = Deal.Status
APPLICATION = {
    "amount_sought": "100000.00",
    "round_size": "250000.00",
    "instrument": "equity",
    "pre_money_valuation": "1500000.00",
    "use_of_funds": "UKCA marking",
    "product_stage": "prototype",
    "regulatory_pathway": "ukca",
}


def test_applicant_drafts_adds_co_investor_and_submits(api_client, walk):
    api_client.force_authenticate(walk.applicant)
    created = api_client.post(
        "/api/portfolio/deals/",
        {"organisation": walk.company.pk, "fund": walk.fund.pk, **APPLICATION},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    added = api_client.post(
        f"/api/portfolio/deals/{pk}/co-investors/",
        {"name": "Midlands Angels", "amount": "120000.00", "is_lead": True},
        format="json",
    )
    assert added.status_code == 201, added.json()
    submitted = api_client.post(f"/api/portfolio/deals/{pk}/submit/")
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["status"] == "enquiry"
    assert body["leverage"] == "1.20"
    assert [r["passed"] for r in body["rules"]] == [True] * 5
    # Submitted: the applicant can no longer change it.
    late = api_client.patch(f"/api/portfolio/deals/{pk}/", {"use_of_funds": "x"}, format="json")
    assert late.status_code == 409


def test_applicant_sees_only_their_own_deals(api_client, walk, other_applicant):
    mine = walk.enquiry()
    other = walk.enquiry()
    other.organisation = OrganisationFactory(members=[other_applicant])
    other.save()
    api_client.force_authenticate(walk.applicant)
    listed = api_client.get("/api/portfolio/deals/").json()["results"]
    assert [d["id"] for d in listed] == [mine.pk]
    assert api_client.get(f"/api/portfolio/deals/{other.pk}/").status_code == 404
    assert (
        api_client.post(f"/api/portfolio/deals/{other.pk}/withdraw/", {"reason": "x"}).status_code
        == 404
    )
    # Staff-only actions on their own deal: refused, not hidden.
    assert (
        api_client.post(f"/api/portfolio/deals/{mine.pk}/move/", {"to": "screening"}).status_code
        == 403
    )
    assert api_client.get(f"/api/portfolio/deals/{mine.pk}/rules/").status_code == 403


def test_illegal_move_via_api_is_a_409_with_the_reason(api_client, walk):
    deal = walk.enquiry()
    api_client.force_authenticate(walk.manager)
    response = api_client.post(
        f"/api/portfolio/deals/{deal.pk}/move/", {"to": "investment_committee"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["reason"] == (
        "A deal cannot move from “Enquiry” to “Investment committee”."
    )


def test_rule_failure_blocks_the_vote_via_api_naming_the_rule(api_client, walk):
    deal = walk.at_ic()
    lead = DealCoInvestor.objects.get(deal=deal)
    api_client.force_authenticate(walk.manager)
    fixed = api_client.patch(
        f"/api/portfolio/deal-co-investors/{lead.pk}/", {"amount": "40000.00"}, format="json"
    )
    assert fixed.status_code == 200
    member = walk.members[0]
    api_client.force_authenticate(member)
    declared = api_client.post(
        f"/api/portfolio/deals/{deal.pk}/conflicts/", {"conflicted": False}, format="json"
    )
    assert declared.status_code == 201
    vote = api_client.post(f"/api/portfolio/deals/{deal.pk}/votes/", {"vote": "approve"})
    assert vote.status_code == 409
    assert (
        "Private money £40,000.00 on the same terms is less than 1 × the fund's £100,000.00"
        in (vote.json()["error"]["reason"])
    )


def test_committee_to_completion_via_api_and_ic_paper_download(api_client, walk):
    deal = walk.at_ic()
    walk.vote(deal, "approve", "approve", "abstain")
    api_client.force_authenticate(walk.manager)
    paper = api_client.get(f"/api/portfolio/deals/{deal.pk}/ic-paper/")
    assert paper.status_code == 200
    book = load_workbook(BytesIO(paper.content))
    assert book.sheetnames == ["Summary", "Rules", "Due diligence", "Committee"]
    rules = [row for row in book["Rules"].iter_rows(min_row=2, values_only=True)]
    assert all(result == "Pass" for _, result, _ in rules) and len(rules) == 5
    decision = api_client.post(
        f"/api/portfolio/deals/{deal.pk}/decision/",
        {"outcome": "approved", "conditions": ["Board seat agreed"]},
        format="json",
    )
    assert decision.status_code == 201, decision.json()
    (condition,) = decision.json()["conditions"]
    met = api_client.post(f"/api/portfolio/ic-conditions/{condition['id']}/meet/", {"note": "ok"})
    assert met.status_code == 200 and met.json()["met_at"]
    done = api_client.post(
        f"/api/portfolio/deals/{deal.pk}/complete/",
        {
            "completed_on": "2026-06-01",
            "instrument": "equity",
            "shares": 50000,
            "price_per_share": "2.00",
        },
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "invested" and done.json()["investment"]
    investment = api_client.get(f"/api/portfolio/investments/{done.json()['investment']}/")
    assert investment.json()["amount"] == "100000.00"
    assert Deal.objects.get(pk=deal.pk).investment.amount == Decimal("100000.00")
