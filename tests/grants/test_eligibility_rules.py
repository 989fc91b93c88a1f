"""The pure eligibility rules: no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundops.demo import POSTCODES_IN_REGION, POSTCODES_OUTSIDE
from grants import eligibility as rules

LIMIT = Decimal("315000")
RATE = Decimal("0.85")


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "passed"),
    [
        (249, Decimal("1000000"), Decimal("1000000"), True),
        (250, Decimal("1000000"), Decimal("1000000"), False),
        # £42.5m = €50m at 0.85: at the threshold passes; above both fails.
        (10, Decimal("42500000"), Decimal("99000000"), True),
        (10, Decimal("42500000.01"), Decimal("36550000"), True),  # balance sheet saves it
        (10, Decimal("42500000.01"), Decimal("36550000.01"), False),
    ],
)
def test_sme_test_uses_headcount_and_either_financial_threshold(
    headcount, turnover, balance, passed
):
    result = rules.sme_check(
        headcount=headcount, turnover=turnover, balance_sheet=balance, eur_to_gbp=RATE
    )
    assert result.passed is passed
    assert result.reason


def test_sme_failure_says_why():
    result = rules.sme_check(
        headcount=300, turnover=Decimal("1"), balance_sheet=Decimal("1"), eur_to_gbp=RATE
    )
    assert result.reason == rules.SME_TOO_MANY_STAFF.format(headcount=300)


@pytest.mark.parametrize("postcode", POSTCODES_IN_REGION)
def test_every_demo_postcode_in_region_is_placed_in_a_wmca_council(postcode):
    found = rules.council_area_for(postcode)
    assert found is not None
    assert found[1] in {f"E0800002{n}" for n in range(5, 10)} | {"E08000030", "E08000031"}


@pytest.mark.parametrize("postcode", [*POSTCODES_OUTSIDE, "B46 1AA", "CV8 1AA", "WS6 6AA"])
def test_postcodes_outside_the_region_fail_with_reason(postcode):
    result = rules.region_check(postcode=postcode)
    assert not result.passed
    assert result.reason == rules.REGION_FAIL.format(postcode=postcode)


def test_region_lookup_tolerates_spacing_and_case():
    assert rules.council_area_for("cv12te") == ("Coventry", "E08000026")
    assert rules.council_area_for("B1 1AA") == ("Birmingham", "E08000025")
    assert rules.council_area_for("B10 0AA") == ("Birmingham", "E08000025")  # not B1


@pytest.mark.parametrize(
    ("amount", "passed"),
    [
        (Decimal("999.99"), False),
        (Decimal("1000"), True),
        (Decimal("25000"), True),
        (Decimal("25000.01"), False),
        (None, False),
    ],
)
def test_amount_must_be_within_call_limits(amount, passed):
    result = rules.amount_check(amount=amount, low=Decimal("1000"), high=Decimal("25000"))
    assert result.passed is passed


def test_grant_cannot_exceed_intervention_rate_of_eligible_costs():
    ok = rules.intervention_rate_check(
        amount=Decimal("6000"), eligible_costs=Decimal("12000"), rate=Decimal("0.5")
    )
    over = rules.intervention_rate_check(
        amount=Decimal("6000.01"), eligible_costs=Decimal("12000"), rate=Decimal("0.5")
    )
    assert ok.passed and not over.passed
    assert "at most £6,000.00" in over.reason


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 3, 31), date(2025, 4, 1)),
        (date(2026, 4, 1), date(2026, 4, 1)),
        (date(2026, 12, 31), date(2026, 4, 1)),
        (date(2027, 1, 1), date(2026, 4, 1)),
    ],
)
def test_financial_year_starts_on_1_april(day, start):
    assert rules.financial_year_start(day) == start


def test_subsidy_window_on_31_march_still_counts_assistance_from_three_years_back():
    # 31 March 2026 is in FY 2025/26: the window is 1 April 2023 – 31 March 2026.
    declared = [(date(2023, 4, 1), Decimal("300000"))]
    result = rules.subsidy_check(
        declared=declared, award=Decimal("20000"), on=date(2026, 3, 31), limit=LIMIT
    )
    assert not result.passed
    assert "£320,000.00" in result.reason


def test_subsidy_window_on_1_april_drops_the_oldest_year():
    declared = [(date(2023, 4, 1), Decimal("300000"))]
    result = rules.subsidy_check(
        declared=declared, award=Decimal("20000"), on=date(2026, 4, 1), limit=LIMIT
    )
    assert result.passed


def test_assistance_on_31_march_2024_falls_out_on_1_april_2026():
    declared = [(date(2024, 3, 31), Decimal("300000")), (date(2024, 4, 1), Decimal("10000"))]
    on_1_april = rules.subsidy_check(
        declared=declared, award=Decimal("20000"), on=date(2026, 4, 1), limit=LIMIT
    )
    on_31_march = rules.subsidy_check(
        declared=declared, award=Decimal("20000"), on=date(2026, 3, 31), limit=LIMIT
    )
    assert on_1_april.passed  # 10,000 + 20,000
    assert not on_31_march.passed  # 300,000 + 10,000 + 20,000


def test_subsidy_limit_is_inclusive():
    declared = [(date(2025, 6, 1), Decimal("295000"))]
    exactly = rules.subsidy_check(
        declared=declared, award=Decimal("20000"), on=date(2026, 1, 1), limit=LIMIT
    )
    over = rules.subsidy_check(
        declared=declared, award=Decimal("20000.01"), on=date(2026, 1, 1), limit=LIMIT
    )
    assert exactly.passed and not over.passed
