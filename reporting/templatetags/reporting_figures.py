"""Filters for the figures fund_metrics returns: money as strings, rates as floats or None."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from fundops.money import format_gbp

register = template.Library()


@register.filter
def gbp(value: Decimal | str | int | None) -> str:
    """'1234.5' → £1,234.50; "–" for no value."""
    if value is None or value == "":
        return "–"
    try:
        return format_gbp(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


@register.filter
def pct(value: float | str | None, places: int = 1) -> str:
    """0.1234 → 12.3 %; "–" for no rate."""
    if value is None or value == "":
        return "–"
    return f"{float(value) * 100:,.{places}f}%"


@register.filter
def times(value: float | str | None) -> str:
    """A multiple: 1.234 → 1.23×; "–" when there is none."""
    if value is None or value == "":
        return "–"
    return f"{float(value):,.2f}×"
