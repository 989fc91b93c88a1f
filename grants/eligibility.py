"""Eligibility rules as pure functions of plain values (no database), so each is testable
on its own. ``grants.services.eligibility`` feeds them from the records and stores results.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from fundops.money import format_gbp

POSTCODE_TABLE = Path(__file__).parent / "data" / "wmca_postcode_districts.csv"

SME_HEADCOUNT_LIMIT = 250
SME_TURNOVER_EUR = Decimal("50000000")
SME_BALANCE_SHEET_EUR = Decimal("43000000")

SME_OK = "An SME: {headcount} staff, turnover {turnover}, balance sheet {balance}."
SME_TOO_MANY_STAFF = "Not an SME: {headcount} staff (an SME has fewer than 250)."
SME_TOO_LARGE = (
    "Not an SME: turnover {turnover} is above {turnover_limit} and balance sheet {balance} is "
    "above {balance_limit} (€50m / €43m at €1 = £{rate})."
)
REGION_OK = "Registered postcode {postcode} is in {council} ({code})."
REGION_FAIL = "Registered postcode {postcode} is outside the West Midlands Combined Authority area."
AMOUNT_OK = "{amount} is within the call's limits ({low} to {high})."
AMOUNT_MISSING = "No amount requested."
AMOUNT_OUTSIDE = "{amount} is outside the call's limits ({low} to {high})."
RATE_OK = "{amount} is within {rate}% of eligible costs {costs} (at most {cap})."
RATE_FAIL = "{amount} is more than {rate}% of eligible costs {costs}: at most {cap} can be granted."
SUBSIDY_OK = (
    "Declared assistance since {start} is {declared}; with this award {total}, within {limit}."
)
SUBSIDY_FAIL = (
    "Declared assistance since {start} is {declared}; with this award it would be {total}, "
    "above the {limit} limit."
)


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    reason: str


def sme_check(
    *, headcount: int, turnover: Decimal, balance_sheet: Decimal, eur_to_gbp: Decimal
) -> RuleResult:
    """SME: fewer than 250 staff, and turnover ≤ €50m or balance sheet ≤ €43m.

    Pounds are compared with the euro thresholds converted at ``eur_to_gbp`` (£ per €):
    at 0.85, €50m = £42.5m and €43m = £36.55m.
    """
    turnover_limit = SME_TURNOVER_EUR * eur_to_gbp
    balance_limit = SME_BALANCE_SHEET_EUR * eur_to_gbp
    figures = {
        "headcount": headcount,
        "turnover": format_gbp(turnover),
        "balance": format_gbp(balance_sheet),
        "turnover_limit": format_gbp(turnover_limit),
        "balance_limit": format_gbp(balance_limit),
        "rate": eur_to_gbp,
    }
    if headcount >= SME_HEADCOUNT_LIMIT:
        return RuleResult("sme", False, SME_TOO_MANY_STAFF.format(**figures))
    if turnover > turnover_limit and balance_sheet > balance_limit:
        return RuleResult("sme", False, SME_TOO_LARGE.format(**figures))
    return RuleResult("sme", True, SME_OK.format(**figures))


@lru_cache(maxsize=1)
def postcode_districts() -> dict[str, tuple[str, str]]:
    """District -> (council area, ONS local authority code), from the shipped table."""
    with POSTCODE_TABLE.open(newline="", encoding="utf-8") as handle:
        return {
            row["postcode_district"].strip().upper(): (row["council_area"], row["lad_code"])
            for row in csv.DictReader(handle)
        }


def postcode_district(postcode: str) -> str:
    compact = "".join((postcode or "").upper().split())
    return compact[:-3] if len(compact) >= 5 else compact


def council_area_for(postcode: str) -> tuple[str, str] | None:
    """(council area, LAD code) for a postcode inside the region, else None."""
    return postcode_districts().get(postcode_district(postcode))


def region_check(*, postcode: str) -> RuleResult:
    found = council_area_for(postcode)
    if found is None:
        return RuleResult("region", False, REGION_FAIL.format(postcode=postcode))
    council, code = found
    return RuleResult(
        "region", True, REGION_OK.format(postcode=postcode, council=council, code=code)
    )


def amount_check(*, amount: Decimal | None, low: Decimal, high: Decimal) -> RuleResult:
    if amount is None:
        return RuleResult("amount", False, AMOUNT_MISSING)
    figures = {"amount": format_gbp(amount), "low": format_gbp(low), "high": format_gbp(high)}
    if not low <= amount <= high:
        return RuleResult("amount", False, AMOUNT_OUTSIDE.format(**figures))
    return RuleResult("amount", True, AMOUNT_OK.format(**figures))


def intervention_rate_check(
    *, amount: Decimal | None, eligible_costs: Decimal, rate: Decimal
) -> RuleResult:
    """Grant ≤ rate × eligible costs (the cap is rounded down to the penny, never up)."""
    cap = (eligible_costs * rate).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    figures = {
        "amount": format_gbp(amount),
        "rate": (rate * 100).normalize(),
        "costs": format_gbp(eligible_costs),
        "cap": format_gbp(cap),
    }
    if amount is None or amount > cap:
        return RuleResult("intervention_rate", False, RATE_FAIL.format(**figures))
    return RuleResult("intervention_rate", True, RATE_OK.format(**figures))


def financial_year_start(day: date) -> date:
    """UK financial year starts 1 April: 31 March 2026 is in FY 2025/26, 1 April in 2026/27."""
    year = day.year if (day.month, day.day) >= (4, 1) else day.year - 1
    return date(year, 4, 1)


def subsidy_window_start(on: date) -> date:
    """First day of the period checked: the start of the financial year two before ``on``'s."""
    current = financial_year_start(on)
    return current.replace(year=current.year - 2)


def subsidy_check(
    *,
    declared: Iterable[tuple[date, Decimal]],
    award: Decimal | None,
    on: date,
    limit: Decimal,
) -> RuleResult:
    """Minimal financial assistance received in the current financial year and the two before
    it, plus this award, must not exceed ``limit`` (£315,000). Assistance dated before the
    window, or after ``on``, does not count.

    Worked example, on 1 April 2026 (FY 2026/27): the window starts 1 April 2024; £300,000
    received 31 March 2024 no longer counts, so a £20,000 award passes. On 31 March 2026 the
    window starts 1 April 2023 and the same £300,000 + £20,000 = £320,000 fails.
    """
    start = subsidy_window_start(on)
    total_declared = sum((amount for when, amount in declared if start <= when <= on), Decimal("0"))
    total = total_declared + (award or Decimal("0"))
    figures = {
        "start": start.strftime("%-d %B %Y"),
        "declared": format_gbp(total_declared),
        "total": format_gbp(total),
        "limit": format_gbp(limit),
    }
    if total > limit:
        return RuleResult("subsidy_limit", False, SUBSIDY_FAIL.format(**figures))
    return RuleResult("subsidy_limit", True, SUBSIDY_OK.format(**figures))
