"""Plain data for reporting (IRR, multiples, leverage): a constant number of queries per
fund, whatever the portfolio size. Amounts are Decimal, signed as in the ledger (money out
of the fund negative)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from fundops.models import Organisation
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


@dataclass(frozen=True)
class InvestmentRow:
    investment_id: int
    reference: str
    organisation_id: int
    company: str
    sector: str
    sub_sector: str
    postcode: str
    instrument: str
    is_follow_on: bool
    invested_on: date
    status: str
    round_id: int
    round_name: str
    amount: Decimal
    converted_from_id: int | None


@dataclass(frozen=True)
class MonitoringRow:
    organisation_id: int
    period: str
    period_end: date
    jobs_created: int
    jobs_safeguarded: int
    headcount: int | None
    follow_on_private_with_fund: Decimal
    follow_on_private_without_fund: Decimal
    follow_on_public_with_fund: Decimal
    follow_on_public_without_fund: Decimal
    regulatory_milestones: str


def investments_for_fund(*, fund_id: int, as_of: date | None = None) -> list[InvestmentRow]:
    """The fund's holdings with their company and round, in company then date order. One
    query. ``amount`` is the cost recorded on the holding (an equity holding converted from a
    note carries the note's cost: ``converted_from_id`` says so, to avoid counting it twice)."""
    investments = Investment.objects.filter(fund_id=fund_id)
    if as_of is not None:
        investments = investments.filter(invested_on__lte=as_of)
    rows = investments.order_by("organisation__name", "invested_on", "pk").values_list(
        "pk",
        "reference",
        "organisation_id",
        "organisation__name",
        "organisation__sector",
        "organisation__sub_sector",
        "organisation__registered_postcode",
        "instrument",
        "is_follow_on",
        "invested_on",
        "status",
        "round_id",
        "round__name",
        "amount",
        "converted_from_id",
    )
    return [InvestmentRow(*row) for row in rows]


def monitoring_for_fund(*, fund_id: int, as_of: date | None = None) -> list[MonitoringRow]:
    """Submitted monitoring returns of the fund's companies (outcomes: jobs, follow-on money,
    regulatory milestones), oldest first. One query."""
    returns = MonitoringReturn.objects.filter(
        organisation__in=Investment.objects.filter(fund_id=fund_id).values("organisation_id"),
        status=MonitoringReturn.Status.SUBMITTED,
    )
    if as_of is not None:
        returns = returns.filter(period_end__lte=as_of)
    rows = returns.order_by("period_end", "pk").values_list(
        "organisation_id",
        "period",
        "period_end",
        "jobs_created",
        "jobs_safeguarded",
        "headcount",
        "follow_on_private_with_fund",
        "follow_on_private_without_fund",
        "follow_on_public_with_fund",
        "follow_on_public_without_fund",
        "regulatory_milestones",
    )
    return [
        MonitoringRow(org, period, end, jobs or 0, kept or 0, head, *money, milestones)
        for org, period, end, jobs, kept, head, *money, milestones in rows
    ]


# Display labels for the codes in the rows above (reports show labels, not codes).
INSTRUMENT_LABELS = dict(Investment.Instrument.choices)
STATUS_LABELS = dict(Investment.Status.choices)
LEDGER_KIND_LABELS = dict(LedgerEntry.Kind.choices)
VALUATION_METHOD_LABELS = dict(Valuation.Method.choices)


@dataclass(frozen=True)
class PipelineDeal:
    """An open deal in the pipeline (submitted, not yet invested, declined or withdrawn)."""

    deal_id: int
    company: str
    stage: str
    stage_label: str
    amount_sought: Decimal
    days_in_stage: int
    overdue: bool
    owner: str


def pipeline_for_fund(*, fund_id: int) -> list[PipelineDeal]:
    """The fund's open deals, oldest in their stage first: one query. Overdue: longer in the
    stage than PORTFOLIO_STAGE_TARGET_DAYS says."""
    from django.utils import timezone

    from portfolio.models import Deal
    from portfolio.selectors_deals import days_in_stage, is_overdue

    now = timezone.now()
    open_stages = Deal.OPEN_STATES - {Deal.Status.DRAFT}
    deals = (
        Deal.objects.filter(fund_id=fund_id, status__in=open_stages)
        .select_related("organisation", "owner")
        .order_by("stage_entered_at", "pk")
    )
    return [
        PipelineDeal(
            deal_id=deal.pk,
            company=deal.organisation.name,
            stage=deal.status,
            stage_label=deal.get_status_display(),
            amount_sought=deal.amount_sought or ZERO,
            days_in_stage=days_in_stage(deal, now),
            overdue=is_overdue(deal, now),
            owner=str(deal.owner) if deal.owner else "",
        )
        for deal in deals
    ]


def portfolio_fingerprint_parts(*, fund_id: int) -> list[object]:
    """Cheap markers of every portfolio record a report on ``fund_id`` depends on: counts and
    latest ids of the append-only records (ledger, valuations), latest history ids or change
    times of the editable ones. A kept report is reused until one of them changes."""

    def marks(queryset, *fields: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
        return queryset.aggregate(n=Count("pk"), **{f: Max(f) for f in fields})

    companies = Investment.objects.filter(fund_id=fund_id).values("organisation_id")
    return [
        marks(Investment.history.filter(fund_id=fund_id), "history_id"),
        marks(LedgerEntry.objects.filter(investment__fund_id=fund_id), "pk"),
        marks(Valuation.objects.filter(investment__fund_id=fund_id), "pk"),
        marks(Round.history.filter(organisation_id__in=companies), "history_id"),
        marks(RoundParticipation.history.all(), "history_id"),
        marks(MonitoringReturn.objects.filter(organisation_id__in=companies), "updated_at"),
        marks(Organisation.objects.filter(pk__in=companies), "updated_at"),
    ]
