from __future__ import annotations

from decimal import Decimal

from django import template

from fundops.money import format_gbp

register = template.Library()


@register.filter
def gbp(value: Decimal | int | None) -> str:
    """-£1,500.00 rather than £-1,500.00; "–" for no value."""
    return format_gbp(None if value is None else Decimal(value))
