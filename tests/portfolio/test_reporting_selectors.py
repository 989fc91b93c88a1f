from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portfolio.models import MonitoringReturn
from portfolio.reporting_selectors import (
    follow_on_without_fund_for_fund,
    ledger_flows_for_fund,
    rounds_for_fund,
    valuations_for_fund,
)
from portfolio.services.investments import CoInvestment
from portfolio.services.ledger import ledger_entry_create, ledger_entry_reverse
from portfolio.services.valuations import valuation_record
from tests.fundops.factories import FundFactory
from tests.portfolio.factories import co_investor, equity_investment

pytestmark = pytest.mark.django_db


def _invest(by, n: int):  # type: ignore[no-untyped-def]
    angel = co_investor(name=f"Angel {n}")
    bank = co_investor(name="Regional Bank", kind="public_body", source="public")
    investment = equity_investment(
        by=by,
        fund=FundFactory(name="Test Fund"),
        co_investors=[
            CoInvestment(angel, Decimal("20000")),
            CoInvestment(bank, Decimal("10000"), same_terms=False),
        ],
    )
    valuation_record(
        investment=investment,
        valued_on=date(2023, 3, 31),
        fair_value=Decimal("55000"),
        method="milestones",
        by=by,
    )
    MonitoringReturn.objects.create(
        organisation=investment.organisation,
        period="quarterly",
        period_end=date(2023, 3, 31),
        due_on=date(2023, 4, 30),
        status="submitted",
        follow_on_private_without_fund=Decimal("75000"),
    )
    return investment


def test_reporting_reads_are_plain_data_in_constant_queries(
    fund_manager, django_assert_num_queries
):
    first = _invest(fund_manager, 0)
    wrong = ledger_entry_create(
        investment=first,
        kind="dividend",
        date=date(2023, 5, 1),
        amount=Decimal("999"),
        by=fund_manager,
    )
    ledger_entry_reverse(
        entry=wrong, by=fund_manager, reason="typo", corrected_amount=Decimal("99")
    )
    fund_id = first.fund_id

    def read() -> tuple:  # type: ignore[type-arg]
        return (
            ledger_flows_for_fund(fund_id=fund_id),
            valuations_for_fund(fund_id=fund_id),
            rounds_for_fund(fund_id=fund_id),
            follow_on_without_fund_for_fund(fund_id=fund_id),
        )

    with django_assert_num_queries(6):
        flows, values, rounds, follow_ons = read()
    for n in range(1, 5):
        _invest(fund_manager, n)
    with django_assert_num_queries(6):
        flows, values, rounds, follow_ons = read()

    assert [(f.amount, f.kind) for f in flows[first.pk]] == [
        (Decimal("-50000.00"), "investment"),
        (Decimal("999.00"), "dividend"),
        (Decimal("-999.00"), "dividend"),
        (Decimal("99.00"), "dividend"),
    ]
    assert values[first.pk][-1].fair_value == Decimal("55000.00")
    assert len(rounds) == 5
    assert rounds[0].fund_amount == Decimal("50000.00")
    assert rounds[0].private_same_terms == Decimal("20000.00")
    assert rounds[0].public_other_terms == Decimal("10000.00")
    assert rounds[0].public_same_terms == Decimal("0.00")
    assert len(follow_ons) == 5 and follow_ons[0].private == Decimal("75000.00")
