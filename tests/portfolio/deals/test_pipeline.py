from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fundops.api.errors import Conflict
from fundops.workflow import InvalidTransition, events_for
from portfolio.models import Deal, DealStageVisit
from portfolio.reporting_selectors import pipeline_for_fund
from portfolio.selectors_deals import days_in_stage, deal_stage_timing, is_overdue, pipeline_board
from portfolio.services import deals

pytestmark = pytest.mark.django_db
S = Deal.Status
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_submit_then_screening_records_events_and_stage_visits(walk):
    deal = walk.screening(at=T0)
    assert deal.status == S.SCREENING
    moves = [(e.from_status, e.to_status) for e in events_for(deal)]
    assert moves == [("draft", "enquiry"), ("enquiry", "screening")]
    visits = list(DealStageVisit.objects.filter(deal=deal).values_list("stage", "left_at"))
    assert visits == [("enquiry", T0), ("screening", None)]


def test_stage_timing_days_and_overdue_against_target(walk, settings):
    settings.PORTFOLIO_STAGE_TARGET_DAYS = {"enquiry": 10, "screening": 14}
    deal = walk.enquiry(at=T0)
    deals.deal_move(deal=deal, to=S.SCREENING, by=walk.manager, at=T0 + timedelta(days=12))
    deal.refresh_from_db()
    now = T0 + timedelta(days=12 + 14, hours=1)
    spans = deal_stage_timing(deal=deal, now=now)
    assert [(s.stage, s.days, s.overdue) for s in spans] == [
        ("enquiry", 12, True),
        ("screening", 14, False),
    ]
    assert spans[0].left_at == T0 + timedelta(days=12)
    assert days_in_stage(deal, now) == 14
    assert not is_overdue(deal, now)
    assert is_overdue(deal, now + timedelta(days=1))
    board = {c.stage: c for c in pipeline_board(fund_id=walk.fund.pk, now=now + timedelta(days=1))}
    (card,) = board["screening"].cards
    assert (card.days_in_stage, card.overdue) == (15, True)


def test_illegal_move_is_refused_with_the_reason(walk):
    deal = walk.enquiry()
    with pytest.raises(InvalidTransition) as error:
        deals.deal_move(deal=deal, to=S.APPROVED, by=walk.manager)
    assert error.value.reason == "A deal cannot move from “Enquiry” to “Approved”."
    deal.refresh_from_db()
    assert deal.status == S.ENQUIRY


def test_move_to_invested_on_the_board_says_to_complete_on_the_deal_page(walk):
    deal = walk.approved()
    deals.deal_move(deal=deal, to=S.COMPLETION, by=walk.manager)
    with pytest.raises(Conflict) as error:
        deals.deal_move(deal=deal, to=S.INVESTED, by=walk.manager)
    assert "instrument terms" in error.value.reason


def test_decline_needs_a_reason_and_is_recorded(walk):
    deal = walk.screening()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        deals.deal_move(deal=deal, to=S.DECLINED, by=walk.manager, reason="  ")
    deals.deal_move(deal=deal, to=S.DECLINED, by=walk.manager, reason="Outside our thesis.")
    deal.refresh_from_db()
    assert (deal.status, deal.closed_reason) == (S.DECLINED, "Outside our thesis.")
    assert events_for(deal).last().reason == "Outside our thesis."


def test_applicant_withdraws_with_reason_from_an_open_stage(walk):
    deal = walk.screening()
    deals.deal_withdraw(deal=deal, by=walk.applicant, reason="Raised elsewhere.")
    deal.refresh_from_db()
    assert deal.status == S.WITHDRAWN
    with pytest.raises(InvalidTransition):
        deals.deal_withdraw(deal=deal, by=walk.applicant, reason="again")


def test_pipeline_for_fund_reports_each_open_deal_in_constant_queries(
    walk, django_assert_num_queries
):
    walk.screening(at=T0)
    walk.enquiry(at=T0)
    walk.draft()
    with django_assert_num_queries(1):
        rows = pipeline_for_fund(fund_id=walk.fund.pk)
    assert sorted(r.stage for r in rows) == ["enquiry", "screening"]
    row = next(r for r in rows if r.stage == "screening")
    assert row.amount_sought == Decimal("100000.00")
    assert row.stage_label == "Screening"
    assert row.company == walk.company.name
    assert row.days_in_stage == (timezone.now() - T0).days
