"""ORM → pandas: everything a fund report needs, as of a date, in a constant number of queries.

Portfolio and grants are read only through their ``reporting_selectors`` (plain rows); this
module turns the rows into DataFrames and works out each holding's figures with
``reporting.calc``. Money columns hold ``Decimal`` values to the penny; sums are done on whole
pennies (int64), so they are exact whatever the portfolio size.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import pandas as pd
from django.shortcuts import get_object_or_404

from fundops.models import Fund
from grants import reporting_selectors as grants_data
from portfolio import reporting_selectors as portfolio_data
from reporting import schedule
from reporting.calc.money import to_pennies

ROUND_MONEY = (
    "fund_amount",
    "private_same_terms",
    "public_same_terms",
    "private_other_terms",
    "public_other_terms",
)


@dataclass(frozen=True)
class FundFrames:
    """One fund's data as of ``as_of``. ``investments`` is the schedule of investments (one
    row per holding with its figures); the others are the records behind it."""

    fund_id: int
    fund_name: str
    as_of: date
    investments: pd.DataFrame
    cash_flows: pd.DataFrame
    valuations: pd.DataFrame
    rounds: pd.DataFrame
    crowded_in: pd.DataFrame
    monitoring: pd.DataFrame
    grant_calls: pd.DataFrame
    grant_applications: pd.DataFrame
    grant_costs: pd.DataFrame
    grant_payments: pd.DataFrame
    grant_match: pd.DataFrame
    grant_outcomes: pd.DataFrame
    grant_state_times: pd.DataFrame
    pipeline: pd.DataFrame | None  # None when the deal pipeline is not available


def rows_frame(rows: list[Any], row_type: type) -> pd.DataFrame:
    """A DataFrame of dataclass rows, with the right columns even when there are none."""
    columns = [f.name for f in fields(row_type)]
    return pd.DataFrame([tuple(getattr(r, c) for c in columns) for r in rows], columns=columns)


def load_fund_frames(*, fund_id: int, as_of: date) -> FundFrames:
    fund_name = get_object_or_404(Fund.objects.values_list("name", flat=True), pk=fund_id)
    investments = rows_frame(
        portfolio_data.investments_for_fund(fund_id=fund_id, as_of=as_of),
        portfolio_data.InvestmentRow,
    )
    flows = _flows_frame(portfolio_data.ledger_flows_for_fund(fund_id=fund_id, as_of=as_of))
    valuations = _valuations_frame(portfolio_data.valuations_for_fund(fund_id=fund_id, as_of=as_of))
    rounds = rows_frame(portfolio_data.rounds_for_fund(fund_id=fund_id), portfolio_data.RoundMoney)
    rounds = rounds[rounds["date"] <= as_of].copy() if len(rounds) else rounds
    for column in ROUND_MONEY:  # SQLite sums decimals through floats: back to pennies
        rounds[column] = [to_pennies(v) for v in rounds[column]]
    crowded = rows_frame(
        portfolio_data.follow_on_without_fund_for_fund(fund_id=fund_id),
        portfolio_data.FollowOnWithoutFund,
    )
    crowded = crowded[crowded["period_end"] <= as_of] if len(crowded) else crowded
    monitoring = rows_frame(
        portfolio_data.monitoring_for_fund(fund_id=fund_id, as_of=as_of),
        portfolio_data.MonitoringRow,
    )
    grants = grants_data.grants_for_fund(fund_id=fund_id, as_of=as_of)
    # Outcomes count for companies the fund held by the as-of date.
    companies = dict(zip(investments["organisation_id"], investments["company"], strict=True))
    crowded = crowded[crowded["organisation_id"].isin(companies)]
    monitoring = monitoring[monitoring["organisation_id"].isin(companies)]
    table, round_table = schedule.holdings(investments, flows, valuations, rounds, as_of)
    flows.insert(1, "company", flows["investment_id"].map(_company_of(table)))
    valuations.insert(1, "company", valuations["investment_id"].map(_company_of(table)))
    return FundFrames(
        fund_id=fund_id,
        fund_name=fund_name,
        as_of=as_of,
        investments=table,
        cash_flows=flows,
        valuations=valuations,
        rounds=round_table,
        crowded_in=crowded.assign(company=crowded["organisation_id"].map(companies)),
        monitoring=monitoring.assign(company=monitoring["organisation_id"].map(companies)),
        grant_calls=schedule.grant_calls(grants),
        grant_applications=rows_frame(grants.applications, grants_data.ApplicationRow),
        grant_costs=rows_frame(grants.costs, grants_data.CostRow),
        grant_payments=rows_frame(grants.payments, grants_data.PaymentRow),
        grant_match=rows_frame(grants.match_funding, grants_data.MatchRow),
        grant_outcomes=rows_frame(grants.outcomes, grants_data.OutcomeRow),
        grant_state_times=rows_frame(grants.state_times, grants_data.StateTime),
        pipeline=_pipeline(fund_id),
    )


def _company_of(table: pd.DataFrame) -> dict[int, str]:
    return dict(zip(table["investment_id"], table["company"], strict=True))


def _flows_frame(flows: dict[int, list[Any]]) -> pd.DataFrame:
    rows = [
        (investment_id, f.date, f.kind, f.amount)
        for investment_id, series in flows.items()
        for f in series
    ]
    frame = pd.DataFrame(rows, columns=["investment_id", "date", "kind", "amount"])
    return frame.sort_values(["date", "investment_id"], kind="stable", ignore_index=True)


def _valuations_frame(points: dict[int, list[Any]]) -> pd.DataFrame:
    rows = [
        (investment_id, p.date, p.fair_value, p.method)
        for investment_id, series in points.items()
        for p in series
    ]
    return pd.DataFrame(rows, columns=["investment_id", "date", "fair_value", "method"])


def _pipeline(fund_id: int) -> pd.DataFrame | None:
    """The deal pipeline, when the portfolio app provides it (``pipeline_for_fund``)."""
    reader = getattr(portfolio_data, "pipeline_for_fund", None)
    if reader is None:
        return None
    deals = list(reader(fund_id=fund_id))
    if not deals:
        columns = ["deal_id", "company", "stage", "stage_label", "amount_sought"]
        return pd.DataFrame(columns=[*columns, "days_in_stage", "overdue", "owner"])
    return rows_frame(deals, type(deals[0]))
