"""Field factories shared by the portfolio models (money to the penny, prices to 6 places)."""

from __future__ import annotations

from typing import Any

from django.db import models


def money(verbose_name: str | None = None, **kwargs: Any) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def price(verbose_name: str | None = None, **kwargs: Any) -> models.DecimalField:  # type: ignore[type-arg]
    """Prices per share carry more places than money: cost = shares × price, then pennies."""
    return models.DecimalField(verbose_name, max_digits=20, decimal_places=6, **kwargs)


def rate(verbose_name: str | None = None, **kwargs: Any) -> models.DecimalField:  # type: ignore[type-arg]
    """A fraction: 0.0800 is 8 %."""
    return models.DecimalField(verbose_name, max_digits=7, decimal_places=4, **kwargs)
