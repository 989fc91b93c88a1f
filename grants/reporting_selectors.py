"""Plain data for reporting (grant statistics, budgets, outcomes): a constant number of
queries per fund, whatever the number of applications. Amounts are Decimal to the penny.

As of a date: an application counts once submitted on or before it, an award once decided on
or before it, a payment once released on or before it, an outcome report once submitted on or
before it. The status shown is the application's status now (the workflow history gives the
time spent in each state, also cut at the as-of date).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone

from fundops.models import WorkflowEvent
from grants.eligibility import council_area_for
from grants.models import (
    Application,
    Call,
    CostLine,
    MatchFunding,
    OutcomeReport,
    Payment,
)

ZERO = Decimal("0.00")
NOT_IN_REGION = "Outside the region"
# Awarded: approved at panel and not withdrawn since (a withdrawn award holds no budget).
AWARDED_STATES = Application.PENDING_STATES | Application.COMMITTED_STATES
# The budget rule of grants.budget: pending awards, open commitments, and what was paid on
# closed grants (a closed grant releases its unspent award).
PENDING_STATES = Application.PENDING_STATES
OPEN_COMMITMENT_STATES = frozenset(
    {Application.Status.OFFER_ACCEPTED, Application.Status.IN_DELIVERY}
)
CLOSED_STATE = Application.Status.CLOSED
DECIDED_STATES = frozenset({Application.Status.APPROVED, Application.Status.REJECTED})


@dataclass(frozen=True)
class CallRow:
    call_id: int
    name: str
    budget: Decimal


@dataclass(frozen=True)
class ApplicationRow:
    application_id: int
    reference: str
    call_id: int
    organisation_id: int
    company: str
    council_area: str
    title: str
    status: str
    status_label: str
    amount_requested: Decimal | None
    amount_awarded: Decimal | None  # set only for awards decided by the as-of date
    submitted_on: date | None
    decided_on: date | None
    days_to_decision: int | None


@dataclass(frozen=True)
class CostRow:
    application_id: int
    category: str
    category_label: str
    net_amount: Decimal


@dataclass(frozen=True)
class PaymentRow:
    application_id: int
    paid_on: date
    amount: Decimal


@dataclass(frozen=True)
class MatchRow:
    application_id: int
    kind: str
    amount: Decimal
    secured: bool


@dataclass(frozen=True)
class OutcomeRow:
    application_id: int
    kind: str
    submitted_on: date
    jobs_created: int
    jobs_safeguarded: int
    new_to_market_product: bool
    first_sale: bool
    follow_on_private: Decimal
    follow_on_public: Decimal


@dataclass(frozen=True)
class StateTime:
    application_id: int
    status: str
    days: float


@dataclass(frozen=True)
class GrantsData:
    calls: list[CallRow]
    applications: list[ApplicationRow]
    costs: list[CostRow]
    payments: list[PaymentRow]
    match_funding: list[MatchRow]
    outcomes: list[OutcomeRow]
    state_times: list[StateTime]


def _end_of(as_of: date) -> datetime:
    return timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))


def _local_date(moment: datetime | None) -> date | None:
    return None if moment is None else timezone.localdate(moment)


def grants_for_fund(*, fund_id: int, as_of: date) -> GrantsData:
    """Everything reporting needs from the grants of ``fund_id``'s calls, as of ``as_of``.
    Seven queries, whatever the number of applications."""
    cut = _end_of(as_of)
    calls = [
        CallRow(*row)
        for row in Call.objects.filter(fund_id=fund_id)
        .order_by("opens_at", "pk")
        .values_list("pk", "name", "budget")
    ]
    applications = Application.objects.filter(call__fund_id=fund_id, submitted_at__lt=cut)
    labels = dict(Application.Status.choices)
    app_rows = []
    for row in applications.order_by("submitted_at", "pk").values_list(
        "pk",
        "call_id",
        "organisation_id",
        "organisation__name",
        "organisation__registered_postcode",
        "title",
        "status",
        "amount_requested",
        "amount_awarded",
        "submitted_at",
        "decided_at",
        "days_to_decision",
    ):
        pk, call_id, org_id, company, postcode, title, status, asked, awarded, sub, dec, days = row
        decided = dec is not None and dec < cut
        council = council_area_for(postcode)
        app_rows.append(
            ApplicationRow(
                application_id=pk,
                reference=f"G-{pk:05d}",
                call_id=call_id,
                organisation_id=org_id,
                company=company,
                council_area=council[0] if council else NOT_IN_REGION,
                title=title,
                status=status,
                status_label=labels.get(status, status),
                amount_requested=asked,
                amount_awarded=awarded if decided and status in AWARDED_STATES else None,
                submitted_on=_local_date(sub),
                decided_on=_local_date(dec) if decided else None,
                days_to_decision=days if decided else None,
            )
        )
    in_scope = Q(application__call__fund_id=fund_id, application__submitted_at__lt=cut)
    category_labels = dict(CostLine._meta.get_field("category").choices or [])
    costs = [
        CostRow(app_id, category, category_labels.get(category, category), amount)
        for app_id, category, amount in CostLine.objects.filter(in_scope)
        .order_by("application_id", "pk")
        .values_list("application_id", "category", "net_amount")
    ]
    payments = [
        PaymentRow(app_id, timezone.localdate(released), amount)
        for app_id, released, amount in Payment.objects.filter(
            claim__application__call__fund_id=fund_id, released_at__lt=cut
        )
        .order_by("released_at", "pk")
        .values_list("claim__application_id", "released_at", "amount")
    ]
    match = [
        MatchRow(*row)
        for row in MatchFunding.objects.filter(in_scope)
        .order_by("application_id", "pk")
        .values_list("application_id", "kind", "amount", "secured")
    ]
    outcomes = [
        OutcomeRow(app_id, kind, timezone.localdate(at), *rest)
        for app_id, kind, at, *rest in OutcomeReport.objects.filter(
            application__call__fund_id=fund_id, submitted_at__lt=cut
        )
        .order_by("submitted_at", "pk")
        .values_list(
            "application_id",
            "kind",
            "submitted_at",
            "jobs_created",
            "jobs_safeguarded",
            "new_to_market_product",
            "first_sale",
            "follow_on_private",
            "follow_on_public",
        )
    ]
    return GrantsData(calls, app_rows, costs, payments, match, outcomes, _state_times(fund_id, cut))


def _state_times(fund_id: int, cut: datetime) -> list[StateTime]:
    """Days each application spent in each state up to ``cut`` (the workflow's events; the
    current state runs until ``cut``). One query: content type by natural key in a join, so
    the count does not depend on the content-type cache."""
    events = (
        WorkflowEvent.objects.filter(
            content_type__app_label="grants",
            content_type__model="application",
            at__lt=cut,
            object_id__in=Application.objects.filter(call__fund_id=fund_id).values("pk"),
        )
        .order_by("object_id", "at", "pk")
        .values_list("object_id", "to_status", "at")
    )
    totals: dict[tuple[int, str], timedelta] = defaultdict(timedelta)
    previous: tuple[int, str, datetime] | None = None
    for object_id, status, at in events:
        if previous is not None and previous[0] == object_id:
            totals[(object_id, previous[1])] += at - previous[2]
        elif previous is not None:
            totals[(previous[0], previous[1])] += cut - previous[2]
        previous = (object_id, status, at)
    if previous is not None:
        totals[(previous[0], previous[1])] += cut - previous[2]
    return [
        StateTime(app_id, status, spent.total_seconds() / 86400)
        for (app_id, status), spent in sorted(totals.items())
    ]


def grants_fingerprint_parts(*, fund_id: int) -> list[object]:
    """Cheap markers of every grant record a report depends on (counts, latest ids and
    change times), so a kept report can be reused until one of them changes."""
    applications = Application.objects.filter(call__fund_id=fund_id).aggregate(
        n=Count("pk"), last=Max("pk"), changed=Max("updated_at")
    )
    payments = Payment.objects.filter(claim__application__call__fund_id=fund_id).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    outcomes = OutcomeReport.objects.filter(application__call__fund_id=fund_id).aggregate(
        n=Count("pk"), last=Max("pk"), changed=Max("submitted_at")
    )
    # Calls and cost lines are edited in place: their history rows mark every change.
    calls = Call.history.filter(fund_id=fund_id).aggregate(n=Count("pk"), last=Max("pk"))
    costs = CostLine.history.aggregate(n=Count("pk"), last=Max("pk"))
    events = WorkflowEvent.objects.filter(
        content_type__app_label="grants", content_type__model="application"
    ).aggregate(n=Count("pk"), last=Max("pk"))
    return [applications, payments, outcomes, calls, costs, events]
