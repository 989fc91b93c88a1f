"""Completion: an approved deal becomes the fund's investment.

Public function:
- deal_complete(*, deal, completed_on, terms, by, co_investor_amounts=None, round_name="")
    -> Deal. Needs every committee condition ticked off; calls
    ``investment_create`` in the same transaction (round, holding, co-investors' actual
    amounts as round participations, ledger entry), links deal → investment and moves the
    deal to invested (through "completion" if it was still "approved").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from fundops.api.errors import Conflict
from fundops.models import User
from fundops.money import to_pennies
from portfolio.models import CoInvestor, Deal, DealCoInvestor
from portfolio.services.deal_common import lock_deal, move, require_perm
from portfolio.services.investments import (
    CoInvestment,
    InstrumentTerms,
    RoundSpec,
    co_investor_get_or_create,
    investment_create,
)

S = Deal.Status

NOT_APPROVED = "Only an approved deal can be completed."
CONDITIONS_OPEN = "Tick off the committee's conditions before completion: {conditions}."
INSTRUMENT_DIFFERS = "The deal was approved as {approved}: complete it with those terms."
AMOUNT_NEGATIVE = "An actual amount cannot be negative."
UNKNOWN_CO_INVESTOR = "Co-investor #{pk} is not on this deal."


def _co_investments(deal: Deal, amounts: dict[int, Decimal]) -> list[CoInvestment]:
    rows = {row.pk: row for row in deal.co_investors.select_related("co_investor")}
    for pk in amounts:
        if pk not in rows:
            raise ValidationError({"co_investor_amounts": UNKNOWN_CO_INVESTOR.format(pk=pk)})
    result = []
    for row in rows.values():
        actual = to_pennies(Decimal(amounts.get(row.pk, row.amount)))
        if actual < 0:
            raise ValidationError({"co_investor_amounts": AMOUNT_NEGATIVE})
        DealCoInvestor.objects.filter(pk=row.pk).update(actual_amount=actual)
        if actual == 0:
            continue  # pulled out before completion: not in the round
        register = row.co_investor or co_investor_get_or_create(
            name=row.name,
            kind=CoInvestor.Kind.OTHER,
            source=CoInvestor.Source.PRIVATE if row.is_private else CoInvestor.Source.PUBLIC,
        )
        result.append(CoInvestment(co_investor=register, amount=actual, same_terms=row.same_terms))
    return result


@transaction.atomic
def deal_complete(
    *,
    deal: Deal,
    completed_on: date,
    terms: InstrumentTerms,
    by: User,
    co_investor_amounts: dict[int, Decimal] | None = None,
    round_name: str = "",
) -> Deal:
    """Worked example: a £100,000 equity deal at £2.00 a share (50,000 shares) with a lead
    angel committed at £120,000 who puts in £110,000 → an Investment of £100,000.00, a
    round participation of £110,000.00 and a ledger entry of −£100,000.00."""
    require_perm(by, "portfolio.manage_deal")
    deal = lock_deal(deal)
    if deal.status not in Deal.RESERVED_STATES:
        raise Conflict(NOT_APPROVED, code="not_approved")
    open_conditions = list(deal.ic_conditions.filter(met_at__isnull=True))
    if open_conditions:
        raise Conflict(
            CONDITIONS_OPEN.format(conditions="; ".join(c.text for c in open_conditions)),
            code="conditions_open",
        )
    if deal.instrument and terms.instrument != deal.instrument:
        raise ValidationError(
            {"instrument": INSTRUMENT_DIFFERS.format(approved=deal.get_instrument_display())}
        )
    if deal.status == S.APPROVED:
        move(deal, to=S.COMPLETION, by=by, reason="Completion started.")
    investment = investment_create(
        organisation=deal.organisation,
        fund=deal.fund,
        round=RoundSpec(
            name=round_name.strip() or f"{deal.reference} round",
            date=completed_on,
            total_size=deal.round_size or deal.amount_sought or Decimal("0"),
            pre_money_valuation=deal.pre_money_valuation,
            price_per_share=terms.price_per_share,
        ),
        instrument=terms,
        amount=deal.amount_sought or Decimal("0"),
        date=completed_on,
        co_investors=_co_investments(deal, co_investor_amounts or {}),
        by=by,
        reference=deal.reference,
    )
    deal.investment = investment
    move(deal, to=S.INVESTED, by=by, reason="Completed.", extra_update_fields=("investment",))
    return deal
