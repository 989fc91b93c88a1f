from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundops.api.errors import DomainError
from portfolio.models import LedgerEntry, RoundParticipation
from portfolio.services.investments import (
    EQUITY_COST_MISMATCH,
    ORGANISATION_NOT_VERIFIED,
    CoInvestment,
    InstrumentTerms,
    RoundSpec,
    investment_create,
)
from tests.fundops.factories import FundFactory, OrganisationFactory
from tests.portfolio.factories import co_investor, equity_investment

pytestmark = pytest.mark.django_db


def test_follow_on_with_two_co_investors_records_round_participations_and_ledger(fund_manager):
    company = OrganisationFactory()
    first = equity_investment(by=fund_manager, organisation=company)
    follow_on = equity_investment(
        by=fund_manager,
        organisation=company,
        round_name="Series A",
        on=date(2023, 9, 1),
        shares=5_000,
        price=Decimal("8.00"),
        co_investors=[
            CoInvestment(co_investor(name="Midlands Angels"), Decimal("40000")),
            CoInvestment(
                co_investor(name="British Business Bank", kind="public_body", source="public"),
                Decimal("60000"),
                same_terms=False,
            ),
        ],
    )
    assert not first.is_follow_on
    assert follow_on.is_follow_on
    assert follow_on.ledger_entries.get().kind == LedgerEntry.Kind.FOLLOW_ON
    assert follow_on.ledger_entries.get().amount == Decimal("-40000.00")
    participations = RoundParticipation.objects.filter(round=follow_on.round)
    assert {(p.co_investor.name, p.amount, p.same_terms, p.source) for p in participations} == {
        ("Midlands Angels", Decimal("40000.00"), True, "private"),
        ("British Business Bank", Decimal("60000.00"), False, "public"),
    }


def test_equity_cost_must_be_shares_times_price_to_the_penny(fund_manager):
    def invest(amount: str) -> None:
        investment_create(
            organisation=company,
            fund=FundFactory(),
            round=RoundSpec(name="Seed", date=date(2022, 1, 1), total_size=Decimal("1000000")),
            instrument=InstrumentTerms(
                instrument="equity", shares=1000, price_per_share=Decimal("1.234567")
            ),
            amount=Decimal(amount),
            date=date(2022, 1, 1),
            by=fund_manager,
        )

    company = OrganisationFactory()
    with pytest.raises(DomainError) as refused:
        invest("1234.56")
    assert refused.value.reason == EQUITY_COST_MISMATCH.format(expected=Decimal("1234.57"))
    invest("1234.57")
    assert company.investments.get().amount == Decimal("1234.57")


def test_money_only_goes_to_a_verified_organisation(fund_manager):
    with pytest.raises(DomainError, match=ORGANISATION_NOT_VERIFIED):
        equity_investment(by=fund_manager, organisation=OrganisationFactory(status="pending"))
    assert not LedgerEntry.objects.exists()


def test_a_role_without_the_permission_cannot_invest(board_member):
    with pytest.raises(DomainError) as refused:
        equity_investment(by=board_member)
    assert refused.value.status == 403
