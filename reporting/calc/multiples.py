"""Cash flows, valuations and the fund multiples TVPI, DPI, RVPI and MOIC.

Sign convention, from the fund's side of each investment (the same as XIRR's): a negative
amount is money paid in (out of the fund, into the company); a positive amount is money back
(repayments, interest, dividends, sale proceeds).

* paid-in: the money that went out of the fund, the sum of the negative amounts, made positive;
* distributions: the money that came back, the sum of the positive amounts;
* residual value: the latest fair value on or before the date (zero when there is none).

All multiples are unrounded ``Decimal`` (28 significant digits), ``None`` when paid-in is zero;
rounding them for display is the caller's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import ratio

__all__ = [
    "CashFlow",
    "Multiples",
    "Valuation",
    "distributions",
    "dpi",
    "latest_valuation",
    "moic",
    "multiples",
    "paid_in",
    "rvpi",
    "tvpi",
]


@dataclass(frozen=True, slots=True)
class CashFlow:
    """One movement of money: negative paid in by the fund, positive received back."""

    date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Valuation:
    """A fair value of a holding on a date (not a cash flow: money still invested)."""

    date: date
    fair_value: Decimal

    def __post_init__(self) -> None:
        if self.fair_value < 0:
            raise ValueError(f"fair value {self.fair_value} on {self.date} must not be negative")


@dataclass(frozen=True, slots=True)
class Multiples:
    """The figures behind the multiples, and the multiples themselves, as of one date."""

    as_of: date | None
    paid_in: Decimal
    distributions: Decimal
    residual: Decimal
    dpi: Decimal | None
    rvpi: Decimal | None
    tvpi: Decimal | None
    moic: Decimal | None


def latest_valuation(valuations: Iterable[Valuation], as_of: date) -> Valuation | None:
    """The latest valuation dated on or before ``as_of``, or ``None``.

    Two on the same date: the one listed last wins, as a revaluation recorded later replaces
    the earlier figure for that day.
    """
    latest: Valuation | None = None
    for valuation in valuations:
        if valuation.date <= as_of and (latest is None or valuation.date >= latest.date):
            latest = valuation
    return latest


def paid_in(flows: Iterable[CashFlow], as_of: date | None = None) -> Decimal:
    """Money out of the fund (the negative amounts, as a positive sum) up to ``as_of``."""
    return -sum((f.amount for f in _upto(flows, as_of) if f.amount < 0), Decimal(0))


def distributions(flows: Iterable[CashFlow], as_of: date | None = None) -> Decimal:
    """Money back to the fund (the positive amounts) up to ``as_of``."""
    return sum((f.amount for f in _upto(flows, as_of) if f.amount > 0), Decimal(0))


def dpi(paid: Decimal, distributed: Decimal) -> Decimal | None:
    """Distributions to paid-in: the part of the money paid in that has come back in cash."""
    return ratio(distributed, paid)


def rvpi(paid: Decimal, residual: Decimal) -> Decimal | None:
    """Residual value to paid-in: the part still held, at its latest fair value."""
    return ratio(residual, paid)


def tvpi(paid: Decimal, distributed: Decimal, residual: Decimal) -> Decimal | None:
    """Total value to paid-in: (distributions + residual value) / paid-in = DPI + RVPI."""
    return ratio(distributed + residual, paid)


def moic(invested: Decimal, realised: Decimal, unrealised: Decimal) -> Decimal | None:
    """Multiple on invested capital, gross: (realised + unrealised value) / capital invested.

    The denominator is only the money that went into companies, where TVPI's paid-in at fund
    level also counts fees and costs. Per investment, with no fees in its flows, the two are
    the same number.
    """
    return ratio(realised + unrealised, invested)


def multiples(
    flows: Iterable[CashFlow], valuations: Iterable[Valuation], as_of: date | None = None
) -> Multiples:
    """All the multiples of one holding (or of a group, given all its flows and the sum of its
    latest fair values as one valuation) as of ``as_of``; everything to date when ``None``.

    Worked example: paid in 1,000,000 (two calls of 600,000 and 400,000), 250,000 back,
    latest fair value 1,250,000 -> DPI 0.25, RVPI 1.25, TVPI = MOIC = 1.5.
    """
    flows = list(flows)
    valuations = list(valuations)
    if as_of is None:
        valuation = max(valuations, key=lambda v: v.date, default=None)
        valuation = latest_valuation(valuations, valuation.date) if valuation else None
    else:
        valuation = latest_valuation(valuations, as_of)
    paid = paid_in(flows, as_of)
    distributed = distributions(flows, as_of)
    residual = valuation.fair_value if valuation else Decimal(0)
    return Multiples(
        as_of=as_of,
        paid_in=paid,
        distributions=distributed,
        residual=residual,
        dpi=dpi(paid, distributed),
        rvpi=rvpi(paid, residual),
        tvpi=tvpi(paid, distributed, residual),
        moic=moic(paid, distributed, residual),
    )


def _upto(flows: Iterable[CashFlow], as_of: date | None) -> Iterable[CashFlow]:
    return flows if as_of is None else (f for f in flows if f.date <= as_of)
