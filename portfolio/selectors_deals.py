"""Reads of the deal pipeline. Applicant isolation lives here, once: an applicant sees only
their own organisation's deals (another's is a 404); staff need ``portfolio.view_deal``.

Public functions:
- deal_list_for_user(*, user, status=None, fund=None, owner=None, search=None) -> QuerySet[Deal]
- deal_get(*, user, pk) -> Deal
- deal_clarification_get(*, user, pk), deal_co_investor_get(*, user, pk),
  dd_item_get(*, user, pk), ic_condition_get(*, user, pk)
- policy_for_fund(*, fund) -> CoInvestmentPolicy (the defaults if the fund has none saved)
- deal_rule_results(*, deal) -> list[RuleResult]; deal_private_same_terms(*, deal) -> Decimal
- deals_failing_rules(*, deals) -> set[int]   the board's flag, in three queries
- deal_leverage(*, deal) -> Leverage (reporting.calc: private same terms ÷ fund money)
- deal_stage_timing(*, deal, now=None) -> list[StageSpan]; days_in_stage(deal, now) -> int;
  stage_target_days(stage) -> int | None; is_overdue(deal, now) -> bool
- deal_events(*, deal) -> list[WorkflowEvent] (the history)
- dd_open_items(*, deal) -> list[DDItem]; dd_overdue_by_owner(*, today) -> dict[User, list[DDItem]]
- ic_tally(*, deal) -> Tally (quorum and majority from settings)
- fund_capacity(*, fund) -> Capacity (public capital − invested − approved not completed)
- pipeline_board(*, fund_id=None, owner_id=None, now=None) -> list[BoardColumn]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from fundops.models import Fund, User, WorkflowEvent
from fundops.workflow import events_for
from portfolio.models import (
    CoInvestmentPolicy,
    DDItem,
    Deal,
    DealClarification,
    DealCoInvestor,
    DealStageVisit,
    ICCondition,
    ICVote,
    Investment,
)
from portfolio.rules import RuleInput, RuleResult, check_rules
from reporting.calc.leverage import FundedRound, Leverage
from reporting.calc.leverage import deal_leverage as calc_deal_leverage

ZERO = Decimal("0.00")


def deal_list_for_user(
    *,
    user: User,
    status: str | None = None,
    fund: int | None = None,
    owner: int | None = None,
    search: str | None = None,
) -> QuerySet[Deal]:
    deals = Deal.objects.select_related("organisation", "fund", "owner")
    if user.is_staff:
        if not user.has_perm("portfolio.view_deal"):
            return deals.none()
    else:
        deals = deals.filter(organisation__members=user).distinct()
    if status:
        deals = deals.filter(status=status)
    if fund is not None:
        deals = deals.filter(fund_id=fund)
    if owner is not None:
        deals = deals.filter(owner_id=owner)
    if search:
        deals = deals.filter(organisation__name__icontains=search)
    return deals


def deal_get(*, user: User, pk: int) -> Deal:
    """Another organisation's deal is a 404, never a 403: its existence is not revealed."""
    return get_object_or_404(deal_list_for_user(user=user), pk=pk)


def deal_clarification_get(*, user: User, pk: int) -> DealClarification:
    return get_object_or_404(
        DealClarification.objects.filter(deal__in=deal_list_for_user(user=user)), pk=pk
    )


def deal_co_investor_get(*, user: User, pk: int) -> DealCoInvestor:
    return get_object_or_404(
        DealCoInvestor.objects.filter(deal__in=deal_list_for_user(user=user)), pk=pk
    )


def _staff_deals(user: User) -> QuerySet[Deal]:
    # Due diligence and the committee are the fund's own work: never an applicant's.
    return deal_list_for_user(user=user) if user.is_staff else Deal.objects.none()


def dd_item_get(*, user: User, pk: int) -> DDItem:
    return get_object_or_404(
        DDItem.objects.select_related("deal", "owner").filter(deal__in=_staff_deals(user)), pk=pk
    )


def ic_condition_get(*, user: User, pk: int) -> ICCondition:
    return get_object_or_404(
        ICCondition.objects.select_related("deal").filter(deal__in=_staff_deals(user)), pk=pk
    )


def policy_for_fund(*, fund: Fund) -> CoInvestmentPolicy:
    """The fund's saved policy, or the defaults (unsaved) if it has none."""
    try:
        return fund.co_investment_policy
    except CoInvestmentPolicy.DoesNotExist:
        return CoInvestmentPolicy(fund=fund)


def deal_private_same_terms(*, deal: Deal) -> Decimal:
    """Private money committed in the deal's round on the same terms as the fund."""
    total = deal.co_investors.filter(is_private=True, same_terms=True).aggregate(s=Sum("amount"))
    return total["s"] or ZERO


def _rule_input(
    deal: Deal, policy: CoInvestmentPolicy, private: Decimal, earlier_total: Decimal, earlier_n: int
) -> RuleInput:
    return RuleInput(
        fund_amount=deal.amount_sought,
        round_size=deal.round_size,
        pre_money=deal.pre_money_valuation,
        instrument=deal.instrument or "equity",
        private_same_terms=private,
        min_ticket=policy.min_ticket,
        max_ticket=policy.max_ticket,
        private_multiple=policy.private_multiple,
        max_fund_share=policy.max_fund_share,
        max_voting_stake=policy.max_voting_stake,
        follow_on_limit=policy.follow_on_limit,
        max_follow_ons=policy.max_follow_ons,
        earlier_fund_money=earlier_total,
        earlier_investments=earlier_n,
    )


def deal_rule_results(*, deal: Deal) -> list[RuleResult]:
    policy = policy_for_fund(fund=deal.fund)
    earlier = Investment.objects.filter(fund_id=deal.fund_id, organisation_id=deal.organisation_id)
    if deal.investment_id:
        earlier = earlier.exclude(pk=deal.investment_id)
    figures = earlier.aggregate(total=Sum("amount"), n=Count("pk"))
    private = deal_private_same_terms(deal=deal)
    return check_rules(
        _rule_input(deal, policy, private, figures["total"] or ZERO, figures["n"] or 0)
    )


def deals_failing_rules(*, deals: list[Deal]) -> set[int]:
    """The ids of ``deals`` (not yet invested) failing a co-investment rule: the same checks
    as ``deal_rule_results``, in three queries whatever the number of deals (the board)."""
    deals = [deal for deal in deals if not deal.investment_id]
    if not deals:
        return set()
    fund_ids = {deal.fund_id for deal in deals}
    policies = {p.fund_id: p for p in CoInvestmentPolicy.objects.filter(fund_id__in=fund_ids)}
    private = dict(
        DealCoInvestor.objects.filter(deal__in=deals, is_private=True, same_terms=True)
        .values("deal_id")
        .annotate(total=Sum("amount"))
        .values_list("deal_id", "total")
    )
    earlier = {
        (row["fund_id"], row["organisation_id"]): (row["total"], row["n"])
        for row in Investment.objects.filter(
            fund_id__in=fund_ids, organisation_id__in={deal.organisation_id for deal in deals}
        )
        .values("fund_id", "organisation_id")
        .annotate(total=Sum("amount"), n=Count("pk"))
    }
    failing = set()
    for deal in deals:
        policy = policies.get(deal.fund_id) or CoInvestmentPolicy(fund_id=deal.fund_id)
        total, n = earlier.get((deal.fund_id, deal.organisation_id), (ZERO, 0))
        results = check_rules(
            _rule_input(deal, policy, private.get(deal.pk) or ZERO, total or ZERO, n or 0)
        )
        if not all(result.passed for result in results):
            failing.add(deal.pk)
    return failing


def deal_leverage(*, deal: Deal) -> Leverage:
    """Deal leverage: private money on the same terms ÷ the fund's money (ratio None while the
    deal has no amount)."""
    return calc_deal_leverage(
        FundedRound(fund=deal.amount_sought or ZERO, private=deal_private_same_terms(deal=deal))
    )


# --- Stage timing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StageSpan:
    stage: str
    label: str
    entered_at: datetime
    left_at: datetime | None
    days: int
    target_days: int | None
    overdue: bool


def stage_target_days(stage: str) -> int | None:
    return settings.PORTFOLIO_STAGE_TARGET_DAYS.get(stage)


def _days(start: datetime, end: datetime) -> int:
    return max((end - start).days, 0)


def days_in_stage(deal: Deal, now: datetime | None = None) -> int:
    if deal.stage_entered_at is None:
        return 0
    return _days(deal.stage_entered_at, now or timezone.now())


def is_overdue(deal: Deal, now: datetime | None = None) -> bool:
    """An open deal that has sat in its stage longer than the stage's target."""
    target = stage_target_days(deal.status)
    if deal.status not in Deal.OPEN_STATES or target is None or deal.stage_entered_at is None:
        return False
    return days_in_stage(deal, now) > target


def deal_stage_timing(*, deal: Deal, now: datetime | None = None) -> list[StageSpan]:
    """Every stay in a stage: entered, left (None: still there), whole days, target, overdue."""
    now = now or timezone.now()
    spans = []
    for visit in DealStageVisit.objects.filter(deal=deal).order_by("entered_at", "pk"):
        days = _days(visit.entered_at, visit.left_at or now)
        target = stage_target_days(visit.stage)
        spans.append(
            StageSpan(
                stage=visit.stage,
                label=visit.get_stage_display(),
                entered_at=visit.entered_at,
                left_at=visit.left_at,
                days=days,
                target_days=target,
                overdue=target is not None and days > target,
            )
        )
    return spans


def deal_events(*, deal: Deal) -> list[WorkflowEvent]:
    return list(events_for(deal))


# --- Due diligence ----------------------------------------------------------------------------


def dd_open_items(*, deal: Deal) -> list[DDItem]:
    return list(deal.dd_items.exclude(status__in=DDItem.CLOSED).order_by("order", "pk"))


def dd_overdue_items(*, today: date) -> QuerySet[DDItem]:
    return (
        DDItem.objects.filter(
            due_date__lt=today, deal__status=Deal.Status.DUE_DILIGENCE, owner__isnull=False
        )
        .exclude(status__in=DDItem.CLOSED)
        .select_related("deal__organisation", "owner")
        .order_by("owner_id", "due_date", "pk")
    )


def dd_overdue_by_owner(*, today: date) -> dict[User, list[DDItem]]:
    """Open items past their due date on deals in due diligence, grouped by owner."""
    grouped: dict[User, list[DDItem]] = {}
    for item in dd_overdue_items(today=today):
        grouped.setdefault(item.owner, []).append(item)  # type: ignore[arg-type]
    return grouped


# --- Investment committee --------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    approves: int
    declines: int
    abstains: int
    quorum: int
    majority: str

    @property
    def cast(self) -> int:
        return self.approves + self.declines + self.abstains

    @property
    def quorum_met(self) -> bool:
        return self.cast >= self.quorum

    @property
    def carried(self) -> bool:
        """Whether the votes approve the deal (see PORTFOLIO_IC_MAJORITY in settings)."""
        if self.majority == "absolute":
            return self.approves * 2 > self.cast
        if self.majority == "two_thirds":
            return self.approves * 3 >= self.cast * 2 and self.approves > 0
        return self.approves > self.declines


def ic_tally(*, deal: Deal) -> Tally:
    counts = dict(
        ICVote.objects.filter(deal=deal).values_list("vote").annotate(n=Count("pk")).order_by()
    )
    return Tally(
        approves=counts.get(ICVote.Choice.APPROVE, 0),
        declines=counts.get(ICVote.Choice.DECLINE, 0),
        abstains=counts.get(ICVote.Choice.ABSTAIN, 0),
        quorum=settings.PORTFOLIO_IC_QUORUM,
        majority=settings.PORTFOLIO_IC_MAJORITY,
    )


@dataclass(frozen=True)
class Capacity:
    public_capital: Decimal
    invested: Decimal
    reserved: Decimal

    @property
    def available(self) -> Decimal:
        return self.public_capital - self.invested - self.reserved


def fund_capacity(*, fund: Fund) -> Capacity:
    """The fund's public capital less the cost of its investments and the amounts of deals
    approved but not yet completed (reserved at approval)."""
    invested = Investment.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or ZERO
    reserved = (
        Deal.objects.filter(fund=fund, status__in=Deal.RESERVED_STATES).aggregate(
            s=Sum("amount_sought")
        )["s"]
        or ZERO
    )
    return Capacity(public_capital=fund.public_capital(), invested=invested, reserved=reserved)


# --- Board ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardCard:
    deal: Deal
    days_in_stage: int
    overdue: bool
    open_dd_items: int
    open_clarifications: int


@dataclass(frozen=True)
class BoardColumn:
    stage: str
    label: str
    target_days: int | None
    cards: list[BoardCard]

    @property
    def total_sought(self) -> Decimal:
        return sum((c.deal.amount_sought or ZERO for c in self.cards), ZERO)


def pipeline_board(
    *, fund_id: int | None = None, owner_id: int | None = None, now: datetime | None = None
) -> list[BoardColumn]:
    """A column per pipeline stage (enquiry … completion; invested: the last 90 days are left
    to the list), cards with days in stage and flags. One query."""
    now = now or timezone.now()
    stages = [s for s in Deal.PIPELINE if s != Deal.Status.INVESTED]
    deals = (
        Deal.objects.filter(status__in=stages)
        .select_related("organisation", "owner", "fund")
        .annotate(
            open_dd=Count("dd_items", filter=~Q(dd_items__status__in=DDItem.CLOSED), distinct=True),
            open_clar=Count(
                "clarifications", filter=Q(clarifications__answered_at__isnull=True), distinct=True
            ),
        )
        .order_by("stage_entered_at", "pk")
    )
    if fund_id:
        deals = deals.filter(fund_id=fund_id)
    if owner_id:
        deals = deals.filter(owner_id=owner_id)
    by_stage: dict[str, list[BoardCard]] = {s: [] for s in stages}
    for deal in deals:
        by_stage[deal.status].append(
            BoardCard(
                deal=deal,
                days_in_stage=days_in_stage(deal, now),
                overdue=is_overdue(deal, now),
                open_dd_items=deal.open_dd,  # type: ignore[attr-defined]
                open_clarifications=deal.open_clar,  # type: ignore[attr-defined]
            )
        )
    labels = dict(Deal.Status.choices)
    return [
        BoardColumn(stage=s, label=str(labels[s]), target_days=stage_target_days(s), cards=cards)
        for s, cards in by_stage.items()
    ]
