"""Leverage lines, each labelled by its definition; fund leverage is a ratio of sums."""

from decimal import Decimal

import pytest

from reporting.calc import (
    FundedRound,
    GrantMatch,
    RoundStage,
    crowded_in_leverage,
    deal_leverage,
    fund_leverage,
    grant_leverage,
    leverage_report,
)

# Two deals. A: fund 10,000 with 100,000 private alongside (10x).
#            B: fund 1,000,000 with 1,000,000 private alongside (1x).
DEAL_A = FundedRound(fund=Decimal("10000"), private=Decimal("100000"))
DEAL_B = FundedRound(fund=Decimal("1000000"), private=Decimal("1000000"))


def test_deal_leverage_is_private_over_fund_money_in_the_round() -> None:
    line = deal_leverage(DEAL_A)
    assert line.ratio == Decimal(10)
    assert "same round on the same terms" in line.definition


def test_fund_leverage_is_a_ratio_of_sums_not_a_mean_of_ratios() -> None:
    fund = fund_leverage([DEAL_A, DEAL_B])
    # (100,000 + 1,000,000) / (10,000 + 1,000,000) = 1,100,000 / 1,010,000 = 1.0891...
    assert fund.ratio is not None
    assert fund.ratio.quantize(Decimal("0.0001")) == Decimal("1.0891")
    assert (fund.numerator, fund.denominator) == (Decimal("1100000"), Decimal("1010000"))
    ratios = [deal_leverage(d).ratio for d in (DEAL_A, DEAL_B)]
    mean_of_ratios = sum(r for r in ratios if r is not None) / 2
    assert mean_of_ratios == Decimal("5.5")
    assert fund.ratio != mean_of_ratios


def test_zero_fund_money_has_no_ratio() -> None:
    assert deal_leverage(FundedRound(fund=Decimal(0), private=Decimal("5000"))).ratio is None
    assert fund_leverage([]).ratio is None
    assert grant_leverage([]).ratio is None


def test_initial_and_follow_on_rounds_are_separate_lines() -> None:
    follow_on = FundedRound(
        fund=Decimal("50000"), private=Decimal("150000"), stage=RoundStage.FOLLOW_ON
    )
    rounds = [DEAL_A, DEAL_B, follow_on]
    initial = fund_leverage(rounds, RoundStage.INITIAL)
    later = fund_leverage(rounds, RoundStage.FOLLOW_ON)
    assert initial.denominator == Decimal("1010000")
    assert later.ratio == Decimal(3)
    assert initial.definition != later.definition


def test_crowded_in_money_is_its_own_line_and_not_in_fund_leverage() -> None:
    rounds = [DEAL_A, DEAL_B]
    crowded = crowded_in_leverage(rounds, [Decimal("2020000")])
    assert crowded.ratio == Decimal(2)  # 2,020,000 raised later without the fund / 1,010,000
    assert "without the fund" in crowded.definition
    report = leverage_report(rounds, crowded_in=[Decimal("2020000")])
    all_rounds = report[2]
    assert all_rounds.numerator == Decimal("1100000")  # unchanged by the crowded-in money
    assert report[3] == crowded


def test_grant_leverage_is_match_over_grant_money() -> None:
    line = grant_leverage(
        [
            GrantMatch(grant=Decimal("20000"), match=Decimal("20000")),
            GrantMatch(grant=Decimal("5000"), match=Decimal("0")),
        ]
    )
    assert line.ratio == Decimal("0.8")  # 20,000 / 25,000
    assert line.definition.startswith("Grants")


def test_report_lines_each_carry_a_distinct_definition() -> None:
    report = leverage_report(
        [DEAL_A], crowded_in=[Decimal("1")], grants=[GrantMatch(Decimal("1"), Decimal("1"))]
    )
    assert len({line.definition for line in report}) == len(report) == 5


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        FundedRound(fund=Decimal("-1"), private=Decimal("1"))
    with pytest.raises(ValueError, match="negative"):
        crowded_in_leverage([DEAL_A], [Decimal("-5")])
