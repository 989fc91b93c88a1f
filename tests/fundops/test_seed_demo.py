from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from fundops.models import Fund, Organisation, User

pytestmark = pytest.mark.django_db


def _seed(seed: int = 2026) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--seed", str(seed), stdout=out)
    return out.getvalue()


def _snapshot() -> list[tuple[str, str, str, int]]:
    return list(
        Organisation.objects.order_by("name").values_list(
            "name", "company_number", "registered_postcode", "headcount"
        )
    )


def test_seed_demo_is_idempotent_deterministic_and_prints_one_login_per_role():
    output = _seed(7)
    counts = (User.objects.count(), Organisation.objects.count(), Fund.objects.count())
    snapshot = _snapshot()

    _seed(7)  # again: nothing changes
    assert (User.objects.count(), Organisation.objects.count(), Fund.objects.count()) == counts
    assert _snapshot() == snapshot

    # From an empty database, the same seed builds the same fund.
    if connection.vendor == "postgresql":
        # The test runs inside a transaction: PostgreSQL refuses to TRUNCATE
        # tables with deferred foreign-key checks still pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    _seed(7)
    assert _snapshot() == snapshot
    for role in [
        "Fund manager",
        "Investment committee member",
        "Assessor",
        "Finance officer",
        "Board member",
        "Applicant",
    ]:
        assert role in output


def test_demo_companies_are_believable(settings):
    settings.DEMO_SEEDERS = ["fundops.demo.seed"]
    _seed()
    numbers = Organisation.objects.values_list("company_number", flat=True)
    assert all(len(n) == 8 and n.isdigit() for n in numbers)
    assert Organisation.objects.count() >= 40
    sub_sectors = set(Organisation.objects.values_list("sub_sector", flat=True))
    assert {
        "diagnostics",
        "medical_devices",
        "digital_health",
        "assistive_technology",
    } <= sub_sectors
    fund = Fund.objects.get()
    assert fund.public_capital() > 0
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_superuser and admin.check_password(settings.DEMO_PASSWORD)
