"""Grant statistics and outcomes from a fund's frames, as JSON-ready values.

* applications: submitted by the as-of date; decided: approved or rejected at panel by then;
  success rate = approved ÷ decided (an award withdrawn later still counts as approved);
* awarded: awards decided by the date and not withdrawn; paid: payments released by then;
  remaining budget: each call's budget − pending − committed (``grants.budget``'s rule);
* days to decision (submission to panel decision): median and 90th percentile, overall and per
  decision; days spent in each workflow state likewise;
* outcomes: jobs created and safeguarded, products new to market, follow-on money, from the
  grantees' latest outcome report each and the portfolio companies' monitoring returns.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from reporting.frames import FundFrames
from reporting.schedule import pennies

REJECTED = "rejected"


def _money(values: pd.Series) -> str:
    return str(Decimal(int(pennies(values).sum())).scaleb(-2))


def _spread(values: pd.Series) -> dict[str, Any]:
    numbers = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    if not len(numbers):
        return {"count": 0, "median": None, "p90": None}
    return {
        "count": len(numbers),
        "median": round(float(np.median(numbers)), 1),
        "p90": round(float(np.percentile(numbers, 90)), 1),
    }


def grant_stats(frames: FundFrames) -> dict[str, Any]:
    apps = frames.grant_applications
    decided = apps[apps["decided_on"].notna()]
    approved = decided[decided["status"] != REJECTED]
    calls = frames.grant_calls
    return {
        "calls": len(calls),
        "budget": _money(calls["budget"]),
        "awarded": _money(calls["awarded"]),
        "pending": _money(calls["pending"]),
        "committed": _money(calls["committed"]),
        "paid": _money(calls["paid"]),
        "remaining_budget": _money(calls["remaining"]),
        "applications": len(apps),
        "decided": len(decided),
        "approved": len(approved),
        "rejected": len(decided) - len(approved),
        "success_rate": round(len(approved) / len(decided), 4) if len(decided) else None,
        "days_to_decision": {
            "all": _spread(decided["days_to_decision"]),
            "approved": _spread(approved["days_to_decision"]),
            "rejected": _spread(decided[decided["status"] == REJECTED]["days_to_decision"]),
        },
        "days_in_state": {
            status: _spread(group["days"])
            for status, group in frames.grant_state_times.groupby("status", sort=True)
        },
    }


def grants_by_category(frames: FundFrames) -> pd.DataFrame:
    """Eligible costs of awarded projects, per cost category: (category label, projects,
    amount)."""
    awarded = frames.grant_applications.loc[
        frames.grant_applications["amount_awarded"].notna(), "application_id"
    ]
    costs = frames.grant_costs[frames.grant_costs["application_id"].isin(awarded)]
    frame = pd.DataFrame(
        {
            "category": costs["category_label"].to_numpy(dtype=object),
            "application_id": costs["application_id"].to_numpy(),
            "p": pennies(costs["net_amount"]),
        }
    )
    grouped = frame.groupby("category", sort=True).agg(
        projects=("application_id", "nunique"), p=("p", "sum")
    )
    return pd.DataFrame(
        {
            "category": grouped.index.to_numpy(dtype=object),
            "projects": grouped["projects"].to_numpy(dtype=int),
            "amount": [Decimal(int(p)).scaleb(-2) for p in grouped["p"]],
        }
    )


def grants_by_council(frames: FundFrames) -> pd.DataFrame:
    """Per council area: applications, awards, awarded and paid."""
    apps = frames.grant_applications
    paid = frames.grant_payments
    paid_by_app = (
        pd.Series(pennies(paid["amount"])).groupby(paid["application_id"].to_numpy()).sum()
    )
    frame = pd.DataFrame(
        {
            "council_area": apps["council_area"].to_numpy(dtype=object),
            "awards": apps["amount_awarded"].notna().to_numpy(),
            "awarded_p": pennies(apps["amount_awarded"]),
            "paid_p": apps["application_id"].map(paid_by_app).fillna(0).to_numpy(dtype=np.int64),
        }
    )
    grouped = frame.groupby("council_area", sort=True).agg(
        applications=("awards", "size"),
        awards=("awards", "sum"),
        awarded_p=("awarded_p", "sum"),
        paid_p=("paid_p", "sum"),
    )
    return pd.DataFrame(
        {
            "council_area": grouped.index.to_numpy(dtype=object),
            "applications": grouped["applications"].to_numpy(dtype=int),
            "awards": grouped["awards"].to_numpy(dtype=int),
            "awarded": [Decimal(int(p)).scaleb(-2) for p in grouped["awarded_p"]],
            "paid": [Decimal(int(p)).scaleb(-2) for p in grouped["paid_p"]],
        }
    )


def latest_outcomes(frames: FundFrames) -> pd.DataFrame:
    """Each grantee's latest outcome report (the 12-month report supersedes the 6-month one:
    both report the totals since the grant, so adding them would count jobs twice)."""
    outcomes = frames.grant_outcomes
    return outcomes.groupby("application_id", sort=False).tail(1)


def outcomes(frames: FundFrames) -> dict[str, Any]:
    grant = latest_outcomes(frames)
    returns = frames.monitoring
    jobs_grants = int(grant["jobs_created"].sum())
    jobs_portfolio = int(returns["jobs_created"].sum())
    return {
        "jobs_created": jobs_grants + jobs_portfolio,
        "jobs_created_grants": jobs_grants,
        "jobs_created_portfolio": jobs_portfolio,
        "jobs_safeguarded": int(grant["jobs_safeguarded"].sum())
        + int(returns["jobs_safeguarded"].sum()),
        "products_to_market": int(grant["new_to_market_product"].sum()),
        "first_sales": int(grant["first_sale"].sum()),
        "follow_on_private_grants": _money(grant["follow_on_private"]),
        "follow_on_public_grants": _money(grant["follow_on_public"]),
        "follow_on_private_with_fund": _money(returns["follow_on_private_with_fund"]),
        "follow_on_private_without_fund": _money(returns["follow_on_private_without_fund"]),
        "follow_on_public_with_fund": _money(returns["follow_on_public_with_fund"]),
        "follow_on_public_without_fund": _money(returns["follow_on_public_without_fund"]),
    }
