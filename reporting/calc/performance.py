"""Gross IRR of an investment or a group, as of any date and quarter by quarter.

The rule, everywhere: take the cash flows dated up to the as-of date, and add the latest fair
value on or before that date as one final positive flow dated at the as-of date, as if the
holding were sold at that value that day. A group (a sector, a vintage, the whole portfolio)
pools the flows of all its investments and adds the sum of their fair values as that one
final flow; never an average of the investments' IRRs.

Gross: the flows are the investments' own, before the fund's fees and costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .multiples import CashFlow, Valuation, latest_valuation
from .periods import quarter_ends
from .xirr import xirr
from .xirr_batch import xirr_many

__all__ = [
    "InvestmentHistory",
    "gross_irr",
    "group_irr",
    "group_irr_flows",
    "group_irr_over_time",
    "irr_as_of",
    "irr_flows",
    "irr_over_time",
]


@dataclass(frozen=True, slots=True)
class InvestmentHistory:
    """Everything one investment's IRR needs: its cash flows and its valuations."""

    flows: tuple[CashFlow, ...]
    valuations: tuple[Valuation, ...] = field(default=())


def group_irr_flows(members: Iterable[InvestmentHistory], as_of: date) -> list[CashFlow]:
    """The series behind a group's IRR as of ``as_of``: every member's flows up to that date,
    then the sum of their latest fair values as one flow on that date (left out when zero).

    Shown on audit pages and exports so a reader can redo the IRR in a spreadsheet.
    """
    series: list[CashFlow] = []
    residual = Decimal(0)
    for member in members:
        series.extend(flow for flow in member.flows if flow.date <= as_of)
        valuation = latest_valuation(member.valuations, as_of)
        if valuation is not None:
            residual += valuation.fair_value
    if residual:
        series.append(CashFlow(as_of, residual))
    return series


def irr_flows(
    flows: Iterable[CashFlow], valuations: Iterable[Valuation], as_of: date
) -> list[CashFlow]:
    """The series behind one investment's IRR as of ``as_of`` (see ``group_irr_flows``)."""
    return group_irr_flows([InvestmentHistory(tuple(flows), tuple(valuations))], as_of)


def irr_as_of(
    flows: Iterable[CashFlow], valuations: Iterable[Valuation], as_of: date
) -> float | None:
    """Gross IRR of one investment as of ``as_of``: later flows and valuations are ignored."""
    return _irr(irr_flows(flows, valuations, as_of))


def gross_irr(
    flows: Iterable[CashFlow], valuations: Iterable[Valuation], as_of: date | None = None
) -> float | None:
    """Gross IRR of one investment; to date (its latest flow or valuation) when no date."""
    history = InvestmentHistory(tuple(flows), tuple(valuations))
    return group_irr([history], as_of)


def group_irr(members: Iterable[InvestmentHistory], as_of: date | None = None) -> float | None:
    """Gross IRR of a group, pooled, as of ``as_of`` (to date when ``None``).

    Worked example: A pays 100 on 2020-01-01 and is worth 150 on 2021-01-01; B pays 100 on
    2020-01-01 and is worth 50 then. Pooled: -200, then 200 366 days later, so 0 %. (Averaging
    A's +49.9 % and B's -49.9 % happens to agree here; it stops agreeing as soon as the two
    differ in size or in timing, which is why the flows are pooled.)
    """
    members = list(members)
    when = as_of if as_of is not None else _latest_date(members)
    return None if when is None else _irr(group_irr_flows(members, when))


def irr_over_time(
    flows: Iterable[CashFlow], valuations: Iterable[Valuation], start: date, end: date
) -> list[tuple[date, float | None]]:
    """(quarter-end, gross IRR as of it) for every calendar quarter-end from start to end."""
    history = InvestmentHistory(tuple(flows), tuple(valuations))
    return group_irr_over_time([history], start, end)


def group_irr_over_time(
    members: Iterable[InvestmentHistory], start: date, end: date
) -> list[tuple[date, float | None]]:
    """(quarter-end, pooled gross IRR as of it) for a group, one row per quarter-end.

    All quarters are solved in one ``xirr_many`` call; ``None`` where a quarter has no rate
    (nothing invested yet, or nothing back and nothing left).
    """
    members = list(members)
    ends = quarter_ends(start, end)
    series = []
    for quarter in ends:
        flows = group_irr_flows(members, quarter)
        series.append(([f.date for f in flows], [f.amount for f in flows]))
    return list(zip(ends, xirr_many(series), strict=True))


def _irr(series: Sequence[CashFlow]) -> float | None:
    return xirr([f.date for f in series], [f.amount for f in series])


def _latest_date(members: Sequence[InvestmentHistory]) -> date | None:
    dates = [f.date for m in members for f in m.flows] + [
        v.date for m in members for v in m.valuations
    ]
    return max(dates, default=None)
