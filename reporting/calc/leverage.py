"""Leverage: how much other money the fund's money brought in, each figure labelled by definition.

Leverage figures are quoted in funders' reports with different meanings, so every result
carries the definition it was computed by, and each kind is its own line, never blended:

* deal: private money in the same round on the same terms / the fund's money in that round;
* fund: the sum of that private money / the sum of the fund's money over the rounds. A ratio
  of sums, never a mean of deal ratios: a 10x deal of 10,000 and a 1x deal of 1,000,000 are
  (100,000 + 1,000,000) / 1,010,000 = 1.09x together, where the mean of ratios says 5.5x;
* initial and follow-on rounds (in which the fund took part) on separate lines;
* crowded in: private money the companies raised later without the fund, over all the fund's
  money in the rounds given; it was not on the fund's terms, so it is never added to the above;
* grants: match funding / grant money, its own line, as a grant is not an investment.

Ratios are unrounded ``Decimal`` (28 significant digits): quantise for display. ``None`` when
the denominator is zero (no fund money, no grant money): there is no ratio to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .money import ratio

__all__ = [
    "DEFINITIONS",
    "FundedRound",
    "GrantMatch",
    "Leverage",
    "RoundStage",
    "crowded_in_leverage",
    "deal_leverage",
    "fund_leverage",
    "grant_leverage",
    "leverage_report",
]


class RoundStage(StrEnum):
    INITIAL = "initial"
    FOLLOW_ON = "follow_on"


DEFINITIONS = {
    "deal": "Deal: private money in the same round on the same terms ÷ fund money in the round",
    "fund": "Fund, all rounds: Σ private money same round same terms ÷ Σ fund money",
    RoundStage.INITIAL: (
        "Fund, initial rounds: Σ private money same round same terms ÷ Σ fund money"
    ),
    RoundStage.FOLLOW_ON: (
        "Fund, follow-on rounds with the fund: Σ private money same round same terms ÷ Σ fund money"
    ),
    "crowded_in": (
        "Crowded in: Σ private follow-on money raised later without the fund ÷ Σ fund money"
    ),
    "grant": "Grants: Σ match funding ÷ Σ grant money",
}


@dataclass(frozen=True, slots=True)
class FundedRound:
    """A round the fund invested in: its money, and the private money alongside it."""

    fund: Decimal  # the fund's (public) money in the round
    private: Decimal  # private money in the same round on the same terms
    stage: RoundStage = RoundStage.INITIAL

    def __post_init__(self) -> None:
        _not_negative(self.fund, self.private)


@dataclass(frozen=True, slots=True)
class GrantMatch:
    """A grant and the match funding the grantee put alongside it."""

    grant: Decimal
    match: Decimal

    def __post_init__(self) -> None:
        _not_negative(self.grant, self.match)


@dataclass(frozen=True, slots=True)
class Leverage:
    """One leverage line: what was divided by what, and the ratio (``None`` if undefined)."""

    definition: str
    numerator: Decimal
    denominator: Decimal
    ratio: Decimal | None


def deal_leverage(funded_round: FundedRound) -> Leverage:
    return _line(DEFINITIONS["deal"], funded_round.private, funded_round.fund)


def fund_leverage(rounds: Iterable[FundedRound], stage: RoundStage | None = None) -> Leverage:
    """Σ private ÷ Σ fund money over the rounds, or over those of one ``stage`` only."""
    chosen = [r for r in rounds if stage is None or r.stage == stage]
    return _line(
        DEFINITIONS["fund" if stage is None else stage],
        sum((r.private for r in chosen), Decimal(0)),
        sum((r.fund for r in chosen), Decimal(0)),
    )


def crowded_in_leverage(rounds: Iterable[FundedRound], crowded_in: Iterable[Decimal]) -> Leverage:
    """Private money raised later without the fund ÷ the fund's money in ``rounds``."""
    amounts = list(crowded_in)
    _not_negative(*amounts)
    return _line(
        DEFINITIONS["crowded_in"],
        sum(amounts, Decimal(0)),
        sum((r.fund for r in rounds), Decimal(0)),
    )


def grant_leverage(grants: Iterable[GrantMatch]) -> Leverage:
    grants = list(grants)
    return _line(
        DEFINITIONS["grant"],
        sum((g.match for g in grants), Decimal(0)),
        sum((g.grant for g in grants), Decimal(0)),
    )


def leverage_report(
    rounds: Iterable[FundedRound],
    crowded_in: Iterable[Decimal] = (),
    grants: Iterable[GrantMatch] = (),
) -> list[Leverage]:
    """The lines of a leverage table, in reading order: initial rounds, follow-on rounds, all
    rounds, crowded in, grants."""
    rounds = list(rounds)
    return [
        fund_leverage(rounds, RoundStage.INITIAL),
        fund_leverage(rounds, RoundStage.FOLLOW_ON),
        fund_leverage(rounds),
        crowded_in_leverage(rounds, crowded_in),
        grant_leverage(grants),
    ]


def _line(definition: str, numerator: Decimal, denominator: Decimal) -> Leverage:
    return Leverage(definition, numerator, denominator, ratio(numerator, denominator))


def _not_negative(*amounts: Decimal) -> None:
    # A negative amount is a data error (a reversal not netted off) that would quietly
    # shrink a ratio: refuse it rather than report a wrong figure.
    if any(amount < 0 for amount in amounts):
        raise ValueError("leverage amounts must not be negative")
