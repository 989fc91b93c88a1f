from __future__ import annotations

import random
from collections import Counter

import pytest
from django.db.models import Max, Min

from fundops.demo import DemoContext
from fundops.demo import seed as core_seed
from portfolio.demo import seed
from portfolio.models import (
    CoInvestor,
    Investment,
    LedgerEntry,
    MonitoringReturn,
    RoundParticipation,
    Valuation,
)

pytestmark = pytest.mark.django_db


def _run(seed_value: int = 2026) -> None:
    ctx = DemoContext(rng=random.Random(seed_value), seed=seed_value)
    core_seed(ctx)
    seed(ctx)


def _snapshot() -> list[tuple[object, ...]]:
    return list(
        LedgerEntry.objects.order_by("investment__reference", "date", "kind", "amount").values_list(
            "investment__reference", "date", "kind", "amount"
        )
    )


def test_demo_portfolio_is_rich_deterministic_and_idempotent(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _run()
    investments = Investment.objects.all()
    assert investments.count() >= 30
    years = investments.aggregate(first=Min("invested_on"), last=Max("invested_on"))
    assert years["first"].year == 2020 and years["last"].year == 2026
    statuses = Counter(investments.values_list("status", flat=True))
    assert statuses["written_off"] >= 1
    assert statuses["realised"] + statuses["partially_realised"] >= 1
    assert investments.filter(is_follow_on=True).count() >= 5
    assert CoInvestor.objects.count() >= 10
    assert RoundParticipation.objects.filter(source="public").exists()
    assert Valuation.objects.count() >= 300
    assert MonitoringReturn.objects.filter(status="submitted").count() >= 100
    assert MonitoringReturn.objects.filter(status="overdue").exists()
    assert LedgerEntry.objects.filter(kind="write_off", amount=0).exists()
    counts = (
        Investment.objects.count(),
        LedgerEntry.objects.count(),
        Valuation.objects.count(),
        MonitoringReturn.objects.count(),
    )
    first = _snapshot()
    _run()  # a rerun changes nothing
    assert (
        Investment.objects.count(),
        LedgerEntry.objects.count(),
        Valuation.objects.count(),
        MonitoringReturn.objects.count(),
    ) == counts
    assert _snapshot() == first
