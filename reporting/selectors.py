"""Reporting reads: a fund's frames and figures as of a date (for the dashboards, the
metrics API and the board pack). Every function reads the data once through
``reporting.frames.fund_frames`` (a constant number of queries whatever the portfolio size).

``fund_metrics`` returns::

    {"fund": {"id", "name"}, "as_of": "YYYY-MM-DD",
     "investments", "companies",                       # counts
     "cost", "fees", "paid_in", "distributed", "fair_value", "total_value",   # "1234.50"
     "tvpi", "dpi", "rvpi", "moic", "leverage",         # float (4 places) or None
     "fund_money", "private_coinvestment",              # the leverage's sums
     "gross_irr", "gross_irr_reason", "gross_irr_unique", "gross_irr_warning",
     "irr", "irr_reason",                               # = gross
     "net_irr": None, "net_irr_reason",
     "leverage_lines": {"initial"|"follow_on"|"fund"|"crowded_in"|"grants":
                        {"definition", "numerator", "denominator", "ratio"}},
     "grants": {"calls", "budget", "awarded", "pending", "committed", "paid",
                "remaining_budget", "applications", "decided", "approved", "rejected",
                "success_rate", "days_to_decision": {...}, "days_in_state": {...}},
     "outcomes": {"jobs_created", "jobs_safeguarded", "products_to_market", ...},
     "jobs_created": int,
     "group_by": str | None, "groups": [{"group", <the money figures>, "gross_irr", ...}]}
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from reporting import grant_metrics, metrics
from reporting.calc.periods import quarter_ends
from reporting.frames import FundFrames, load_fund_frames
from reporting.schedule import days, pennies

GROUPS = tuple(metrics.GROUP_LABELS)

__all__ = [
    "GROUPS",
    "FundFrames",
    "fund_frames",
    "fund_irr_series",
    "fund_metrics",
    "fund_vintage_table",
]


def fund_frames(*, fund_id: int, as_of: date) -> FundFrames:
    """The fund's data as of ``as_of`` as DataFrames (see ``reporting.frames.FundFrames``).
    Raises Http404 for an unknown fund."""
    return load_fund_frames(fund_id=fund_id, as_of=as_of)


def fund_metrics(
    *, fund_id: int, as_of: date, group_by: str | None = None, frames: FundFrames | None = None
) -> dict[str, Any]:
    """Headline figures as of ``as_of`` (shape in the module docstring); with ``group_by``
    (one of ``GROUPS``) the same figures per group. ``frames`` reuses frames already loaded."""
    if group_by is not None and group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPS)}")
    frames = frames or fund_frames(fund_id=fund_id, as_of=as_of)
    figures: dict[str, Any] = {
        "fund": {"id": frames.fund_id, "name": frames.fund_name},
        "as_of": frames.as_of.isoformat(),
        **metrics.headline(frames),
        "leverage_lines": metrics.leverage_json(metrics.leverage_lines(frames)),
        "grants": grant_metrics.grant_stats(frames),
        "outcomes": grant_metrics.outcomes(frames),
        "group_by": group_by,
    }
    figures["jobs_created"] = figures["outcomes"]["jobs_created"]
    if group_by is not None:
        figures["groups"] = metrics.groups(frames, group_by)
    return figures


def fund_irr_series(
    *, fund_id: int, as_of: date, frames: FundFrames | None = None
) -> list[dict[str, Any]]:
    """The fund's pooled gross IRR at every quarter end from its first cash flow up to
    ``as_of``, and at ``as_of`` itself: ``[{"date", "irr", "reason"}]`` (``irr`` None with the
    reason where no rate exists yet). All points are solved in one ``xirr_frame`` call."""
    frames = frames or fund_frames(fund_id=fund_id, as_of=as_of)
    flows = frames.cash_flows
    if flows.empty:
        return []
    points = [q for q in quarter_ends(min(flows["date"]), as_of) if q < as_of] + [as_of]
    flow_days = days(flows["date"])
    amounts = pennies(flows["amount"]) / 100.0
    fair_at = _fair_values_at(frames, points)
    result = []
    for point, fair in zip(points, fair_at, strict=True):
        upto = flow_days <= np.datetime64(point, "D")
        series_dates, series_amounts = flow_days[upto], amounts[upto]
        if fair:
            series_dates = np.append(series_dates, np.datetime64(point, "D"))
            series_amounts = np.append(series_amounts, fair)
        irr = metrics.pooled_rate(series_dates, series_amounts)[0]
        reason = None if irr is not None else metrics.irr_reason(series_amounts, point)
        result.append({"date": point.isoformat(), "irr": irr, "reason": reason})
    return result


def _fair_values_at(frames: FundFrames, points: list[date]) -> list[float]:
    """Σ latest fair value on or before each point; a note converted by then counts 0."""
    valuations = frames.valuations
    table = frames.investments
    conversion = {
        int(note): day
        for note, day in zip(table["converted_from_id"], table["invested_on"], strict=True)
        if pd.notna(note)
    }
    totals = []
    for point in points:
        upto = valuations[valuations["date"] <= point]
        latest = upto.groupby("investment_id", sort=False).tail(1)
        value = 0
        for investment_id, fair in zip(latest["investment_id"], latest["fair_value"], strict=True):
            converted_on = conversion.get(int(investment_id))
            if converted_on is None or converted_on > point:
                value += int(fair.scaleb(2))
        totals.append(value / 100.0)
    return totals


def fund_vintage_table(
    *, fund_id: int, as_of: date, frames: FundFrames | None = None
) -> list[dict[str, Any]]:
    """Per vintage year (year invested): investments, cost, realised, fair value, total value
    (money as strings) and MOIC, oldest first, for the cost-vs-fair-value chart."""
    frames = frames or fund_frames(fund_id=fund_id, as_of=as_of)
    rows = []
    for group in metrics.groups(frames, "vintage", with_irr=False):
        rows.append(
            {
                "vintage": int(group["group"]),
                "investments": group["investments"],
                "cost": group["cost"],
                "realised": group["distributed"],
                "fair_value": group["fair_value"],
                "total_value": group["total_value"],
                "moic": group["moic"],
            }
        )
    return rows
