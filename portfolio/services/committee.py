"""Investment committee: conflicts, votes, the decision (with conditions) and the fund's
capacity reserved at approval.

Public functions:
- ic_conflict_declare(*, deal, by, conflicted, note="", at=None) -> ICConflict
- ic_vote_cast(*, deal, by, vote, comment="", at=None) -> ICVote
    needs portfolio.vote_deal, the deal at investment committee, a "no conflict" declaration
    by the member, one vote per member (DB unique) and every co-investment rule passing (409
    naming each failed rule and its figures otherwise)
- ic_decision_record(*, deal, by, outcome, conditions=(), note="", at=None) -> ICDecision
    needs portfolio.decide_deal; refused (409) without quorum or when the outcome contradicts
    the votes (PORTFOLIO_IC_QUORUM / PORTFOLIO_IC_MAJORITY); approval reserves the amount
    against the fund's capacity under a lock on the Fund row, refused (409) when short
- ic_condition_meet(*, condition, by, note="", at=None) -> ICCondition
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fundops.api.errors import Conflict
from fundops.models import Fund, User
from fundops.money import format_gbp
from portfolio.models import Deal, ICCondition, ICConflict, ICDecision, ICVote
from portfolio.selectors_deals import fund_capacity, ic_tally
from portfolio.services.deal_common import lock_deal, move, now_or, require_perm
from portfolio.services.diligence import rules_failure_message

S = Deal.Status

NOT_AT_IC = "The deal is not at the investment committee."
DECLARE_FIRST = "Declare any conflict of interest on this deal before voting."
CONFLICTED = "You declared a conflict of interest on this deal, so you cannot vote."
ALREADY_DECLARED = "You have already declared on this deal."
ALREADY_VOTED = "You have already voted on this deal: one vote per member."
VOTE_UNKNOWN = "Vote approve, decline or abstain."
CONFLICT_AFTER_VOTE = "You have voted on this deal: a conflict must be declared before voting."
OUTCOME_UNKNOWN = "The decision is approved or declined."
ALREADY_DECIDED = "The committee's decision on this deal is already recorded."
NO_QUORUM = "No quorum: {cast} vote(s) cast, {quorum} needed."
CONTRADICTS = (
    "The decision “{outcome}” contradicts the votes: {approves} approve, {declines} decline, "
    "{abstains} abstain ({majority} majority)."
)
OVER_CAPACITY = (
    "Approving {amount} would over-commit the fund: {available} available "
    "({capital} public capital − {invested} invested − {reserved} approved awaiting completion)."
)
CONDITION_MET = "This condition is already ticked off."
CONDITION_EMPTY = "A condition needs its text."
DECLINE_REASON = "Declined by the investment committee."


def _require_at_ic(deal: Deal) -> None:
    if deal.status != S.INVESTMENT_COMMITTEE:
        raise Conflict(NOT_AT_IC, code="not_at_committee")


@transaction.atomic
def ic_conflict_declare(
    *, deal: Deal, by: User, conflicted: bool, note: str = "", at: datetime | None = None
) -> ICConflict:
    deal = lock_deal(deal)
    require_perm(by, "portfolio.vote_deal")
    _require_at_ic(deal)
    if ICConflict.objects.filter(deal=deal, member=by).exists():
        raise Conflict(ALREADY_DECLARED, code="already_declared")
    if conflicted and ICVote.objects.filter(deal=deal, member=by).exists():
        raise Conflict(CONFLICT_AFTER_VOTE, code="already_voted")
    return ICConflict.objects.create(
        deal=deal, member=by, conflicted=conflicted, note=note.strip(), declared_at=now_or(at)
    )


@transaction.atomic
def ic_vote_cast(
    *, deal: Deal, by: User, vote: str, comment: str = "", at: datetime | None = None
) -> ICVote:
    deal = lock_deal(deal)
    require_perm(by, "portfolio.vote_deal")
    _require_at_ic(deal)
    if vote not in ICVote.Choice.values:
        raise ValidationError({"vote": VOTE_UNKNOWN})
    declaration = ICConflict.objects.filter(deal=deal, member=by).first()
    if declaration is None:
        raise Conflict(DECLARE_FIRST, code="declare_first")
    if declaration.conflicted:
        raise Conflict(CONFLICTED, code="conflicted")
    failure = rules_failure_message(deal)
    if failure:
        raise Conflict(failure, code="rules_failed")
    if ICVote.objects.filter(deal=deal, member=by).exists():
        raise Conflict(ALREADY_VOTED, code="already_voted")
    try:
        with transaction.atomic():  # the DB's unique constraint is the last word
            return ICVote.objects.create(
                deal=deal, member=by, vote=vote, comment=comment.strip(), cast_at=now_or(at)
            )
    except IntegrityError as error:
        raise Conflict(ALREADY_VOTED, code="already_voted") from error


def _reserve(deal: Deal) -> None:
    """Check the fund can take the deal. The caller holds the Fund row lock, so every
    approval in the fund queues here and the capacity read is never stale."""
    capacity = fund_capacity(fund=deal.fund)
    amount = deal.amount_sought or 0
    if amount > capacity.available:
        raise Conflict(
            OVER_CAPACITY.format(
                amount=format_gbp(amount),
                available=format_gbp(capacity.available),
                capital=format_gbp(capacity.public_capital),
                invested=format_gbp(capacity.invested),
                reserved=format_gbp(capacity.reserved),
            ),
            code="over_capacity",
        )


@transaction.atomic
def ic_decision_record(
    *,
    deal: Deal,
    by: User,
    outcome: str,
    conditions: Iterable[str] = (),
    note: str = "",
    at: datetime | None = None,
) -> ICDecision:
    """Record the committee's decision. Worked example (quorum 3, simple majority): votes
    2 approve, 1 decline, 1 abstain → 4 cast ≥ 3, 2 > 1 → approval carries; recording
    "declined" is refused as contradicting the votes."""
    require_perm(by, "portfolio.decide_deal")
    if outcome not in ICDecision.Outcome.values:
        raise ValidationError({"outcome": OUTCOME_UNKNOWN})
    # Fund first, then the deal: the same order everywhere, so approvals queue, not deadlock.
    Fund.objects.select_for_update().get(pk=deal.fund_id)
    deal = lock_deal(deal)
    _require_at_ic(deal)
    if ICDecision.objects.filter(deal=deal).exists():
        raise Conflict(ALREADY_DECIDED, code="already_decided")
    tally = ic_tally(deal=deal)
    if not tally.quorum_met:
        raise Conflict(NO_QUORUM.format(cast=tally.cast, quorum=tally.quorum), code="no_quorum")
    if tally.carried != (outcome == ICDecision.Outcome.APPROVED):
        raise Conflict(
            CONTRADICTS.format(
                outcome=outcome,
                approves=tally.approves,
                declines=tally.declines,
                abstains=tally.abstains,
                majority=tally.majority.replace("_", " "),
            ),
            code="contradicts_votes",
        )
    when = now_or(at)
    texts = [text.strip() for text in conditions if text and text.strip()]
    if outcome == ICDecision.Outcome.APPROVED:
        failure = rules_failure_message(deal)
        if failure:
            raise Conflict(failure, code="rules_failed")
        _reserve(deal)
        move(
            deal,
            to=S.APPROVED,
            by=by,
            reason=note or "Approved by the investment committee.",
            at=when,
        )
        ICCondition.objects.bulk_create(ICCondition(deal=deal, text=text) for text in texts)
    else:
        deal.closed_reason = note.strip() or DECLINE_REASON
        move(
            deal,
            to=S.DECLINED,
            by=by,
            reason=deal.closed_reason,
            at=when,
            extra_update_fields=("closed_reason",),
        )
    return ICDecision.objects.create(
        deal=deal,
        outcome=outcome,
        note=note.strip(),
        approves=tally.approves,
        declines=tally.declines,
        abstains=tally.abstains,
        decided_by=by,
        decided_at=when,
    )


@transaction.atomic
def ic_condition_meet(
    *, condition: ICCondition, by: User, note: str = "", at: datetime | None = None
) -> ICCondition:
    require_perm(by, "portfolio.manage_deal")
    lock_deal(condition.deal)
    condition = ICCondition.objects.select_for_update().get(pk=condition.pk)
    if condition.is_met:
        raise Conflict(CONDITION_MET, code="already_met")
    condition.met_at, condition.met_by, condition.note = now_or(at), by, note.strip()
    condition.save()
    return condition
