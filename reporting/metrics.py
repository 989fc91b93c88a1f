"""Headline figures from a fund's frames, as JSON-ready values.

Money is a string to the penny ("1234.50"); multiples and rates are floats (multiples to 4
places, rates unrounded) or ``None``; a missing IRR comes with the reason why.

* paid-in = cost (investment and follow-on entries) + deal fees; distributed = money back;
  fair value = the holdings' latest fair values; total value = distributed + fair value;
* TVPI = total value ÷ paid-in, DPI = distributed ÷ paid-in, RVPI = fair value ÷ paid-in;
  MOIC = total value ÷ cost (money into companies only, without fees);
* gross IRR: every holding's flows pooled, plus the sum of fair values as one final flow on
  the as-of date (``reporting.calc.performance``); never an average of holdings' IRRs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from reporting.calc.leverage import FundedRound, GrantMatch, Leverage, RoundStage
from reporting.calc.leverage import leverage_report as calc_leverage_report
from reporting.calc.money import ratio
from reporting.calc.xirr import xirr_roots
from reporting.calc.xirr_pooled import pooled_xirr
from reporting.frames import FundFrames
from reporting.schedule import days, money, pennies

NO_FLOWS = "No cash flows on or before {as_of}: there is nothing to compute an IRR from."
NO_MONEY_IN = "No money paid in on or before {as_of}, so there is no return to measure."
NOTHING_BACK = (
    "Nothing received and no fair value left on {as_of}: the money has not come back, so no "
    "rate exists (Excel's XIRR gives #NUM!)."
)
NO_ROOT = (
    "No rate between -100% and +infinity makes these cash flows' net present value zero "
    "(Excel's XIRR gives #NUM!)."
)
NET_IRR_REASON = (
    "A net IRR needs the fund's own fees and costs (management fee, carried interest), which "
    "FundOps does not record; the gross IRR shown is the investments' own cash flows and fair "
    "value."
)
NOT_UNIQUE = "The cash flows change sign more than once: this IRR is not unique."
EXCEL_GUESS = 0.1
GROUP_LABELS = {
    "vintage": "vintage",
    "sector": "sector_label",
    "instrument": "instrument_label",
    "stage": "stage_label",
}


def rounded(value: Decimal | float | None, places: int = 4) -> float | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return round(float(value), places)


def irr_reason(amounts: Sequence[float], as_of: date) -> str:
    if not len(amounts):
        return NO_FLOWS.format(as_of=as_of.isoformat())
    if not any(a < 0 for a in amounts):
        return NO_MONEY_IN.format(as_of=as_of.isoformat())
    if not any(a > 0 for a in amounts):
        return NOTHING_BACK.format(as_of=as_of.isoformat())
    return NO_ROOT


def pooled_flows(frames: FundFrames, ids: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64 dates, float amounts) of the holdings ``ids`` (all when None), pooled,
    with their total fair value as a final flow on the as-of date."""
    flows, table = frames.cash_flows, frames.investments
    if ids is not None:
        flows = flows[flows["investment_id"].isin(ids)]
        table = table[table["investment_id"].isin(ids)]
    dates = days(flows["date"])
    amounts = pennies(flows["amount"]) / 100.0
    fair = int(pennies(table["fair_value"]).sum())
    if fair:
        dates = np.append(dates, np.datetime64(frames.as_of, "D"))
        amounts = np.append(amounts, fair / 100.0)
    return dates, amounts


def money_figures(table: pd.DataFrame) -> dict[str, Any]:
    cost, fees, realised, fair, fund, private = (
        Decimal(int(pennies(table[c]).sum())).scaleb(-2)
        for c in ("cost", "fees", "realised", "fair_value", "fund_money", "private_coinvestment")
    )
    paid_in, total = cost + fees, realised + fair
    return {
        "investments": len(table),
        "companies": int(table["organisation_id"].nunique()),
        "cost": str(cost),
        "fees": str(fees),
        "paid_in": str(paid_in),
        "distributed": str(realised),
        "fair_value": str(fair),
        "total_value": str(total),
        "tvpi": rounded(ratio(total, paid_in)),
        "dpi": rounded(ratio(realised, paid_in)),
        "rvpi": rounded(ratio(fair, paid_in)),
        "moic": rounded(ratio(total, cost)),
        "fund_money": str(fund),
        "private_coinvestment": str(private),
        "leverage": rounded(ratio(private, fund)),
    }


def pooled_rate(dates: np.ndarray, amounts: np.ndarray) -> tuple[float | None, bool]:
    """(rate, unique) of one pooled series: the rate ``xirr`` gives (the root nearest Excel's
    10 % guess) and whether no other rate solves the flows.

    A fund's pooled flows change sign at every investment, so isolating all their roots costs
    seconds (and memory) for a large portfolio; ``pooled_xirr`` proves most such series have
    at most one rate and bisects it in milliseconds. Only the rest go to ``xirr_roots``.
    """
    if not len(amounts):
        return None, True
    known, rate = pooled_xirr(dates, amounts)
    if known:
        return rate, True
    # The root search may overflow far out in its brackets on long series; every root it
    # reports is checked to zero the NPV, so those intermediate overflows are harmless noise.
    with np.errstate(over="ignore", invalid="ignore"):
        roots = xirr_roots(dates, amounts)
    rate = min(roots, key=lambda root: abs(root - EXCEL_GUESS)) if roots else None
    return rate, len(roots) <= 1


def headline(frames: FundFrames) -> dict[str, Any]:
    figures = money_figures(frames.investments)
    dates, amounts = pooled_flows(frames)
    rate, unique = pooled_rate(dates, amounts)
    figures["gross_irr"] = rate
    figures["gross_irr_reason"] = None if rate is not None else irr_reason(amounts, frames.as_of)
    figures["gross_irr_unique"] = unique
    figures["gross_irr_warning"] = None if figures["gross_irr_unique"] else NOT_UNIQUE
    figures["net_irr"] = None
    figures["net_irr_reason"] = NET_IRR_REASON
    # The short names the API documents: "irr" is the gross IRR.
    figures["irr"], figures["irr_reason"] = rate, figures["gross_irr_reason"]
    return figures


def groups(frames: FundFrames, group_by: str, with_irr: bool = True) -> list[dict[str, Any]]:
    """The same figures per vintage year, sector, instrument or stage, IRRs pooled per group
    (left out with ``with_irr=False``, for tables that do not show them)."""
    if group_by not in GROUP_LABELS:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_LABELS)}")
    table = frames.investments
    if table.empty:
        return []
    keys = table[GROUP_LABELS[group_by]].astype(str)
    key_of = dict(zip(table["investment_id"], keys, strict=True))
    rates = _group_irrs(frames, key_of) if with_irr else {}
    result = []
    for key, members in table.groupby(keys, sort=True):
        figures = {"group": key, **money_figures(members)}
        if not with_irr:
            result.append(figures)
            continue
        rate = rates.get(key)
        figures["gross_irr"] = rate
        if rate is None:
            _, amounts = pooled_flows(frames, members["investment_id"])
            figures["gross_irr_reason"] = irr_reason(amounts, frames.as_of)
        else:
            figures["gross_irr_reason"] = None
        result.append(figures)
    return result


def _group_irrs(frames: FundFrames, key_of: dict[int, str]) -> dict[str, float | None]:
    table = frames.investments
    rates: dict[str, float | None] = {}
    for key, members in table.groupby(table["investment_id"].map(key_of), sort=True):
        dates, amounts = pooled_flows(frames, members["investment_id"])
        rates[str(key)] = pooled_rate(dates, amounts)[0]
    return rates


def leverage_lines(frames: FundFrames) -> list[Leverage]:
    """Initial, follow-on, all rounds (deal-level aggregate: a ratio of sums), crowded in,
    grants: ``reporting.calc.leverage.leverage_report`` on the frames."""
    rounds = [
        FundedRound(fund=f, private=p, stage=RoundStage(s))
        for f, p, s in zip(
            frames.rounds["fund_money"],
            frames.rounds["private_same_terms"],
            frames.rounds["stage"],
            strict=True,
        )
    ]
    return calc_leverage_report(rounds, list(frames.crowded_in["private"]), grant_matches(frames))


def grant_matches(frames: FundFrames) -> list[GrantMatch]:
    """Each award with the private match funding the grantee put alongside it."""
    apps = frames.grant_applications
    awarded = apps[apps["amount_awarded"].notna()]
    match = frames.grant_match[frames.grant_match["kind"] == "private"]
    by_app = pd.Series(pennies(match["amount"])).groupby(match["application_id"].to_numpy()).sum()
    return [
        GrantMatch(grant=amount, match=money(by_app.get(app_id, 0)))
        for app_id, amount in zip(awarded["application_id"], awarded["amount_awarded"], strict=True)
    ]


def leverage_json(lines: list[Leverage]) -> dict[str, dict[str, Any]]:
    names = ("initial", "follow_on", "fund", "crowded_in", "grants")
    return {
        name: {
            "definition": line.definition,
            "numerator": f"{line.numerator:.2f}",
            "denominator": f"{line.denominator:.2f}",
            "ratio": rounded(line.ratio),
        }
        for name, line in zip(names, lines, strict=True)
    }
