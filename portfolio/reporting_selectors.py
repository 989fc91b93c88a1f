"""Plain data for reporting (IRR, multiples, leverage): a constant number of queries per
fund, whatever the portfolio size. Amounts are Decimal, signed as in the ledger (money out
of the fund negative)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from portfolio.models import (
    CoInvestor,
    Investment,
    LedgerEntry,
    MonitoringReturn,
    Round,
    RoundParticipation,
    Valuation,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Flow:
    date: date
    amount: Decimal
    kind: str


@dataclass(frozen=True)
class ValuationPoint:
    date: date
    fair_value: Decimal
    method: str


@dataclass(frozen=True)
class RoundMoney:
    round_id: int
    organisation_id: int
    date: date
    fund_amount: Decimal
    private_same_terms: Decimal
    public_same_terms: Decimal
    private_other_terms: Decimal
    public_other_terms: Decimal


@dataclass(frozen=True)
class FollowOnWithoutFund:
    organisation_id: int
    period_end: date
    private: Decimal
    public: Decimal


def ledger_flows_for_fund(*, fund_id: int, as_of: date | None = None) -> dict[int, list[Flow]]:
    """Investment id → its cash flows in date order (reversals included, so they net out).
    One query."""
    entries = LedgerEntry.objects.filter(investment__fund_id=fund_id)
    if as_of is not None:
        entries = entries.filter(date__lte=as_of)
    flows: dict[int, list[Flow]] = defaultdict(list)
    for investment_id, day, amount, kind in entries.order_by("date", "pk").values_list(
        "investment_id", "date", "amount", "kind"
    ):
        flows[investment_id].append(Flow(day, amount, kind))
    return dict(flows)


def valuations_for_fund(
    *, fund_id: int, as_of: date | None = None
) -> dict[int, list[ValuationPoint]]:
    """Investment id → its valuations, oldest first; the last one is the latest (the same
    rule as ``selectors.valuation_latest``: by date, then by the order recorded). One query."""
    valuations = Valuation.objects.filter(investment__fund_id=fund_id)
    if as_of is not None:
        valuations = valuations.filter(valued_on__lte=as_of)
    points: dict[int, list[ValuationPoint]] = defaultdict(list)
    for investment_id, day, value, method in valuations.order_by("valued_on", "pk").values_list(
        "investment_id", "valued_on", "fair_value", "method"
    ):
        points[investment_id].append(ValuationPoint(day, value, method))
    return dict(points)


def rounds_for_fund(*, fund_id: int) -> list[RoundMoney]:
    """Each round the fund put money into, with the fund's money and the co-investors' split
    by private/public and same terms or not. Three queries."""
    fund_money = dict(
        Investment.objects.filter(fund_id=fund_id, converted_from__isnull=True)
        .order_by()
        .values("round_id")
        .annotate(total=Sum("amount"))
        .values_list("round_id", "total")
    )
    private, public = CoInvestor.Source.PRIVATE, CoInvestor.Source.PUBLIC
    co = (
        RoundParticipation.objects.filter(round_id__in=fund_money.keys())
        .order_by()
        .values("round_id")
        .annotate(
            ps=Sum("amount", filter=Q(source=private, same_terms=True)),
            us=Sum("amount", filter=Q(source=public, same_terms=True)),
            po=Sum("amount", filter=Q(source=private, same_terms=False)),
            uo=Sum("amount", filter=Q(source=public, same_terms=False)),
        )
    )
    co_by_round = {row["round_id"]: row for row in co}
    rounds = Round.objects.filter(pk__in=fund_money.keys()).order_by("date", "pk")
    result = []
    for round_id, organisation_id, day in rounds.values_list("pk", "organisation_id", "date"):
        row = co_by_round.get(round_id, {})
        result.append(
            RoundMoney(
                round_id=round_id,
                organisation_id=organisation_id,
                date=day,
                fund_amount=fund_money[round_id],
                private_same_terms=row.get("ps") or ZERO,
                public_same_terms=row.get("us") or ZERO,
                private_other_terms=row.get("po") or ZERO,
                public_other_terms=row.get("uo") or ZERO,
            )
        )
    return result


def follow_on_without_fund_for_fund(*, fund_id: int) -> list[FollowOnWithoutFund]:
    """Private and public money the fund's companies raised without the fund, from their
    submitted monitoring returns. One query."""
    returns = (
        MonitoringReturn.objects.filter(
            organisation__investments__fund_id=fund_id,
            status=MonitoringReturn.Status.SUBMITTED,
        )
        .filter(Q(follow_on_private_without_fund__gt=0) | Q(follow_on_public_without_fund__gt=0))
        .distinct()
        .order_by("period_end", "pk")
    )
    return [
        FollowOnWithoutFund(organisation_id, period_end, private, public)
        for organisation_id, period_end, private, public in returns.values_list(
            "organisation_id",
            "period_end",
            "follow_on_private_without_fund",
            "follow_on_public_without_fund",
        )
    ]
