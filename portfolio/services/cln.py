"""Converting a convertible loan note into equity at a later round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db import transaction

from fundops.api.errors import DomainError
from fundops.models import User
from fundops.money import to_pennies
from fundops.workflow import transition
from portfolio.models import Investment, Round

CLN_NOT_A_NOTE = "Only an active convertible loan note can convert."
CLN_ROUND_OTHER_COMPANY = "The note converts at a round of its own company."
CLN_ROUND_NO_PRICE = "The round needs a price per share for the note to convert."
CLN_ROUND_BEFORE_NOTE = "The round is dated before the note was issued."
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Conversion:
    interest: Decimal
    amount: Decimal
    price: Decimal
    shares: int


def cln_accrued_interest(*, principal: Decimal, rate: Decimal, start: date, end: date) -> Decimal:
    """Simple interest, ACT/365: principal × rate × actual days ÷ 365, to the penny.
    £100,000.00 at 8 % for 365 days = £8,000.00; for 146 days = £3,200.00."""
    days = (end - start).days
    return to_pennies(principal * rate * Decimal(days) / Decimal(365))


def cln_conversion_terms(*, note: Investment, round: Round) -> Conversion:
    """Conversion price = min(round price × (1 − discount), cap ÷ pre-money shares); whole
    shares only (rounded down: the fraction of a share is not issued).

    Worked example: £100,000.00 at 8 % for 365 days → £108,000.00 to convert; round price
    £2.00, discount 20 % → £1.60; cap £3,000,000 over 2,000,000 shares → £1.50; price £1.50
    → 72,000 shares.
    """
    if not round.price_per_share:
        raise DomainError(CLN_ROUND_NO_PRICE)
    interest = cln_accrued_interest(
        principal=note.amount,
        rate=note.interest_rate or Decimal("0"),
        start=note.invested_on,
        end=round.date,
    )
    amount = note.amount + interest
    price = round.price_per_share * (Decimal("1") - (note.discount or Decimal("0")))
    if note.cap and round.pre_money_shares:
        price = min(price, note.cap / Decimal(round.pre_money_shares))
    price = price.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)
    shares = int((amount / price).to_integral_value(rounding=ROUND_FLOOR))
    return Conversion(interest=interest, amount=amount, price=price, shares=shares)


@transaction.atomic
def cln_convert(*, note: Investment, round: Round, by: User) -> Investment:
    """Turn the note into an equity holding in ``round``. No cash moves: the equity's cost is
    the note's principal (the money the fund paid); the interest is paid in shares, so it
    shows as value, not as a cash flow. The note's status becomes converted."""
    note = Investment.objects.select_for_update().get(pk=note.pk)
    if note.instrument != Investment.Instrument.CLN or note.status != Investment.Status.ACTIVE:
        raise DomainError(CLN_NOT_A_NOTE)
    if round.organisation_id != note.organisation_id:
        raise DomainError(CLN_ROUND_OTHER_COMPANY)
    if round.date < note.invested_on:
        raise DomainError(CLN_ROUND_BEFORE_NOTE)
    terms = cln_conversion_terms(note=note, round=round)
    transition(note, to=Investment.Status.CONVERTED, by=by, reason=f"Converted at {round}")
    return Investment.objects.create(
        organisation_id=note.organisation_id,
        fund_id=note.fund_id,
        round=round,
        reference=f"{note.reference}-EQ" if note.reference else "",
        instrument=Investment.Instrument.EQUITY,
        is_follow_on=note.is_follow_on,
        amount=note.amount,
        invested_on=round.date,
        share_class="Ordinary",
        shares=terms.shares,
        price_per_share=terms.price,
        converted_from=note,
        created_by=by,
    )
