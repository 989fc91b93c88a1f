"""Quarter-ends and month arithmetic."""

from datetime import date

import pytest

from reporting.calc import add_months, quarter_end, quarter_ends


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2024, 1, 1), date(2024, 3, 31)),
        (date(2024, 3, 31), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 6, 30)),
        (date(2024, 8, 15), date(2024, 9, 30)),
        (date(2024, 12, 31), date(2024, 12, 31)),
    ],
)
def test_quarter_end(day: date, end: date) -> None:
    assert quarter_end(day) == end


def test_quarter_ends_between_two_dates_inclusive() -> None:
    assert quarter_ends(date(2023, 3, 31), date(2024, 3, 31)) == [
        date(2023, 3, 31),
        date(2023, 6, 30),
        date(2023, 9, 30),
        date(2023, 12, 31),
        date(2024, 3, 31),
    ]
    assert quarter_ends(date(2024, 4, 1), date(2024, 6, 29)) == []


def test_add_months_clamps_to_month_end_without_drifting() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 1, 31), 2) == date(2024, 3, 31)
    assert add_months(date(2023, 12, 15), 1) == date(2024, 1, 15)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
