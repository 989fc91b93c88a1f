"""The pipeline board and the deal list: columns, cards, moves through the board's form."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fundops.models import WorkflowEvent
from portfolio.models import Deal
from tests.portfolio.web.conftest import sign_in

pytestmark = pytest.mark.django_db
BOARD = "/portfolio/deals/board/"


def test_board_shows_a_column_per_stage_and_cards_with_days_in_stage(client, walk):
    deal = walk.screening(at=timezone.now() - timedelta(days=5))
    sign_in(client, walk.manager)
    page = client.get(BOARD).content.decode()
    for label in (
        "Enquiry",
        "Screening",
        "Due diligence",
        "Investment committee",
        "Approved",
        "Completion",
        "Invested",
    ):
        assert f">{label} <small>" in page
    assert "Pulse Diagnostics Ltd" in page
    assert "5 days" in page
    assert "£100,000.00" in page
    assert f'action="/portfolio/deals/{deal.pk}/move/"' in page


def test_a_deal_over_its_stage_target_is_flagged(client, walk, settings):
    settings.PORTFOLIO_STAGE_TARGET_DAYS = {**settings.PORTFOLIO_STAGE_TARGET_DAYS, "screening": 3}
    walk.screening(at=timezone.now() - timedelta(days=5))
    sign_in(client, walk.manager)
    assert "Over the 3-day target" in client.get(BOARD).content.decode()


def test_a_legal_move_on_the_board_moves_the_deal_and_records_the_event(client, walk):
    deal = walk.screening()
    sign_in(client, walk.manager)
    response = client.post(
        f"/portfolio/deals/{deal.pk}/move/", {"to": "due_diligence", "next": BOARD}, follow=True
    )
    deal.refresh_from_db()
    assert deal.status == Deal.Status.DUE_DILIGENCE
    assert WorkflowEvent.objects.filter(
        object_id=deal.pk, from_status="screening", to_status="due_diligence"
    ).exists()
    assert response.redirect_chain[-1][0] == BOARD
    assert f"{deal.reference} moved to Due diligence." in response.content.decode()
    assert deal.dd_items.exists()  # the same service as the button: the checklist started


def test_an_illegal_move_shows_the_reason_and_the_card_stays(client, walk):
    deal = walk.enquiry()
    sign_in(client, walk.manager)
    response = client.post(
        f"/portfolio/deals/{deal.pk}/move/",
        {"to": "investment_committee", "next": BOARD},
        follow=True,
    )
    assert response.status_code == 200
    assert "A deal cannot move from “Enquiry” to “Investment committee”." in (
        response.content.decode()
    )
    deal.refresh_from_db()
    assert deal.status == Deal.Status.ENQUIRY


def test_a_blocked_move_names_the_failing_rule_and_its_figures(client, walk):
    deal = walk.screening(private=Decimal("40000.00"))
    sign_in(client, walk.manager)
    response = client.post(
        f"/portfolio/deals/{deal.pk}/move/", {"to": "due_diligence", "next": BOARD}, follow=True
    )
    page = response.content.decode()
    assert "Private money on the same terms" in page
    assert "£40,000.00" in page and "£100,000.00" in page
    deal.refresh_from_db()
    assert deal.status == Deal.Status.SCREENING
    assert "Co-investment rule failing" in page  # the card's flag


def test_declining_from_the_board_needs_a_reason(client, walk):
    deal = walk.enquiry()
    sign_in(client, walk.manager)
    url = f"/portfolio/deals/{deal.pk}/move/"
    page = client.post(url, {"to": "declined", "next": BOARD}, follow=True).content.decode()
    assert "Give the reason" in page
    client.post(url, {"to": "declined", "reason": "Outside the fund's focus.", "next": BOARD})
    deal.refresh_from_db()
    assert deal.status == Deal.Status.DECLINED
    assert deal.closed_reason == "Outside the fund's focus."


def test_an_ic_member_cannot_move_cards(client, walk):
    deal = walk.enquiry()
    sign_in(client, walk.members[0])
    page = client.get(BOARD).content.decode()
    assert "move-form" not in page
    response = client.post(f"/portfolio/deals/{deal.pk}/move/", {"to": "screening"}, follow=True)
    assert "does not allow" in response.content.decode()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.ENQUIRY


def test_the_list_filters_by_stage_and_company(client, walk, make_user):
    walk.enquiry()
    walk.screening()
    sign_in(client, walk.manager)
    page = client.get("/portfolio/deals/?status=screening").content.decode()
    assert "1 deal<" in page
    page = client.get("/portfolio/deals/?q=pulse").content.decode()
    assert "2 deals<" in page
    page = client.get("/portfolio/deals/?q=nothing-like-it").content.decode()
    assert "No deals match." in page


def test_the_list_filters_overdue_deals(client, walk, settings):
    settings.PORTFOLIO_STAGE_TARGET_DAYS = {**settings.PORTFOLIO_STAGE_TARGET_DAYS, "screening": 3}
    late = walk.screening(at=timezone.now() - timedelta(days=5))
    walk.screening()
    sign_in(client, walk.manager)
    page = client.get("/portfolio/deals/?overdue=true").content.decode()
    assert "1 deal<" in page and late.reference in page


def test_applicants_and_assessors_are_refused_and_anonymous_sent_to_sign_in(
    client, walk, make_user
):
    deal = walk.enquiry()
    client.force_login(walk.applicant)
    assert client.get(BOARD).status_code == 403
    assert client.get(f"/portfolio/deals/{deal.pk}/").status_code == 403
    client.force_login(make_user("assessor"))
    assert client.get(BOARD).status_code == 403
    client.logout()
    assert client.get(BOARD).status_code == 302


def test_the_rule_flag_matches_each_deals_own_check_and_costs_the_same_queries(client, walk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portfolio.selectors_deals import deal_rule_results, deals_failing_rules

    short = walk.screening(private=Decimal("40000.00"))
    fine = walk.screening()
    oversized = walk.enquiry(amount_sought=Decimal("1200000.00"), round_size=Decimal("3000000.00"))
    deals = [short, fine, oversized]
    expected = {d.pk for d in deals if not all(r.passed for r in deal_rule_results(deal=d))}
    assert deals_failing_rules(deals=deals) == expected == {short.pk, oversized.pk}

    sign_in(client, walk.manager)
    with CaptureQueriesContext(connection) as few:
        client.get(BOARD)
    for _ in range(6):
        walk.screening(private=Decimal("40000.00"))
    with CaptureQueriesContext(connection) as more:
        client.get(BOARD)
    assert len(more) == len(few), (len(few), len(more))  # constant, whatever the cards
