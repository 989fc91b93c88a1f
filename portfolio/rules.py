"""Co-investment rules: pure checks on plain values (no Django), one RuleResult per rule.

Public: ``RuleInput``, ``RuleResult``, ``check_rules(RuleInput) -> list[RuleResult]``,
``voting_stake(...)``.

The rules, with the fund's policy (portfolio.CoInvestmentPolicy):

* ticket: min_ticket ≤ fund money ≤ max_ticket;
* private match: private money in the same round on the same terms ≥ m × fund money;
* fund share: fund money ÷ total round size ≤ max_fund_share;
* voting stake: fund money ÷ post-money (pre-money + round size) ≤ max_voting_stake.
  Equity: the stake the shares buy. Convertible loan note: counted as if it converted at
  the round's pre-money valuation (no discount or cap), i.e. the same formula, because the
  stake it becomes is what the limit protects. Loan: no shares, so 0;
* follow-on: the fund's earlier money in the company + this deal ≤ follow_on_limit, and the
  number of follow-ons (earlier investments count: the first is the initial one, each later
  one a follow-on) ≤ max_follow_ons.

Worked example: fund £50,000, private same-terms £40,000, m = 1 → private match fails:
"Private money £40,000.00 on the same terms is less than 1 × the fund's £50,000.00".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TICKET = "ticket"
PRIVATE_MATCH = "private_match"
FUND_SHARE = "fund_share"
VOTING_STAKE = "voting_stake"
FOLLOW_ON = "follow_on"

LABELS = {
    TICKET: "Ticket size",
    PRIVATE_MATCH: "Private money on the same terms",
    FUND_SHARE: "Fund share of the round",
    VOTING_STAKE: "Voting stake",
    FOLLOW_ON: "Follow-on limit",
}

MISSING = "Cannot check: the deal has no {what} yet."


def _gbp(value: Decimal) -> str:
    return f"£{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def _pct(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _multiple(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class RuleResult:
    name: str
    passed: bool
    message: str

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name)


@dataclass(frozen=True)
class RuleInput:
    fund_amount: Decimal | None
    round_size: Decimal | None
    pre_money: Decimal | None
    instrument: str  # "equity", "cln" or "loan"
    private_same_terms: Decimal
    min_ticket: Decimal
    max_ticket: Decimal
    private_multiple: Decimal
    max_fund_share: Decimal
    max_voting_stake: Decimal
    follow_on_limit: Decimal | None = None
    max_follow_ons: int | None = None
    earlier_fund_money: Decimal = Decimal("0")
    earlier_investments: int = 0


def voting_stake(
    *, fund_amount: Decimal, round_size: Decimal, pre_money: Decimal, instrument: str
) -> Decimal:
    """Fund money ÷ post-money; 0 for a loan (see the module docstring for a note)."""
    if instrument == "loan":
        return Decimal("0")
    return fund_amount / (pre_money + round_size)


def _ticket(i: RuleInput, fund: Decimal) -> RuleResult:
    if fund < i.min_ticket:
        return RuleResult(
            TICKET,
            False,
            f"The fund's {_gbp(fund)} is below the minimum ticket of {_gbp(i.min_ticket)}.",
        )
    if fund > i.max_ticket:
        return RuleResult(
            TICKET,
            False,
            f"The fund's {_gbp(fund)} is above the maximum ticket of {_gbp(i.max_ticket)}.",
        )
    return RuleResult(
        TICKET,
        True,
        f"The fund's {_gbp(fund)} is within {_gbp(i.min_ticket)}–{_gbp(i.max_ticket)}.",
    )


def _private_match(i: RuleInput, fund: Decimal) -> RuleResult:
    needed = i.private_multiple * fund
    m = _multiple(i.private_multiple)
    if i.private_same_terms < needed:
        return RuleResult(
            PRIVATE_MATCH,
            False,
            f"Private money {_gbp(i.private_same_terms)} on the same terms is less than "
            f"{m} × the fund's {_gbp(fund)} ({_gbp(needed)} needed).",
        )
    return RuleResult(
        PRIVATE_MATCH,
        True,
        f"Private money {_gbp(i.private_same_terms)} on the same terms is at least "
        f"{m} × the fund's {_gbp(fund)}.",
    )


def _fund_share(i: RuleInput, fund: Decimal) -> RuleResult:
    if i.round_size is None:
        return RuleResult(FUND_SHARE, False, MISSING.format(what="round size"))
    share = fund / i.round_size
    text = (
        f"The fund's {_gbp(fund)} is {_pct(share)} of the {_gbp(i.round_size)} round "
        f"(maximum {_pct(i.max_fund_share)})."
    )
    return RuleResult(FUND_SHARE, share <= i.max_fund_share, text)


def _voting_stake(i: RuleInput, fund: Decimal) -> RuleResult:
    if i.instrument == "loan":
        return RuleResult(VOTING_STAKE, True, "A loan carries no votes: voting stake 0.0%.")
    if i.round_size is None or i.pre_money is None:
        return RuleResult(
            VOTING_STAKE, False, MISSING.format(what="pre-money valuation or round size")
        )
    stake = voting_stake(
        fund_amount=fund, round_size=i.round_size, pre_money=i.pre_money, instrument=i.instrument
    )
    post = i.pre_money + i.round_size
    basis = " (the note counted as converted at the pre-money)" if i.instrument == "cln" else ""
    text = (
        f"The fund's {_gbp(fund)} of a {_gbp(post)} post-money is a voting stake of "
        f"{_pct(stake)}{basis} (maximum {_pct(i.max_voting_stake)})."
    )
    return RuleResult(VOTING_STAKE, stake <= i.max_voting_stake, text)


def _follow_on(i: RuleInput, fund: Decimal) -> RuleResult:
    total = i.earlier_fund_money + fund
    if i.follow_on_limit is not None and total > i.follow_on_limit:
        return RuleResult(
            FOLLOW_ON,
            False,
            f"The fund's money in the company would be {_gbp(total)} ({_gbp(i.earlier_fund_money)} "
            f"before + {_gbp(fund)}), above the limit of {_gbp(i.follow_on_limit)}.",
        )
    if i.max_follow_ons is not None and i.earlier_investments > i.max_follow_ons:
        return RuleResult(
            FOLLOW_ON,
            False,
            f"This would be follow-on number {i.earlier_investments}: the limit is "
            f"{i.max_follow_ons} per company.",
        )
    limit = "no limit" if i.follow_on_limit is None else f"limit {_gbp(i.follow_on_limit)}"
    return RuleResult(
        FOLLOW_ON,
        True,
        f"The fund's money in the company would be {_gbp(total)} ({limit}); "
        f"{i.earlier_investments} earlier investment(s).",
    )


def check_rules(i: RuleInput) -> list[RuleResult]:
    """Every rule's result, in a fixed order. A deal without an amount fails them all."""
    if i.fund_amount is None or i.fund_amount <= 0:
        return [
            RuleResult(name, False, MISSING.format(what="amount sought"))
            for name in (TICKET, PRIVATE_MATCH, FUND_SHARE, VOTING_STAKE, FOLLOW_ON)
        ]
    fund = i.fund_amount
    return [
        _ticket(i, fund),
        _private_match(i, fund),
        _fund_share(i, fund),
        _voting_stake(i, fund),
        _follow_on(i, fund),
    ]
