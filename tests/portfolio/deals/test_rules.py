"""Each co-investment rule, pass and fail, with the figures in the message (no database)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from portfolio.rules import RuleInput, check_rules

D = Decimal
BASE = RuleInput(
    fund_amount=D("50000"),
    round_size=D("200000"),
    pre_money=D("800000"),
    instrument="equity",
    private_same_terms=D("60000"),
    min_ticket=D("50000"),
    max_ticket=D("1000000"),
    private_multiple=D("1"),
    max_fund_share=D("0.5"),
    max_voting_stake=D("0.299"),
    follow_on_limit=D("1500000"),
    max_follow_ons=3,
)


def result(values: RuleInput, name: str):  # type: ignore[no-untyped-def]
    return next(r for r in check_rules(values) if r.name == name)


def test_all_rules_pass_on_a_pari_passu_deal():
    assert all(r.passed for r in check_rules(BASE))


def test_ticket_below_minimum_and_above_maximum():
    low = result(replace(BASE, fund_amount=D("40000"), private_same_terms=D("40000")), "ticket")
    assert not low.passed
    assert low.message == "The fund's £40,000.00 is below the minimum ticket of £50,000.00."
    high = result(replace(BASE, fund_amount=D("1000000.01")), "ticket")
    assert not high.passed
    assert "£1,000,000.01 is above the maximum ticket of £1,000,000.00" in high.message
    assert result(replace(BASE, fund_amount=D("1000000")), "ticket").passed


def test_private_money_short_of_m_times_the_fund_names_the_figures():
    short = result(replace(BASE, private_same_terms=D("40000")), "private_match")
    assert not short.passed
    assert short.message == (
        "Private money £40,000.00 on the same terms is less than 1 × the fund's £50,000.00 "
        "(£50,000.00 needed)."
    )
    assert result(replace(BASE, private_same_terms=D("50000")), "private_match").passed
    double = result(
        replace(BASE, private_multiple=D("2"), private_same_terms=D("99999.99")), "private_match"
    )
    assert not double.passed
    assert "less than 2 × the fund's £50,000.00 (£100,000.00 needed)" in double.message


def test_fund_share_of_the_round_at_most_the_maximum():
    at_limit = result(replace(BASE, round_size=D("100000")), "fund_share")
    assert at_limit.passed  # exactly 50%
    over = result(replace(BASE, round_size=D("99999")), "fund_share")
    assert not over.passed
    assert over.message == (
        "The fund's £50,000.00 is 50.0% of the £99,999.00 round (maximum 50.0%)."
    )


def test_voting_stake_is_fund_money_over_post_money_and_zero_for_a_loan():
    # 50,000 / (100,000 + 60,000) = 31.25% > 29.9%
    equity = replace(BASE, pre_money=D("60000"), round_size=D("100000"))
    stake = result(equity, "voting_stake")
    assert not stake.passed
    assert stake.message == (
        "The fund's £50,000.00 of a £160,000.00 post-money is a voting stake of 31.3% "
        "(maximum 29.9%)."
    )
    cln = result(replace(equity, instrument="cln"), "voting_stake")
    assert not cln.passed and "converted at the pre-money" in cln.message
    loan = result(replace(equity, instrument="loan"), "voting_stake")
    assert loan.passed and "0.0%" in loan.message
    # 50,000 / (800,000 + 200,000) = 5%
    assert result(BASE, "voting_stake").passed


def test_follow_on_limit_by_total_money_and_by_count():
    over = result(
        replace(BASE, earlier_fund_money=D("1460000"), earlier_investments=1), "follow_on"
    )
    assert not over.passed
    assert over.message == (
        "The fund's money in the company would be £1,510,000.00 (£1,460,000.00 before + "
        "£50,000.00), above the limit of £1,500,000.00."
    )
    too_many = result(replace(BASE, earlier_investments=4), "follow_on")
    assert not too_many.passed
    assert "follow-on number 4: the limit is 3" in too_many.message
    assert result(replace(BASE, earlier_investments=3), "follow_on").passed


def test_a_deal_without_an_amount_fails_every_rule_saying_why():
    results = check_rules(replace(BASE, fund_amount=None))
    assert [r.passed for r in results] == [False] * 5
    assert results[0].message == "Cannot check: the deal has no amount sought yet."
