"""A deal walked through the pipeline by the real services, stage by stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from fundops.models import Fund, Organisation, User
from portfolio.models import DDItem, Deal
from portfolio.services import committee, deals, diligence
from tests.fundops.factories import FundCapitalFactory, FundFactory, OrganisationFactory

TERMS: dict[str, Any] = {
    "amount_sought": Decimal("100000.00"),
    "round_size": Decimal("250000.00"),
    "instrument": "equity",
    "pre_money_valuation": Decimal("1500000.00"),
    "use_of_funds": "CE marking and first NHS sites.",
    "product_stage": "prototype",
    "regulatory_pathway": "ukca",
}


@dataclass
class Walk:
    manager: User
    applicant: User
    members: list[User]
    fund: Fund
    company: Organisation
    extra: dict[str, Any] = field(default_factory=dict)

    def draft(self, *, private: Decimal = Decimal("150000.00"), **terms: Any) -> Deal:
        deal = deals.deal_create(
            organisation=self.company, fund=self.fund, by=self.applicant, **{**TERMS, **terms}
        )
        deals.deal_co_investor_add(
            deal=deal, by=self.applicant, name="Midlands Angels", amount=private, is_lead=True
        )
        return deal

    def enquiry(self, at: datetime | None = None, **kwargs: Any) -> Deal:
        return deals.deal_submit(deal=self.draft(**kwargs), by=self.applicant, at=at)

    def screening(self, at: datetime | None = None, **kwargs: Any) -> Deal:
        deal = self.enquiry(at=at, **kwargs)
        return deals.deal_move(deal=deal, to=Deal.Status.SCREENING, by=self.manager, at=at)

    def in_dd(self, at: datetime | None = None, **kwargs: Any) -> Deal:
        return diligence.dd_start(deal=self.screening(at=at, **kwargs), by=self.manager, at=at)

    def at_ic(self, **kwargs: Any) -> Deal:
        deal = self.in_dd(**kwargs)
        for item in deal.dd_items.all():
            diligence.dd_item_update(item=item, by=self.manager, status=DDItem.Status.DONE)
        return diligence.dd_complete(deal=deal, by=self.manager)

    def vote(self, deal: Deal, *votes: str) -> None:
        for member, vote in zip(self.members, votes, strict=False):
            committee.ic_conflict_declare(deal=deal, by=member, conflicted=False)
            committee.ic_vote_cast(deal=deal, by=member, vote=vote, comment=f"{vote} from me")

    def approved(self, conditions: tuple[str, ...] = (), **kwargs: Any) -> Deal:
        deal = self.at_ic(**kwargs)
        self.vote(deal, "approve", "approve", "approve")
        committee.ic_decision_record(
            deal=deal, by=self.manager, outcome="approved", conditions=conditions
        )
        deal.refresh_from_db()
        return deal


@pytest.fixture
def walk(make_user) -> Walk:  # type: ignore[no-untyped-def]
    applicant = make_user("applicant")
    fund = FundFactory(name="Deal Test Fund")
    FundCapitalFactory(fund=fund, amount=Decimal("5000000.00"))
    return Walk(
        manager=make_user("fund_manager"),
        applicant=applicant,
        members=[make_user("ic_member") for _ in range(4)],
        fund=fund,
        company=OrganisationFactory(members=[applicant]),
    )
