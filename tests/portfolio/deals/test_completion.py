from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundops.api.errors import Conflict
from portfolio.models import Deal, DealCoInvestor, LedgerEntry, RoundParticipation
from portfolio.selectors_deals import fund_capacity
from portfolio.services import committee, completion
from portfolio.services.investments import InstrumentTerms

pytestmark = pytest.mark.django_db
S = Deal.Status
EQUITY = InstrumentTerms("equity", "Ordinary A", shares=50_000, price_per_share=Decimal("2.00"))


def test_completion_waits_for_conditions_then_creates_the_investment(walk):
    deal = walk.approved(conditions=("Lead signs the term sheet",))
    with pytest.raises(Conflict) as error:
        completion.deal_complete(
            deal=deal, completed_on=date(2026, 6, 1), terms=EQUITY, by=walk.manager
        )
    assert error.value.reason == (
        "Tick off the committee's conditions before completion: Lead signs the term sheet."
    )
    committee.ic_condition_meet(condition=deal.ic_conditions.get(), by=walk.manager, note="Signed")
    lead = DealCoInvestor.objects.get(deal=deal)
    deal = completion.deal_complete(
        deal=deal,
        completed_on=date(2026, 6, 1),
        terms=EQUITY,
        by=walk.manager,
        co_investor_amounts={lead.pk: Decimal("140000")},
        round_name="Seed",
    )
    assert deal.status == S.INVESTED
    investment = deal.investment
    assert (investment.amount, investment.instrument, investment.invested_on) == (
        Decimal("100000.00"),
        "equity",
        date(2026, 6, 1),
    )
    assert investment.reference == deal.reference
    assert investment.round.name == "Seed" and investment.round.total_size == Decimal("250000.00")
    (participation,) = RoundParticipation.objects.filter(round=investment.round)
    assert (participation.co_investor.name, participation.amount) == (
        "Midlands Angels",
        Decimal("140000.00"),
    )
    lead.refresh_from_db()
    assert lead.actual_amount == Decimal("140000.00")
    assert LedgerEntry.objects.get(investment=investment).amount == Decimal("-100000.00")
    capacity = fund_capacity(fund=walk.fund)
    assert (capacity.invested, capacity.reserved) == (Decimal("100000.00"), Decimal("0.00"))
    assert [s for s in deal.stage_visits.values_list("stage", flat=True)][-2:] == [
        "completion",
        "invested",
    ]


def test_completion_with_mismatched_equity_cost_rolls_back(walk):
    deal = walk.approved()
    bad = InstrumentTerms("equity", shares=40_000, price_per_share=Decimal("2.00"))
    with pytest.raises(Exception) as error:
        completion.deal_complete(
            deal=deal, completed_on=date(2026, 6, 1), terms=bad, by=walk.manager
        )
    assert "shares × price per share" in str(error.value)
    deal.refresh_from_db()
    assert deal.status == S.APPROVED and deal.investment is None
