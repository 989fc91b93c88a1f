"""Calendar helpers: month arithmetic and calendar quarter-ends (31 Mar, 30 Jun, 30 Sep, 31 Dec)."""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["add_months", "month_end", "quarter_end", "quarter_ends"]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole months, the day clamped to the month's length.

    Always counted from ``start``, never step by step, so a loan dated 31 January pays on
    28/29 February and then 31 March again rather than drifting to the 28th.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def quarter_end(day: date) -> date:
    """The last day of the calendar quarter ``day`` falls in."""
    return month_end(day.year, 3 * ((day.month - 1) // 3) + 3)


def quarter_ends(start: date, end: date) -> list[date]:
    """Every calendar quarter-end ``q`` with ``start <= q <= end``, ascending."""
    ends: list[date] = []
    current = quarter_end(start)
    while current <= end:
        ends.append(current)
        current = quarter_end(add_months(current.replace(day=1), 3))
    return ends
