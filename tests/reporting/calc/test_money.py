"""Pennies and pro-rata splits that never create or lose a penny."""

from decimal import Decimal

import pytest

from reporting.calc import ratio, split_pro_rata, to_pennies


def test_hundred_pounds_in_three_equal_parts() -> None:
    parts = split_pro_rata(Decimal("100.00"), [Decimal(1)] * 3)
    assert parts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


@pytest.mark.parametrize(
    ("total", "weights"),
    [
        ("0.01", ["1", "1", "1"]),
        ("10.00", ["1", "2", "3", "4", "5", "6", "7"]),
        ("999999.99", ["0.3333", "0.3333", "0.3334"]),
        ("1.00", ["0", "7", "0", "3"]),
        ("-100.00", ["1", "1", "1"]),
        ("12345.67", ["250000", "1000000", "33333.33"]),
    ],
)
def test_parts_always_sum_to_the_total(total: str, weights: list[str]) -> None:
    parts = split_pro_rata(Decimal(total), [Decimal(w) for w in weights])
    assert sum(parts) == Decimal(total)
    assert all(part == part.quantize(Decimal("0.01")) for part in parts)


def test_the_spare_penny_goes_to_the_largest_remainder() -> None:
    # 1.00 split 2:1 -> exact shares 0.666... and 0.333...: the spare penny goes to the first.
    assert split_pro_rata(Decimal("1.00"), [Decimal(2), Decimal(1)]) == [
        Decimal("0.67"),
        Decimal("0.33"),
    ]


def test_a_refund_mirrors_the_charge() -> None:
    weights = [Decimal(1)] * 3
    assert split_pro_rata(Decimal("-100.00"), weights) == [
        -part for part in split_pro_rata(Decimal("100.00"), weights)
    ]


def test_zero_weight_gets_nothing() -> None:
    assert split_pro_rata(Decimal("5.00"), [Decimal(0), Decimal(1)]) == [
        Decimal("0.00"),
        Decimal("5.00"),
    ]


@pytest.mark.parametrize(
    ("total", "weights"),
    [("1.001", ["1"]), ("1.00", ["0", "0"]), ("1.00", ["-1", "2"]), ("1.00", [])],
)
def test_bad_splits_are_refused(total: str, weights: list[str]) -> None:
    with pytest.raises(ValueError):
        split_pro_rata(Decimal(total), [Decimal(w) for w in weights])


def test_to_pennies_rounds_halves_away_from_zero() -> None:
    assert to_pennies(Decimal("2.675")) == Decimal("2.68")
    assert to_pennies(Decimal("-2.675")) == Decimal("-2.68")
    assert to_pennies(2.675) == Decimal("2.68")  # the decimal typed, not the binary float
    assert to_pennies(3) == Decimal("3.00")


def test_ratio_is_none_on_a_zero_denominator() -> None:
    assert ratio(Decimal(1), Decimal(0)) is None
    assert ratio(Decimal(1), Decimal(4)) == Decimal("0.25")
