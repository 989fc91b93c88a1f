from __future__ import annotations

from decimal import Decimal

import pytest

from fundops.api.errors import Conflict
from portfolio.models import Deal, DealCoInvestor, ICVote
from portfolio.selectors_deals import fund_capacity, ic_tally
from portfolio.services import committee, deals
from tests.fundops.factories import FundCapitalFactory

pytestmark = pytest.mark.django_db
S = Deal.Status


def declare_and_vote(deal, member, vote):  # type: ignore[no-untyped-def]
    committee.ic_conflict_declare(deal=deal, by=member, conflicted=False)
    return committee.ic_vote_cast(deal=deal, by=member, vote=vote, comment="")


def test_vote_blocked_while_private_money_is_short_then_allowed_once_fixed(walk):
    deal = walk.at_ic()
    lead = DealCoInvestor.objects.get(deal=deal)
    # The lead cut their commitment after due diligence: the rule fails again at the vote.
    deals.deal_co_investor_update(co_investor=lead, by=walk.manager, amount=Decimal("40000"))
    member = walk.members[0]
    committee.ic_conflict_declare(deal=deal, by=member, conflicted=False)
    with pytest.raises(Conflict) as error:
        committee.ic_vote_cast(deal=deal, by=member, vote="approve")
    assert "Private money £40,000.00 on the same terms is less than 1 × the fund's £100,000.00" in (
        error.value.reason
    )
    deals.deal_co_investor_update(co_investor=lead, by=walk.manager, amount=Decimal("100000"))
    assert committee.ic_vote_cast(deal=deal, by=member, vote="approve").vote == "approve"


def test_conflicted_member_cannot_vote_and_one_vote_per_member(walk):
    deal = walk.at_ic()
    conflicted, voter = walk.members[:2]
    committee.ic_conflict_declare(deal=deal, by=conflicted, conflicted=True, note="Angel in it")
    with pytest.raises(Conflict) as error:
        committee.ic_vote_cast(deal=deal, by=conflicted, vote="approve")
    assert error.value.reason == committee.CONFLICTED
    with pytest.raises(Conflict) as error:
        committee.ic_vote_cast(deal=deal, by=voter, vote="approve")
    assert error.value.reason == committee.DECLARE_FIRST
    declare_and_vote(deal, voter, "approve")
    with pytest.raises(Conflict) as error:
        committee.ic_vote_cast(deal=deal, by=voter, vote="decline")
    assert error.value.reason == committee.ALREADY_VOTED
    assert ICVote.objects.filter(deal=deal).count() == 1


def test_decision_refused_without_quorum(walk, settings):
    settings.PORTFOLIO_IC_QUORUM = 3
    deal = walk.at_ic()
    declare_and_vote(deal, walk.members[0], "approve")
    declare_and_vote(deal, walk.members[1], "approve")
    with pytest.raises(Conflict) as error:
        committee.ic_decision_record(deal=deal, by=walk.manager, outcome="approved")
    assert error.value.reason == "No quorum: 2 vote(s) cast, 3 needed."
    # An abstention counts towards the quorum.
    declare_and_vote(deal, walk.members[2], "abstain")
    decision = committee.ic_decision_record(deal=deal, by=walk.manager, outcome="approved")
    assert (decision.approves, decision.declines, decision.abstains) == (2, 0, 1)


def test_simple_majority_and_a_decision_contradicting_the_votes(walk, settings):
    settings.PORTFOLIO_IC_QUORUM = 3
    deal = walk.at_ic()
    for member, vote in zip(
        walk.members, ["approve", "decline", "decline", "abstain"], strict=True
    ):
        declare_and_vote(deal, member, vote)
    tally = ic_tally(deal=deal)
    assert (tally.cast, tally.carried) == (4, False)
    with pytest.raises(Conflict) as error:
        committee.ic_decision_record(deal=deal, by=walk.manager, outcome="approved")
    assert error.value.reason == (
        "The decision “approved” contradicts the votes: 1 approve, 2 decline, 1 abstain "
        "(simple majority)."
    )
    committee.ic_decision_record(deal=deal, by=walk.manager, outcome="declined", note="Too early")
    deal.refresh_from_db()
    assert (deal.status, deal.closed_reason) == (S.DECLINED, "Too early")


def test_majority_settings_tie_and_absolute(walk, settings):
    settings.PORTFOLIO_IC_QUORUM = 1
    deal = walk.at_ic()
    declare_and_vote(deal, walk.members[0], "approve")
    declare_and_vote(deal, walk.members[1], "decline")
    assert not ic_tally(deal=deal).carried  # a tie does not carry
    declare_and_vote(deal, walk.members[2], "approve")
    declare_and_vote(deal, walk.members[3], "abstain")
    assert ic_tally(deal=deal).carried  # 2 > 1 (simple)
    settings.PORTFOLIO_IC_MAJORITY = "absolute"
    assert not ic_tally(deal=deal).carried  # 2 of 4 cast is not more than half


def test_approval_reserves_capacity_and_refuses_when_the_fund_is_short(walk):
    first = walk.approved()
    capacity = fund_capacity(fund=walk.fund)
    assert (capacity.reserved, capacity.available) == (
        Decimal("100000.00"),
        Decimal("4900000.00"),
    )
    small = walk.fund.capital_sources.get()
    small.amount = Decimal("150000.00")
    small.save()
    second = walk.at_ic()
    walk.vote(second, "approve", "approve", "approve")
    with pytest.raises(Conflict) as error:
        committee.ic_decision_record(deal=second, by=walk.manager, outcome="approved")
    assert error.value.reason == (
        "Approving £100,000.00 would over-commit the fund: £50,000.00 available "
        "(£150,000.00 public capital − £0.00 invested − £100,000.00 approved awaiting completion)."
    )
    FundCapitalFactory(fund=walk.fund, amount=Decimal("50000.00"))
    committee.ic_decision_record(deal=second, by=walk.manager, outcome="approved")
    assert first.status == S.APPROVED


def test_terms_locked_once_voting_starts(walk):
    deal = walk.at_ic()
    declare_and_vote(deal, walk.members[0], "approve")
    with pytest.raises(Conflict) as error:
        deals.deal_update(deal=deal, by=walk.manager, amount_sought=Decimal("90000"))
    assert error.value.reason == deals.TERMS_LOCKED
