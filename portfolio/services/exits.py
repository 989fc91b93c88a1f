"""Exits (partial or full realisations) and write-offs; the investment's status follows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from fundops.api.errors import DomainError
from fundops.models import User
from fundops.money import to_pennies
from fundops.workflow import transition
from portfolio.models import Exit, Investment, LedgerEntry, Valuation
from portfolio.services._common import require_permission

EXIT_NOTHING_SOLD = "Give the number of shares sold or the fraction of the holding sold."
EXIT_TOO_MANY_SHARES = "Only {remaining:,} shares are left in this holding."
EXIT_FRACTION_RANGE = "The fraction sold is more than 0 and at most 1."
EXIT_PROCEEDS_NEGATIVE = "Proceeds cannot be negative."
EXIT_CLOSED = "This investment is {status}: there is nothing left to realise."
EXIT_SHARES_NOT_EQUITY = "Shares sold only apply to an equity holding; give a fraction."


def remaining_cost(investment: Investment) -> Decimal:
    sold = investment.exits.aggregate(total=Sum("cost_of_part_sold"))["total"]
    return investment.amount - (sold or Decimal("0"))


def remaining_shares(investment: Investment) -> int | None:
    if investment.shares is None:
        return None
    sold = investment.exits.aggregate(total=Sum("shares_sold"))["total"]
    return investment.shares - (sold or 0)


def _locked_open(investment: Investment) -> Investment:
    investment = Investment.objects.select_for_update().get(pk=investment.pk)
    if investment.status not in (Investment.Status.ACTIVE, Investment.Status.PARTIALLY_REALISED):
        raise DomainError(EXIT_CLOSED.format(status=investment.get_status_display().lower()))
    return investment


@transaction.atomic
def exit_record(
    *,
    investment: Investment,
    date: date,
    proceeds: Decimal,
    by: User,
    shares_sold: int | None = None,
    fraction: Decimal | None = None,
    note: str = "",
) -> Exit:
    """Realise part or all of what is left of a holding.

    Worked example: 10,000 shares costing £50,000.00; sell 2,500 for £30,000.00 → fraction
    0.25, cost of the part sold £12,500.00, realised gain £17,500.00, status partially
    realised; the proceeds are a +£30,000.00 ledger entry.
    """
    investment = _locked_open(investment)
    proceeds = to_pennies(Decimal(proceeds))
    if proceeds < 0:
        raise DomainError(EXIT_PROCEEDS_NEGATIVE)
    left_shares = remaining_shares(investment)
    if shares_sold is not None:
        if left_shares is None:
            raise DomainError(EXIT_SHARES_NOT_EQUITY)
        if shares_sold <= 0:
            raise DomainError(EXIT_NOTHING_SOLD)
        if shares_sold > left_shares:
            raise DomainError(EXIT_TOO_MANY_SHARES.format(remaining=left_shares))
        fraction = Decimal(shares_sold) / Decimal(left_shares)
    elif fraction is None:
        raise DomainError(EXIT_NOTHING_SOLD)
    fraction = Decimal(fraction).quantize(Decimal("0.00000001"))
    if not (0 < fraction <= 1):
        raise DomainError(EXIT_FRACTION_RANGE)
    if shares_sold is None and left_shares is not None:
        shares_sold = left_shares if fraction == 1 else int(left_shares * fraction)
    cost_left = remaining_cost(investment)
    full = fraction == 1
    cost_part = cost_left if full else to_pennies(cost_left * fraction)
    to = Investment.Status.REALISED if full else Investment.Status.PARTIALLY_REALISED
    if investment.status != to:
        transition(investment, to=to, by=by, reason=note or f"Exit on {date}")
    else:  # a further partial exit: no status change, but the permission still applies
        require_permission(by, "portfolio.record_exit")
    exit = Exit.objects.create(
        investment=investment,
        kind=Exit.Kind.FULL if full else Exit.Kind.PARTIAL,
        date=date,
        proceeds=proceeds,
        shares_sold=shares_sold,
        fraction=fraction,
        cost_of_part_sold=cost_part,
        realised_gain=proceeds - cost_part,
        note=note,
        recorded_by=by,
    )
    if proceeds > 0:
        entry = LedgerEntry(
            investment=investment,
            kind=LedgerEntry.Kind.EXIT_PROCEEDS,
            date=date,
            amount=proceeds,
            note=f"Exit proceeds ({exit.get_kind_display().lower()})",
            created_by=by,
        )
        entry._history_user = by  # type: ignore[attr-defined]
        entry.save()
    return exit


@transaction.atomic
def investment_write_off(*, investment: Investment, date: date, by: User, reason: str) -> Exit:
    """Write what is left off to zero: no cash moves. Records an Exit with realised loss =
    the remaining cost, a WRITE_OFF ledger entry of £0.00, and a write-down valuation of 0."""
    investment = _locked_open(investment)
    cost_left = remaining_cost(investment)
    transition(investment, to=Investment.Status.WRITTEN_OFF, by=by, reason=reason)
    exit = Exit.objects.create(
        investment=investment,
        kind=Exit.Kind.WRITE_OFF,
        date=date,
        proceeds=Decimal("0.00"),
        shares_sold=remaining_shares(investment) or None,
        fraction=Decimal("1"),
        cost_of_part_sold=cost_left,
        realised_gain=-cost_left,
        note=reason,
        recorded_by=by,
    )
    entry = LedgerEntry(
        investment=investment,
        kind=LedgerEntry.Kind.WRITE_OFF,
        date=date,
        amount=Decimal("0.00"),
        note=reason[:255],
        created_by=by,
    )
    entry._history_user = by  # type: ignore[attr-defined]
    entry.save()
    valuation = Valuation(
        investment=investment,
        valued_on=date,
        fair_value=Decimal("0.00"),
        method=Valuation.Method.WRITE_DOWN,
        note=reason,
        approved_by=by,
    )
    valuation._history_user = by  # type: ignore[attr-defined]
    valuation.save()
    return exit
