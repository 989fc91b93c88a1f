from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundops.api.errors import DomainError
from portfolio.models import Exit, Investment, LedgerEntry
from portfolio.selectors import investment_list, valuation_latest, valuation_latest_bulk
from portfolio.services.exits import (
    EXIT_CLOSED,
    EXIT_TOO_MANY_SHARES,
    exit_record,
    investment_write_off,
)
from portfolio.services.valuations import VALUATION_BEFORE_INVESTMENT, valuation_record
from tests.portfolio.factories import equity_investment

pytestmark = pytest.mark.django_db


@pytest.fixture
def holding(fund_manager):  # type: ignore[no-untyped-def]
    return equity_investment(by=fund_manager)  # 10,000 shares at £5.00 = £50,000.00


def test_partial_then_full_exit_realises_gain_and_moves_status(holding, fund_manager):
    first = exit_record(
        investment=holding,
        date=date(2024, 1, 10),
        proceeds=Decimal("30000"),
        shares_sold=2_500,
        by=fund_manager,
    )
    assert first.fraction == Decimal("0.25")
    assert first.cost_of_part_sold == Decimal("12500.00")
    assert first.realised_gain == Decimal("17500.00")
    holding.refresh_from_db()
    assert holding.status == Investment.Status.PARTIALLY_REALISED
    with pytest.raises(DomainError, match=EXIT_TOO_MANY_SHARES.format(remaining=7500)):
        exit_record(
            investment=holding,
            date=date(2024, 6, 1),
            proceeds=Decimal("1"),
            shares_sold=8_000,
            by=fund_manager,
        )
    rest = exit_record(
        investment=holding,
        date=date(2024, 6, 1),
        proceeds=Decimal("20000"),
        shares_sold=7_500,
        by=fund_manager,
    )
    assert rest.kind == Exit.Kind.FULL
    assert rest.cost_of_part_sold == Decimal("37500.00")  # the rest of the cost, exactly
    assert rest.realised_gain == Decimal("-17500.00")
    holding.refresh_from_db()
    assert holding.status == Investment.Status.REALISED
    proceeds = holding.ledger_entries.filter(kind=LedgerEntry.Kind.EXIT_PROCEEDS)
    assert sorted(e.amount for e in proceeds) == [Decimal("20000.00"), Decimal("30000.00")]
    with pytest.raises(DomainError, match=EXIT_CLOSED.format(status="realised")):
        investment_write_off(investment=holding, date=date(2025, 1, 1), by=fund_manager, reason="x")


def test_write_off_is_a_zero_cash_entry_a_zero_valuation_and_a_loss_of_cost(holding, fund_manager):
    exit = investment_write_off(
        investment=holding, date=date(2024, 3, 31), by=fund_manager, reason="Administration"
    )
    assert exit.realised_gain == Decimal("-50000.00")
    holding.refresh_from_db()
    assert holding.status == Investment.Status.WRITTEN_OFF
    entry = holding.ledger_entries.get(kind=LedgerEntry.Kind.WRITE_OFF)
    assert entry.amount == Decimal("0.00")
    assert valuation_latest(investment=holding).fair_value == Decimal("0.00")


def test_only_a_role_with_record_exit_can_exit(holding, make_user):
    finance = make_user("finance_officer")
    with pytest.raises(Exception, match="permission"):
        exit_record(
            investment=holding,
            date=date(2024, 1, 1),
            proceeds=Decimal("1"),
            fraction=Decimal("0.5"),
            by=finance,
        )


def test_latest_valuation_as_of_a_date(holding, fund_manager):
    assert valuation_latest(investment=holding) is None
    for day, value in [
        (date(2022, 6, 30), "50000"),
        (date(2022, 12, 31), "65000"),
        (date(2023, 6, 30), "40000"),
    ]:
        valuation_record(
            investment=holding,
            valued_on=day,
            fair_value=Decimal(value),
            method="milestones",
            by=fund_manager,
        )
    # a same-day revaluation recorded later wins
    valuation_record(
        investment=holding,
        valued_on=date(2022, 12, 31),
        fair_value=Decimal("70000"),
        method="multiples",
        by=fund_manager,
        note="Corrected multiple",
    )
    assert valuation_latest(investment=holding, as_of=date(2022, 3, 1)) is None
    assert valuation_latest(investment=holding, as_of=date(2022, 9, 30)).fair_value == 50000
    assert valuation_latest(investment=holding, as_of=date(2023, 1, 1)).fair_value == 70000
    assert valuation_latest(investment=holding, as_of=date(2023, 6, 30)).fair_value == 40000
    bulk = valuation_latest_bulk(investment_ids=[holding.pk], as_of=date(2023, 1, 1))
    assert bulk[holding.pk].fair_value == 70000
    listed = investment_list(as_of=date(2023, 1, 1)).get(pk=holding.pk)
    assert listed.latest_fair_value == 70000


def test_valuation_needs_an_approver_and_a_sensible_date(holding, fund_manager, make_user):
    with pytest.raises(DomainError) as refused:
        valuation_record(
            investment=holding,
            valued_on=date(2023, 1, 1),
            fair_value=Decimal("1"),
            method="dcf",
            by=make_user("finance_officer"),
        )
    assert refused.value.status == 403
    with pytest.raises(DomainError, match=VALUATION_BEFORE_INVESTMENT):
        valuation_record(
            investment=holding,
            valued_on=date(2020, 1, 1),
            fair_value=Decimal("1"),
            method="dcf",
            by=fund_manager,
        )
    valuation = valuation_record(
        investment=holding,
        valued_on=date(2023, 1, 1),
        fair_value=Decimal("1"),
        method="dcf",
        by=fund_manager,
    )
    assert valuation.approved_by == fund_manager
