from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from fundops.api.errors import Conflict, DomainError
from portfolio.models import LedgerEntry
from portfolio.models.ledger import LEDGER_IMMUTABLE, LedgerImmutableError
from portfolio.services import ledger as svc
from tests.portfolio.factories import equity_investment

pytestmark = pytest.mark.django_db


@pytest.fixture
def investment(fund_manager):  # type: ignore[no-untyped-def]
    return equity_investment(by=fund_manager)


def test_investment_money_out_is_one_negative_entry(investment):
    entry = investment.ledger_entries.get()
    assert entry.kind == LedgerEntry.Kind.INVESTMENT
    assert entry.amount == Decimal("-50000.00")


def test_an_entry_cannot_be_edited_or_deleted_through_the_orm(investment):
    entry = investment.ledger_entries.get()
    entry.amount = Decimal("-1.00")
    with pytest.raises(LedgerImmutableError, match="never changed"):
        entry.save()
    with pytest.raises(LedgerImmutableError):
        entry.delete()
    with pytest.raises(LedgerImmutableError, match=LEDGER_IMMUTABLE[:20]):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("-2.00"))
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("-50000.00")


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_to_change_or_delete_a_ledger_entry(fund_manager):
    """Raw SQL, past the ORM's guards: triggers on SQLite and PostgreSQL refuse it."""
    from django.db import connection

    investment = equity_investment(by=fund_manager)
    statements = [
        "UPDATE portfolio_ledgerentry SET amount = -1",
        "DELETE FROM portfolio_ledgerentry",
    ]
    for sql in statements:
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert investment.ledger_entries.get().amount == Decimal("-50000.00")


def test_sign_convention_is_enforced_by_service_and_database(investment, fund_manager):
    with pytest.raises(DomainError, match="Money out of the fund"):
        svc.ledger_entry_create(
            investment=investment,
            kind="dividend",
            date=date(2023, 1, 1),
            amount=Decimal("-10"),
            by=fund_manager,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            investment=investment,
            kind="fee",
            date=date(2023, 1, 1),
            amount=Decimal("10.00"),
            created_by=fund_manager,
        )


def test_a_mistyped_dividend_is_corrected_by_reversal_and_a_linked_new_entry(
    investment, fund_manager
):
    wrong = svc.ledger_entry_create(
        investment=investment,
        kind="dividend",
        date=date(2023, 6, 30),
        amount=Decimal("1500.00"),
        by=fund_manager,
    )
    reversal, correction = svc.ledger_entry_reverse(
        entry=wrong,
        by=fund_manager,
        reason="Typed £1,500 instead of £150",
        corrected_amount=Decimal("150.00"),
    )
    assert reversal.amount == Decimal("-1500.00")
    assert reversal.reverses == wrong
    assert correction is not None
    assert correction.amount == Decimal("150.00")
    assert correction.corrects == wrong
    dividends = LedgerEntry.objects.filter(investment=investment, kind="dividend")
    assert sum(e.amount for e in dividends) == Decimal("150.00")
    assert dividends.count() == 3  # nothing was deleted
    # both steps are audited, with who did them
    assert reversal.history.get().history_user == fund_manager
    assert correction.history.get().history_user == fund_manager


def test_an_entry_is_reversed_at_most_once(investment, fund_manager):
    entry = investment.ledger_entries.get()
    svc.ledger_entry_reverse(entry=entry, by=fund_manager, reason="duplicate")
    with pytest.raises(Conflict, match=svc.LEDGER_ALREADY_REVERSED):
        svc.ledger_entry_reverse(entry=entry, by=fund_manager, reason="again")
    # and the database refuses a second reversal even if the service were bypassed
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            investment=investment,
            kind=entry.kind,
            date=entry.date,
            amount=-entry.amount,
            reverses=entry,
            created_by=fund_manager,
        )


def test_a_reversal_cannot_be_reversed(investment, fund_manager):
    reversal, _ = svc.ledger_entry_reverse(
        entry=investment.ledger_entries.get(), by=fund_manager, reason="wrong company"
    )
    with pytest.raises(DomainError, match=svc.LEDGER_REVERSAL_OF_REVERSAL):
        svc.ledger_entry_reverse(entry=reversal, by=fund_manager, reason="oops")


def test_reversal_needs_a_reason_and_the_permission(investment, fund_manager, board_member):
    entry = investment.ledger_entries.get()
    with pytest.raises(DomainError, match=svc.LEDGER_REASON_REQUIRED):
        svc.ledger_entry_reverse(entry=entry, by=fund_manager, reason="  ")
    with pytest.raises(DomainError) as refused:
        svc.ledger_entry_reverse(entry=entry, by=board_member, reason="x")
    assert refused.value.status == 403
