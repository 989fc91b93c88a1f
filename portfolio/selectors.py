"""Reads of the portfolio. Applicant isolation lives here, once (monitoring returns)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from fundops.models import Organisation, User
from portfolio.loans import LoanRow, loan_schedule
from portfolio.models import Investment, LedgerEntry, MonitoringReturn, Valuation

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _latest_valuations(as_of: date | None) -> QuerySet[Valuation]:
    valuations = Valuation.objects.order_by("investment_id", "-valued_on", "-pk")
    if as_of is not None:
        valuations = valuations.filter(valued_on__lte=as_of)
    return valuations


def valuation_latest(*, investment: Investment, as_of: date | None = None) -> Valuation | None:
    """The fair value that stood on ``as_of`` (today's if None): the latest dated on or before
    it; two on the same day → the one recorded last. None if never valued by then."""
    return _latest_valuations(as_of).filter(investment=investment).first()


def valuation_latest_bulk(
    *, investment_ids: list[int], as_of: date | None = None
) -> dict[int, Valuation]:
    """``valuation_latest`` for many investments in one query."""
    latest: dict[int, Valuation] = {}
    for valuation in _latest_valuations(as_of).filter(investment_id__in=investment_ids):
        latest.setdefault(valuation.investment_id, valuation)
    return latest


def latest_fair_value_subquery(as_of: date | None = None) -> Subquery:
    """The same rule as ``valuation_latest``, as a column for a list of investments."""
    return Subquery(
        _latest_valuations(as_of).filter(investment=OuterRef("pk")).values("fair_value")[:1],
        output_field=MONEY,
    )


def _realised_subquery() -> Coalesce:
    money_back = (
        LedgerEntry.objects.filter(investment=OuterRef("pk"), kind__in=LedgerEntry.IN_KINDS)
        .order_by()
        .values("investment")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(money_back, output_field=MONEY), Value(Decimal("0.00")))


def investment_list(
    *,
    fund_id: int | None = None,
    instrument: str = "",
    status: str = "",
    sub_sector: str = "",
    organisation_id: int | None = None,
    as_of: date | None = None,
) -> QuerySet[Investment]:
    """Investments with ``latest_fair_value`` and ``realised`` (money back, net of
    reversals) as columns: one query whatever the portfolio size."""
    investments = Investment.objects.select_related("organisation", "fund", "round").annotate(
        latest_fair_value=latest_fair_value_subquery(as_of), realised=_realised_subquery()
    )
    if fund_id:
        investments = investments.filter(fund_id=fund_id)
    if instrument:
        investments = investments.filter(instrument=instrument)
    if status:
        investments = investments.filter(status=status)
    if sub_sector:
        investments = investments.filter(organisation__sub_sector=sub_sector)
    if organisation_id:
        investments = investments.filter(organisation_id=organisation_id)
    return investments.order_by("organisation__name", "invested_on", "pk")


def investment_get(*, pk: int) -> Investment:
    return get_object_or_404(investment_list(), pk=pk)


def loan_schedule_for(*, investment: Investment) -> list[LoanRow] | None:
    """The repayment schedule of a loan (None for any other instrument): level monthly
    payments from the drawdown date, computed from the loan's own terms."""
    if investment.instrument != Investment.Instrument.LOAN:
        return None
    return loan_schedule(
        principal=investment.amount,
        annual_rate=investment.interest_rate,
        term_months=investment.term_months,
        start=investment.invested_on,
    )


def portfolio_company_get(*, pk: int) -> Organisation:
    """A company the fund has invested in (404 for any other organisation)."""
    return get_object_or_404(
        Organisation.objects.filter(investments__isnull=False).distinct(), pk=pk
    )


def ledger_for_organisation(*, organisation: Organisation) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.filter(investment__organisation=organisation)
        .select_related("investment", "created_by", "reverses", "corrects")
        .prefetch_related("reversed_by")
        .order_by("date", "pk")
    )


def monitoring_return_list_for_user(*, user: User) -> QuerySet[MonitoringReturn]:
    returns = MonitoringReturn.objects.select_related("organisation", "submitted_by")
    if user.is_staff:
        return returns
    return returns.filter(organisation__members=user)


def monitoring_return_get(*, user: User, pk: int) -> MonitoringReturn:
    """Another company's return is a 404, never a 403: its existence is not revealed."""
    return get_object_or_404(monitoring_return_list_for_user(user=user), pk=pk)
