from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from fundops.api.errors import DomainError
from fundops.models import User
from fundops.money import to_pennies
from portfolio.models import Investment, Valuation
from portfolio.services._common import require_permission

VALUATION_NEGATIVE = "A fair value cannot be negative."
VALUATION_BEFORE_INVESTMENT = "A valuation cannot be dated before the investment was made."
VALUATION_METHOD_UNKNOWN = "Choose one of the IPEV methods."
VALUATION_AFTER_CLOSE = "This investment is {status}: it is not revalued any more."


@transaction.atomic
def valuation_record(
    *,
    investment: Investment,
    valued_on: date,
    fair_value: Decimal,
    method: str,
    by: User,
    note: str = "",
) -> Valuation:
    """Record a fair value. Only an approver may (so the recorder is the approver)."""
    require_permission(by, "portfolio.approve_valuation")
    fair_value = to_pennies(Decimal(fair_value))
    if fair_value < 0:
        raise DomainError(VALUATION_NEGATIVE)
    if method not in Valuation.Method.values:
        raise DomainError(VALUATION_METHOD_UNKNOWN)
    if valued_on < investment.invested_on:
        raise DomainError(VALUATION_BEFORE_INVESTMENT)
    closed = (Investment.Status.REALISED, Investment.Status.WRITTEN_OFF)
    if investment.status in closed and fair_value != 0:
        raise DomainError(VALUATION_AFTER_CLOSE.format(status=investment.get_status_display()))
    valuation = Valuation(
        investment=investment,
        valued_on=valued_on,
        fair_value=fair_value,
        method=method,
        note=note,
        approved_by=by,
    )
    valuation._history_user = by  # type: ignore[attr-defined]
    valuation.save()
    return valuation
