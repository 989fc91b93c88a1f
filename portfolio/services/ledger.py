"""The cash-flow ledger: append an entry, or correct one by reversal (never by editing)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from fundops.api.errors import Conflict, DomainError
from fundops.models import User
from fundops.money import to_pennies
from portfolio.models import Investment, LedgerEntry
from portfolio.services._common import require_permission

LEDGER_SIGN_WRONG = (
    "Money out of the fund (investment, follow-on, fee) is negative; money back (interest, "
    "dividend, loan repayment, exit proceeds) is positive."
)
LEDGER_ZERO = "A cash flow cannot be £0.00."
LEDGER_WRITE_OFF_THROUGH_EXIT = "Record a write-off from the investment’s exit form."
LEDGER_ALREADY_REVERSED = "This entry has already been reversed."
LEDGER_REVERSAL_OF_REVERSAL = "A reversal cannot itself be reversed: record a new entry."
LEDGER_WRITE_OFF_NOT_REVERSIBLE = "A write-off entry moves no money and cannot be reversed."
LEDGER_REASON_REQUIRED = "Say why the entry is being reversed."


def _save(entry: LedgerEntry, by: User, reason: str = "") -> LedgerEntry:
    entry._history_user = by  # type: ignore[attr-defined]
    if reason:
        entry._change_reason = reason  # type: ignore[attr-defined]
    entry.save()
    return entry


def signed_amount(kind: str, amount: Decimal) -> Decimal:
    """Apply the sign convention to a magnitude typed by a person (or check a signed one)."""
    amount = to_pennies(Decimal(amount))
    if amount == 0:
        raise DomainError(LEDGER_ZERO)
    if kind in LedgerEntry.OUT_KINDS:
        return -abs(amount)
    return abs(amount)


@transaction.atomic
def ledger_entry_create(
    *,
    investment: Investment,
    kind: str,
    date: date,
    amount: Decimal,
    by: User,
    note: str = "",
    corrects: LedgerEntry | None = None,
) -> LedgerEntry:
    """Append one cash flow. ``amount`` is signed: out of the fund negative, back positive."""
    require_permission(by, "portfolio.add_ledgerentry")
    if kind == LedgerEntry.Kind.WRITE_OFF:
        raise DomainError(LEDGER_WRITE_OFF_THROUGH_EXIT)
    if kind not in LedgerEntry.Kind.values:
        raise DomainError(f"Unknown cash-flow kind “{kind}”.")
    amount = to_pennies(Decimal(amount))
    if amount == 0:
        raise DomainError(LEDGER_ZERO)
    if (kind in LedgerEntry.OUT_KINDS) != (amount < 0):
        raise DomainError(LEDGER_SIGN_WRONG)
    entry = LedgerEntry(
        investment=investment,
        kind=kind,
        date=date,
        amount=amount,
        note=note,
        corrects=corrects,
        created_by=by,
    )
    return _save(entry, by)


@transaction.atomic
def ledger_entry_reverse(
    *,
    entry: LedgerEntry,
    by: User,
    reason: str,
    corrected_date: date | None = None,
    corrected_amount: Decimal | None = None,
) -> tuple[LedgerEntry, LedgerEntry | None]:
    """Cancel ``entry`` with an entry of the opposite amount on the same date, and optionally
    record the corrected entry (same kind) linked to it. Returns (reversal, correction).

    E.g. a dividend typed as £1,500.00 instead of £150.00: reversal −£1,500.00, then the
    correction +£150.00; the ledger nets to £150.00 and both steps stay visible.
    """
    require_permission(by, "portfolio.reverse_ledgerentry")
    if not reason.strip():
        raise DomainError(LEDGER_REASON_REQUIRED)
    # Lock the row: two people reversing at once must not both succeed.
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.reverses_id is not None:
        raise DomainError(LEDGER_REVERSAL_OF_REVERSAL)
    if entry.kind == LedgerEntry.Kind.WRITE_OFF:
        raise DomainError(LEDGER_WRITE_OFF_NOT_REVERSIBLE)
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise Conflict(LEDGER_ALREADY_REVERSED)
    reversal = LedgerEntry(
        investment_id=entry.investment_id,
        kind=entry.kind,
        date=entry.date,
        amount=-entry.amount,
        note=f"Reversal: {reason}"[:255],
        reverses=entry,
        created_by=by,
    )
    try:
        with transaction.atomic():
            _save(reversal, by, reason)
    except IntegrityError as exc:  # the one-to-one caught a reversal racing this one
        raise Conflict(LEDGER_ALREADY_REVERSED) from exc
    correction = None
    if corrected_amount is not None:
        correction = ledger_entry_create(
            investment=entry.investment,
            kind=entry.kind,
            date=corrected_date or entry.date,
            amount=signed_amount(entry.kind, corrected_amount),
            by=by,
            note=f"Correction: {reason}"[:255],
            corrects=entry,
        )
    return reversal, correction
