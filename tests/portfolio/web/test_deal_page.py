"""The deal page: rules shown and blocking the vote, due diligence, the committee, completion,
the IC paper. Everything through the pages' forms."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from portfolio.models import DDItem, Deal, ICVote, Investment
from tests.portfolio.web.conftest import sign_in
from tests.trust.matrix import PDF

pytestmark = pytest.mark.django_db


def _page(client, deal: Deal) -> str:
    return client.get(f"/portfolio/deals/{deal.pk}/").content.decode()


def test_the_deal_page_shows_terms_rules_leverage_and_timeline(client, walk):
    deal = walk.screening()
    sign_in(client, walk.manager)
    page = _page(client, deal)
    assert "Midlands Angels (lead)" in page
    assert "£150,000.00" in page
    assert "1.50×" in page  # £150,000 private ÷ £100,000 fund
    assert "Ticket size" in page and "Voting stake" in page
    assert "Fail</span>" not in page
    assert "Screening" in page and "still there" in page


def test_a_failing_rule_blocks_the_vote_with_its_figures_until_amounts_are_fixed(client, walk):
    deal = walk.at_ic()
    lead = deal.co_investors.get()
    sign_in(client, walk.manager)
    client.post(
        f"/portfolio/deals/co-investors/{lead.pk}/",
        {
            f"co-{lead.pk}-name": lead.name,
            f"co-{lead.pk}-amount": "40000.00",
            f"co-{lead.pk}-same_terms": "on",
            f"co-{lead.pk}-is_lead": "on",
            f"co-{lead.pk}-is_private": "on",
        },
    )
    member = walk.members[0]
    sign_in(client, member)
    client.post(f"/portfolio/deals/{deal.pk}/conflict/", {"conflicted": "no"})
    page = client.post(
        f"/portfolio/deals/{deal.pk}/vote/", {"vote": "approve"}, follow=True
    ).content.decode()
    assert "Co-investment rules failed" in page
    assert "Private money £40,000.00 on the same terms is less than 1 × the fund" in page
    assert not ICVote.objects.filter(deal=deal).exists()
    # The fund manager fixes the amount; the vote goes through.
    sign_in(client, walk.manager)
    client.post(
        f"/portfolio/deals/co-investors/{lead.pk}/",
        {
            f"co-{lead.pk}-name": lead.name,
            f"co-{lead.pk}-amount": "120000.00",
            f"co-{lead.pk}-same_terms": "on",
            f"co-{lead.pk}-is_lead": "on",
            f"co-{lead.pk}-is_private": "on",
        },
    )
    sign_in(client, member)
    page = client.post(
        f"/portfolio/deals/{deal.pk}/vote/",
        {"vote": "approve", "comment": "Strong team."},
        follow=True,
    ).content.decode()
    assert "Your vote is recorded." in page
    assert ICVote.objects.get(deal=deal).comment == "Strong team."


def test_dd_complete_is_refused_with_the_open_items_then_accepted(client, walk):
    deal = walk.in_dd()
    items = list(deal.dd_items.order_by("order", "pk"))
    sign_in(client, walk.manager)
    page = client.post(f"/portfolio/deals/{deal.pk}/dd-complete/", follow=True).content.decode()
    assert "Due diligence cannot be completed" in page
    assert items[0].title in page
    deal.refresh_from_db()
    assert deal.status == Deal.Status.DUE_DILIGENCE
    # Waiving needs a reason: refused without one.
    first = items[0]
    page = client.post(
        f"/portfolio/deals/dd-items/{first.pk}/",
        {f"item-{first.pk}-status": "waived", f"item-{first.pk}-rag": "amber"},
        follow=True,
    ).content.decode()
    assert "Give the reason for waiving this item." in page
    client.post(
        f"/portfolio/deals/dd-items/{first.pk}/",
        {
            f"item-{first.pk}-status": "waived",
            f"item-{first.pk}-waived_reason": "Covered by the lead investor's review.",
        },
    )
    client.post(
        f"/portfolio/deals/dd-items/{first.pk}/documents/",
        {"file": SimpleUploadedFile("lead-review.pdf", PDF)},
    )
    assert "lead-review.pdf" in _page(client, deal)
    for item in items[1:]:
        client.post(
            f"/portfolio/deals/dd-items/{item.pk}/",
            {
                f"item-{item.pk}-status": "done",
                f"item-{item.pk}-rag": "green",
                f"item-{item.pk}-findings": "No issues.",
            },
        )
    assert not deal.dd_items.exclude(status__in=DDItem.CLOSED).exists()
    page = client.post(f"/portfolio/deals/{deal.pk}/dd-complete/", follow=True).content.decode()
    assert "Due diligence complete" in page
    deal.refresh_from_db()
    assert deal.status == Deal.Status.INVESTMENT_COMMITTEE


def test_committee_votes_decision_conditions_and_completion_through_the_pages(client, walk):
    deal = walk.at_ic()
    for member, vote in zip(walk.members[:3], ("approve", "approve", "decline"), strict=True):
        sign_in(client, member)
        client.post(f"/portfolio/deals/{deal.pk}/conflict/", {"conflicted": "no"})
        client.post(f"/portfolio/deals/{deal.pk}/vote/", {"vote": vote, "comment": f"{vote}!"})
    conflicted = walk.members[3]
    sign_in(client, conflicted)
    client.post(f"/portfolio/deals/{deal.pk}/conflict/", {"conflicted": "yes", "note": "Adviser."})
    page = _page(client, deal)
    assert "You declared a conflict on this deal: you do not vote." in page
    assert "2 approve, 1 decline, 0 abstain" in page

    sign_in(client, walk.manager, recent_auth=False)
    response = client.get(f"/portfolio/deals/{deal.pk}/decision/")
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    sign_in(client, walk.manager)
    # Contradicting the votes is refused with the reason.
    response = client.post(f"/portfolio/deals/{deal.pk}/decision/", {"outcome": "declined"})
    assert response.status_code == 400
    assert "contradicts the votes" in response.content.decode()
    client.post(
        f"/portfolio/deals/{deal.pk}/decision/",
        {"outcome": "approved", "conditions": "Board seat agreed\nKey-person insurance in place"},
    )
    deal.refresh_from_db()
    assert deal.status == Deal.Status.APPROVED
    conditions = list(deal.ic_conditions.order_by("pk"))
    assert [c.text for c in conditions] == ["Board seat agreed", "Key-person insurance in place"]
    page = _page(client, deal)
    assert "Decision: Approved" in page and "Complete the deal" in page
    assert "Tick off" in page

    complete = f"/portfolio/deals/{deal.pk}/complete/"
    lead = deal.co_investors.get()
    data = {
        "completed_on": "2026-11-20",
        "instrument": "equity",
        "shares": "50000",
        "price_per_share": "2.00",
        f"actual_{lead.pk}": "110000.00",
    }
    response = client.post(complete, data)
    assert response.status_code == 400
    assert "Tick off the committee&#x27;s conditions before completion" in (
        response.content.decode()
    )
    for condition in conditions:
        client.post(f"/portfolio/deals/conditions/{condition.pk}/met/", {"note": "Done."})
    response = client.post(complete, data, follow=True)
    assert "completed" in response.content.decode()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.INVESTED
    investment = Investment.objects.get(pk=deal.investment_id)
    assert investment.amount == Decimal("100000.00")
    lead.refresh_from_db()
    assert lead.actual_amount == Decimal("110000.00")
    page = _page(client, deal)
    assert f"/portfolio/companies/{deal.organisation_id}/" in page and "in the portfolio" in page
    assert "Board seat agreed" in page and "<strong>met</strong>" in page
    portfolio = client.get("/portfolio/").content.decode()
    assert "Pulse Diagnostics Ltd" in portfolio


def test_the_ic_paper_page_and_its_download(client, walk):
    deal = walk.at_ic()
    sign_in(client, walk.members[0])
    page = client.get(f"/portfolio/deals/{deal.pk}/ic-paper/").content.decode()
    assert "Investment committee paper" in page and "Midlands Angels" in page
    response = client.get(f"/portfolio/deals/{deal.pk}/ic-paper.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    text = " ".join(
        str(cell.value)
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )
    assert "Pulse Diagnostics Ltd" in text


def test_a_board_member_reads_the_deal_without_forms(client, walk, make_user):
    deal = walk.in_dd()
    sign_in(client, make_user("board_member"))
    page = _page(client, deal)
    assert "Due diligence" in page
    assert "Mark due diligence complete" not in page
    assert "Update “" not in page
    response = client.post(f"/portfolio/deals/{deal.pk}/dd-complete/", follow=True)
    assert "does not allow" in response.content.decode()
