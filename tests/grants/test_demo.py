from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from fundops.models import WorkflowEvent
from grants.models import Application, Call, Claim, OutcomeReport, Payment, Score
from grants.threesixty import export_build

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_every_state_and_is_idempotent():
    call_command("seed_demo", "--seed", "2026", stdout=io.StringIO())
    by_status = dict(Application.objects.values_list("status").annotate(n=Count("id")))
    assert set(by_status) == set(Application.Status.values)
    assert Application.objects.count() >= 150
    assert Call.objects.count() >= 2
    assert Score.objects.exists() and Payment.objects.exists()
    assert Claim.objects.filter(status="paid", is_final=True).exists()
    assert OutcomeReport.objects.exclude(submitted_at=None).exists()
    assert export_build().errors == []
    counts = (Application.objects.count(), WorkflowEvent.objects.count(), Payment.objects.count())

    call_command("seed_demo", "--seed", "2026", stdout=io.StringIO())

    assert counts == (
        Application.objects.count(),
        WorkflowEvent.objects.count(),
        Payment.objects.count(),
    )
