"""Money helpers: GBP as Decimal, quantised once, at the end, to the penny."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def to_pennies(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def format_gbp(value: Decimal | None) -> str:
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(to_pennies(value)):,.2f}"
