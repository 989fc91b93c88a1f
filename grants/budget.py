"""A call's budget figures, computed from the records every time (never a stored counter,
so they cannot drift): reserved = pending + committed; remaining = budget − reserved.

* pending: approved awards whose offer is not yet accepted (they already hold budget, or
  two approvals could both fit in the same remaining money);
* committed: accepted offers (offer accepted, in delivery); a closed grant commits what was
  paid on it, releasing any unspent award;
* paid: payments released.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from fundops.money import to_pennies
from grants.models import Application, Call, Payment

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetFigures:
    budget: Decimal
    pending: Decimal
    committed: Decimal
    paid: Decimal
    remaining: Decimal


def _sum(queryset, field: str) -> Decimal:  # type: ignore[no-untyped-def]
    # SQLite sums decimals as floats-turned-Decimal (e.g. 77272.3600000000): back to pennies.
    return to_pennies(queryset.aggregate(total=Sum(field))["total"] or ZERO)


def call_budget_figures(*, call: Call) -> BudgetFigures:
    S = Application.Status
    awards = Application.objects.filter(call=call)
    pending = _sum(awards.filter(status__in=Application.PENDING_STATES), "amount_awarded")
    open_commitment = _sum(
        awards.filter(status__in={S.OFFER_ACCEPTED, S.IN_DELIVERY}), "amount_awarded"
    )
    payments = Payment.objects.filter(claim__application__call=call)
    paid = _sum(payments, "amount")
    closed_paid = _sum(payments.filter(claim__application__status=S.CLOSED), "amount")
    committed = open_commitment + closed_paid
    return BudgetFigures(
        budget=call.budget,
        pending=pending,
        committed=committed,
        paid=paid,
        remaining=call.budget - pending - committed,
    )
