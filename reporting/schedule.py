"""Each holding's figures (the schedule of investments), each round's leverage, and each grant
call's budget, from the frames of ``reporting.frames``. Pandas and ``reporting.calc`` only.

Per holding, as of the date:

* cost: money the fund put into the company (investment and follow-on entries, net of
  reversals); fees: deal fees it paid (fee entries); realised: money back (interest,
  dividends, repayments, exit proceeds, net of reversals);
* fair value: the latest valuation on or before the date; a note converted into equity by the
  date is worth 0 (its value is the equity holding's, whose cost stays on the note's line as
  the cash went in through the note);
* MOIC = (realised + fair value) ÷ cost; gross IRR: the holding's flows plus its fair value as
  a final flow on the date (``reporting.calc.performance``'s rule), solved for all holdings at
  once with ``xirr_frame``;
* fund money: the cost recorded in the round (none for converted equity, already counted on the
  note); private co-investment: the round's private money on the same terms, shared between the
  fund's holdings in the round in proportion to their fund money (largest remainder, so the
  parts add up to the round's figure); leverage = private ÷ fund money.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from fundops.models import Organisation
from grants import reporting_selectors as grants_data
from portfolio import reporting_selectors as portfolio_data
from reporting.calc.money import ratio, split_pro_rata
from reporting.calc.xirr_batch import xirr_frame

INVESTED_KINDS = ("investment", "follow_on")
FEE_KINDS = ("fee",)
RETURN_KINDS = ("interest", "dividend", "loan_repayment", "exit_proceeds")
STAGE_LABELS = {"initial": "Initial", "follow_on": "Follow-on"}
SECTOR_LABELS = dict(Organisation.Sector.choices)


def pennies(values: pd.Series | list[Decimal | None]) -> np.ndarray:
    """Decimal money → whole pennies as int64 (exact; None counts as 0)."""
    return np.fromiter(
        (0 if v is None else int(v.scaleb(2)) for v in values), dtype=np.int64, count=len(values)
    )


def money(penny_count: int | np.integer) -> Decimal:
    return Decimal(int(penny_count)).scaleb(-2)


def money_list(penny_counts: np.ndarray) -> list[Decimal]:
    return [Decimal(p).scaleb(-2) for p in penny_counts.tolist()]


def as_float(value: Decimal | None) -> float:
    return float("nan") if value is None else float(value)


def days(values: pd.Series) -> np.ndarray:
    return np.array(list(values), dtype="datetime64[D]")


def holdings(
    investments: pd.DataFrame,
    flows: pd.DataFrame,
    valuations: pd.DataFrame,
    rounds: pd.DataFrame,
    as_of: date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(schedule of investments, rounds with leverage) as of ``as_of``."""
    ids = investments["investment_id"].to_numpy()
    amounts = pennies(flows["amount"])
    kinds = flows["kind"].to_numpy()
    owners = flows["investment_id"].to_numpy()

    def total(of_kinds: tuple[str, ...]) -> np.ndarray:
        mask = np.isin(kinds, of_kinds)
        sums = pd.Series(amounts[mask]).groupby(owners[mask]).sum()
        return sums.reindex(ids, fill_value=0).to_numpy(dtype=np.int64)

    cost, fees, realised = -total(INVESTED_KINDS), -total(FEE_KINDS), total(RETURN_KINDS)
    fair = _fair_values(investments, valuations)
    fund = np.where(investments["converted_from_id"].isna(), pennies(investments["amount"]), 0)
    private = _private_shares(investments, fund, rounds)
    table = investments.drop(columns=["amount"]).assign(
        sector_label=investments["sector"].map(SECTOR_LABELS),
        instrument_label=investments["instrument"].map(portfolio_data.INSTRUMENT_LABELS),
        stage=np.where(investments["is_follow_on"], "follow_on", "initial"),
        status_label=investments["status"].map(portfolio_data.STATUS_LABELS),
        vintage=[d.year for d in investments["invested_on"]],
        cost=money_list(cost),
        fees=money_list(fees),
        realised=money_list(realised),
        fair_value=money_list(fair),
        total_value=money_list(realised + fair),
        moic=np.divide(realised + fair, cost, out=np.full(len(ids), np.nan), where=cost > 0),
        irr=_irrs(ids, flows, fair, as_of),
        fund_money=money_list(fund),
        private_coinvestment=money_list(private),
        leverage=np.divide(private, fund, out=np.full(len(ids), np.nan), where=fund > 0),
    )
    table["stage_label"] = table["stage"].map(STAGE_LABELS)
    return table, _round_table(investments, fund, rounds)


def _fair_values(investments: pd.DataFrame, valuations: pd.DataFrame) -> np.ndarray:
    ids = investments["investment_id"].to_numpy()
    latest = (
        pd.Series(pennies(valuations["fair_value"]))
        .groupby(valuations["investment_id"].to_numpy())
        .last()  # valuations come oldest first, a later record winning a tie
    )
    fair = latest.reindex(ids, fill_value=0).to_numpy(dtype=np.int64)
    converted = set(investments["converted_from_id"].dropna().astype(int))
    fair[np.isin(ids, list(converted))] = 0
    return fair


def _irrs(ids: np.ndarray, flows: pd.DataFrame, fair: np.ndarray, as_of: date) -> np.ndarray:
    held = fair > 0
    frame = pd.DataFrame(
        {
            "series_id": np.concatenate([flows["investment_id"].to_numpy(), ids[held]]),
            "date": np.concatenate(
                [days(flows["date"]), np.full(held.sum(), np.datetime64(as_of, "D"))]
            ),
            "amount": np.concatenate([pennies(flows["amount"]) / 100.0, fair[held] / 100.0]),
        }
    )
    if frame.empty:
        return np.full(len(ids), np.nan)
    return xirr_frame(frame).reindex(ids).to_numpy(dtype=float)


def _private_shares(
    investments: pd.DataFrame, fund: np.ndarray, rounds: pd.DataFrame
) -> np.ndarray:
    positions: dict[int, list[int]] = defaultdict(list)
    for position, (round_id, money_in) in enumerate(
        zip(investments["round_id"], fund, strict=True)
    ):
        if money_in > 0:
            positions[int(round_id)].append(position)
    private = np.zeros(len(investments), dtype=np.int64)
    for round_id, amount in zip(rounds["round_id"], rounds["private_same_terms"], strict=True):
        members = positions.get(int(round_id))
        if not members or amount == 0:
            continue
        weights = [Decimal(int(fund[m])) for m in members]
        for member, part in zip(members, split_pro_rata(amount, weights), strict=True):
            private[member] = int(part.scaleb(2))
    return private


def _round_table(investments: pd.DataFrame, fund: np.ndarray, rounds: pd.DataFrame) -> pd.DataFrame:
    by_round = pd.DataFrame(
        {
            "round_id": investments["round_id"].to_numpy(),
            "fund_p": fund,
            "follow_on": investments["is_follow_on"].to_numpy(dtype=bool),
            "company": investments["company"].to_numpy(),
            "round_name": investments["round_name"].to_numpy(),
        }
    )
    by_round = by_round[by_round["fund_p"] > 0]
    grouped = by_round.groupby("round_id").agg(
        fund_p=("fund_p", "sum"),
        follow_on=("follow_on", "any"),
        company=("company", "first"),
        round_name=("round_name", "first"),
    )
    table = rounds[rounds["round_id"].isin(grouped.index)].copy()
    joined = grouped.reindex(table["round_id"].to_numpy())
    fund_p = joined["fund_p"].to_numpy(dtype=np.int64)
    table = table.drop(columns=["fund_amount"]).assign(
        company=joined["company"].to_numpy(),
        round_name=joined["round_name"].to_numpy(),
        stage=np.where(joined["follow_on"].to_numpy(dtype=bool), "follow_on", "initial"),
        fund_money=money_list(fund_p),
    )
    table["stage_label"] = table["stage"].map(STAGE_LABELS)
    table["deal_leverage"] = [
        as_float(ratio(p, f))
        for p, f in zip(table["private_same_terms"], table["fund_money"], strict=True)
    ]
    return table.reset_index(drop=True)


def grant_calls(grants: grants_data.GrantsData) -> pd.DataFrame:
    """Each call's budget as of the date, by ``grants.budget``'s rule: reserved = pending +
    committed; remaining = budget − reserved."""
    paid_by_app: dict[int, Decimal] = defaultdict(Decimal)
    for payment in grants.payments:
        paid_by_app[payment.application_id] += payment.amount
    figures = {c.call_id: defaultdict(Decimal) for c in grants.calls}
    for app in grants.applications:
        row = figures[app.call_id]
        awarded = app.amount_awarded or Decimal(0)
        row["awarded"] += awarded
        row["paid"] += paid_by_app.get(app.application_id, Decimal(0))
        if app.status in grants_data.PENDING_STATES:
            row["pending"] += awarded
        elif app.status in grants_data.OPEN_COMMITMENT_STATES:
            row["committed"] += awarded
        elif app.status == grants_data.CLOSED_STATE:
            row["committed"] += paid_by_app.get(app.application_id, Decimal(0))
    columns = ["call_id", "name", "budget", "awarded", "pending", "committed", "paid", "remaining"]
    rows = []
    for call in grants.calls:
        row = figures[call.call_id]
        reserved = row["pending"] + row["committed"]
        rows.append(
            (
                call.call_id,
                call.name,
                call.budget,
                *(row[k] + Decimal("0.00") for k in ("awarded", "pending", "committed", "paid")),
                call.budget - reserved,
            )
        )
    return pd.DataFrame(rows, columns=columns)
