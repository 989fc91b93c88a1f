"""Money helpers: Decimal amounts to the penny, exact ratios and pro-rata splits.

Money is always :class:`~decimal.Decimal`. Ratios (multiples, leverage) are returned unrounded
(28 significant digits, from a fixed context so a caller's ``getcontext()`` cannot change them);
rounding for display is the caller's job, e.g. ``ratio.quantize(Decimal("0.01"))``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

PENNY = Decimal("0.01")

# A private context: Decimal division obeys the thread's current context, and a caller who set a
# low precision (or a trap) elsewhere must not change the figures this package reports.
RATIO_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


def to_pennies(value: Decimal | int | float | str) -> Decimal:
    """Round to the penny, halves away from zero (the convention on statements and in Excel).

    A float is read through its shortest repr, so ``2.675`` rounds as the decimal 2.675 a person
    typed (to 2.68), not as the binary number just below it.
    """
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator / denominator`` unrounded, or ``None`` when the denominator is zero."""
    if denominator == 0:
        return None
    return RATIO_CONTEXT.divide(numerator, denominator)


def split_pro_rata(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` so that the parts sum exactly to ``total``.

    Largest-remainder method (as hordak's ``ratio_split``): every part gets its exact share
    rounded down to the penny, then the pennies left over go one each to the parts with the
    largest remainders, ties to the earlier part. ``100.00`` over three equal weights gives
    ``33.34, 33.33, 33.33``. A negative total is split as its absolute value, then negated, so
    refunds mirror charges.

    Raises ``ValueError`` when ``total`` is not a whole number of pennies (rounding it here would
    create or lose money silently), when a weight is negative, or when the weights sum to zero.
    """
    if total != total.quantize(PENNY):
        raise ValueError(f"total {total} is not a whole number of pennies")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights, Decimal(0))
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")
    sign = -1 if total < 0 else 1
    pennies = int(abs(total) / PENNY)
    # Fractions keep the shares exact: a Decimal division here could round a remainder and hand
    # the spare penny to the wrong part.
    shares = [Fraction(pennies) * Fraction(weight) / Fraction(weight_sum) for weight in weights]
    floors = [int(share) for share in shares]
    left_over = pennies - sum(floors)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in by_remainder[:left_over]:
        floors[i] += 1
    return [Decimal(sign * part) * PENNY for part in floors]
