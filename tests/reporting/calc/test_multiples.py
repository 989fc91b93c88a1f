"""TVPI, DPI, RVPI and MOIC on worked examples a finance user can redo by hand."""

from datetime import date
from decimal import Decimal

import pytest

from reporting.calc import (
    CashFlow,
    Valuation,
    distributions,
    dpi,
    latest_valuation,
    moic,
    multiples,
    paid_in,
    rvpi,
    tvpi,
)

# Worked example, checked by hand:
#   paid in: 600,000 (2019-03-01) + 400,000 (2020-06-30)      = 1,000,000
#   distributions: 100,000 (2021-05-01) + 150,000 (2022-09-30) =   250,000
#   latest fair value on or before 2023-12-31: 1,250,000 (2023-12-31)
#   DPI = 250,000 / 1,000,000 = 0.25; RVPI = 1,250,000 / 1,000,000 = 1.25
#   TVPI = (250,000 + 1,250,000) / 1,000,000 = 1.5 = DPI + RVPI
FLOWS = [
    CashFlow(date(2019, 3, 1), Decimal("-600000.00")),
    CashFlow(date(2020, 6, 30), Decimal("-400000.00")),
    CashFlow(date(2021, 5, 1), Decimal("100000.00")),
    CashFlow(date(2022, 9, 30), Decimal("150000.00")),
]
VALUATIONS = [
    Valuation(date(2022, 12, 31), Decimal("900000.00")),
    Valuation(date(2023, 12, 31), Decimal("1250000.00")),
    Valuation(date(2024, 6, 30), Decimal("2000000.00")),  # after the as-of date: ignored
]
AS_OF = date(2023, 12, 31)


def test_worked_example() -> None:
    result = multiples(FLOWS, VALUATIONS, AS_OF)
    assert result.paid_in == Decimal("1000000.00")
    assert result.distributions == Decimal("250000.00")
    assert result.residual == Decimal("1250000.00")
    assert result.dpi == Decimal("0.25")
    assert result.rvpi == Decimal("1.25")
    assert result.tvpi == Decimal("1.5")
    assert result.moic == Decimal("1.5")  # no fees in an investment's own flows


def test_tvpi_is_dpi_plus_rvpi() -> None:
    result = multiples(FLOWS, VALUATIONS, AS_OF)
    assert result.dpi is not None and result.rvpi is not None
    assert result.tvpi == result.dpi + result.rvpi


def test_tvpi_is_dpi_plus_rvpi_for_awkward_thirds() -> None:
    # 1/3 and 2/3 do not terminate: the identity holds to the 28th digit.
    paid, back, held = Decimal("300.00"), Decimal("100.00"), Decimal("200.00")
    total, realised, unrealised = tvpi(paid, back, held), dpi(paid, back), rvpi(paid, held)
    assert total is not None and realised is not None and unrealised is not None
    assert abs(total - (realised + unrealised)) <= Decimal("1e-27")
    assert total == Decimal(1)


def test_multiples_are_none_when_nothing_was_paid_in() -> None:
    result = multiples([CashFlow(date(2020, 1, 1), Decimal("50.00"))], [], date(2020, 12, 31))
    assert (result.dpi, result.rvpi, result.tvpi, result.moic) == (None, None, None, None)


def test_multiples_to_date_use_the_latest_valuation() -> None:
    result = multiples(FLOWS, VALUATIONS)
    assert result.residual == Decimal("2000000.00")
    assert result.tvpi == Decimal("2.25")


def test_flows_after_the_date_are_ignored() -> None:
    assert paid_in(FLOWS, date(2019, 12, 31)) == Decimal("600000.00")
    assert distributions(FLOWS, date(2021, 12, 31)) == Decimal("100000.00")


def test_moic_counts_only_capital_invested() -> None:
    # Fund level: 1,000,000 into companies plus 100,000 of fees paid in by investors.
    assert moic(Decimal("1000000"), Decimal("500000"), Decimal("1000000")) == Decimal("1.5")
    assert tvpi(Decimal("1100000"), Decimal("500000"), Decimal("1000000")) == pytest.approx(
        Decimal("1.363636"), abs=Decimal("0.000001")
    )


def test_latest_valuation_on_or_before_the_date() -> None:
    assert latest_valuation(VALUATIONS, date(2023, 6, 30)) == VALUATIONS[0]
    assert latest_valuation(VALUATIONS, date(2023, 12, 31)) == VALUATIONS[1]
    assert latest_valuation(VALUATIONS, date(2022, 12, 30)) is None


def test_a_revaluation_recorded_later_on_the_same_day_wins() -> None:
    first = Valuation(date(2023, 3, 31), Decimal("100.00"))
    corrected = Valuation(date(2023, 3, 31), Decimal("90.00"))
    assert latest_valuation([first, corrected], date(2023, 3, 31)) == corrected


def test_a_negative_fair_value_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Valuation(date(2023, 3, 31), Decimal("-1.00"))
