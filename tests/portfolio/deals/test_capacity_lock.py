from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from fundops.api.errors import Conflict
from portfolio.models import Deal, DealCoInvestor, ICConflict, ICVote
from portfolio.selectors_deals import fund_capacity
from portfolio.services import committee
from tests.fundops.factories import FundCapitalFactory, FundFactory, OrganisationFactory

DEALS = 50


def _deals_at_committee(walk, count: int) -> list[Deal]:  # type: ignore[no-untyped-def]
    """Deals waiting for the decision with three approving votes (made directly: the
    walk through DD is tested elsewhere; only the decision races here)."""
    now = timezone.now()
    made = []
    for _ in range(count):
        deal = Deal.objects.create(
            organisation=OrganisationFactory(),
            fund=walk.fund,
            created_by=walk.manager,
            owner=walk.manager,
            amount_sought=Decimal("100000.00"),
            round_size=Decimal("250000.00"),
            instrument="equity",
            pre_money_valuation=Decimal("1500000.00"),
            status=Deal.Status.INVESTMENT_COMMITTEE,
            stage_entered_at=now,
        )
        DealCoInvestor.objects.create(
            deal=deal, name="Midlands Angels", amount=Decimal("150000.00"), is_lead=True
        )
        for member in walk.members[:3]:
            ICConflict.objects.create(deal=deal, member=member, conflicted=False, declared_at=now)
            ICVote.objects.create(deal=deal, member=member, vote="approve", cast_at=now)
        made.append(deal)
    return made


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_over_commit_the_fund(walk, monkeypatch):
    """50 approvals of £100,000 race for £2,550,000 of capacity: exactly 25 fit.

    To see it fail, remove the ``Fund.objects.select_for_update().get(...)`` line in
    portfolio/services/committee.py (ic_decision_record): the capacity checks then run side
    by side on the same snapshot and far more than 25 are approved (tried once: 50 of 50
    approved, £5,000,000 reserved against £2,550,000). The capacity read is slowed a little
    so that the race window is wide on every run, not only on a busy machine."""
    fund = FundFactory(name="Capacity Race Fund")
    FundCapitalFactory(fund=fund, amount=Decimal("2550000.00"))
    walk.fund = fund
    real = committee.fund_capacity

    def slow_capacity(*, fund):  # type: ignore[no-untyped-def]
        figures = real(fund=fund)
        time.sleep(0.05)
        return figures

    monkeypatch.setattr(committee, "fund_capacity", slow_capacity)
    deals = _deals_at_committee(walk, DEALS)
    barrier = threading.Barrier(DEALS)
    outcomes: list[str] = []

    def approve(deal: Deal) -> None:
        try:
            barrier.wait()
            committee.ic_decision_record(deal=deal, by=walk.manager, outcome="approved")
            outcomes.append("approved")
        except Conflict as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(deal,)) for deal in deals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    approved = Deal.objects.filter(fund=fund, status=Deal.Status.APPROVED)
    assert sum(d.amount_sought for d in approved) <= Decimal("2550000.00")
    assert approved.count() == 25 == outcomes.count("approved")
    assert outcomes.count("over_capacity") == 25
    capacity = fund_capacity(fund=fund)
    assert (capacity.reserved, capacity.available) == (
        Decimal("2500000.00"),
        Decimal("50000.00"),
    )
