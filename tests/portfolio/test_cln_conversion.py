from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundops.api.errors import DomainError
from portfolio.models import Investment, Round
from portfolio.services.cln import (
    CLN_NOT_A_NOTE,
    CLN_ROUND_NO_PRICE,
    cln_accrued_interest,
    cln_convert,
)
from tests.portfolio.factories import cln_investment

pytestmark = pytest.mark.django_db


def _round(
    note: Investment, *, price: str | None = "2.00", shares: int | None = 2_000_000
) -> Round:
    return Round.objects.create(
        organisation=note.organisation,
        name="Series A",
        date=date(2024, 1, 1),  # 365 days after the note
        total_size=Decimal("2000000"),
        price_per_share=Decimal(price) if price else None,
        pre_money_shares=shares,
    )


def test_simple_interest_is_act_365():
    assert cln_accrued_interest(
        principal=Decimal("100000"),
        rate=Decimal("0.08"),
        start=date(2023, 1, 1),
        end=date(2024, 1, 1),
    ) == Decimal("8000.00")
    # 2024 is a leap year: still ÷ 365, so 366 days earn a day more
    assert cln_accrued_interest(
        principal=Decimal("100000"),
        rate=Decimal("0.08"),
        start=date(2024, 1, 1),
        end=date(2025, 1, 1),
    ) == Decimal("8021.92")


def test_note_converts_at_the_cap_price_when_it_is_lower(fund_manager):
    note = cln_investment(by=fund_manager)
    equity = cln_convert(note=note, round=_round(note), by=fund_manager)
    # £108,000 at min(£2.00 × 0.8 = £1.60, £3m ÷ 2m = £1.50) = £1.50 → 72,000 shares
    assert equity.instrument == Investment.Instrument.EQUITY
    assert equity.price_per_share == Decimal("1.500000")
    assert equity.shares == 72_000
    assert equity.amount == Decimal("100000.00")  # cost stays the cash paid
    assert equity.converted_from == note
    note.refresh_from_db()
    assert note.status == Investment.Status.CONVERTED
    assert equity.ledger_entries.count() == 0  # no cash moved


def test_note_converts_at_the_discounted_price_when_the_cap_is_higher(fund_manager):
    note = cln_investment(by=fund_manager, cap=Decimal("10000000"))
    equity = cln_convert(note=note, round=_round(note), by=fund_manager)
    assert equity.price_per_share == Decimal("1.600000")
    assert equity.shares == 67_500  # 108,000 ÷ 1.60


def test_whole_shares_only_rounded_down(fund_manager):
    note = cln_investment(by=fund_manager, discount=None, cap=None)
    equity = cln_convert(note=note, round=_round(note, price="3.00"), by=fund_manager)
    assert equity.shares == 36_000  # 108,000 ÷ 3.00


def test_a_note_converts_once_and_needs_a_priced_round(fund_manager):
    note = cln_investment(by=fund_manager)
    with pytest.raises(DomainError, match=CLN_ROUND_NO_PRICE):
        cln_convert(note=note, round=_round(note, price=None), by=fund_manager)
    priced = Round.objects.create(
        organisation=note.organisation,
        name="Series B",
        date=date(2024, 6, 1),
        total_size=Decimal("5000000"),
        price_per_share=Decimal("2.50"),
    )
    cln_convert(note=note, round=priced, by=fund_manager)
    with pytest.raises(DomainError, match=CLN_NOT_A_NOTE):
        cln_convert(note=note, round=priced, by=fund_manager)
