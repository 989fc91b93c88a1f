"""Every API list endpoint runs the same number of queries for 3 rows as for 15: no N+1.

The endpoints are found in the URL resolver (every DRF view with a list action, so new apps'
lists are checked without editing this file). A world of records is built at size 3, every
list is read as the first staff role allowed to read it, then the world grows to 15 of each
and the lists are read again. An endpoint whose row count did not grow (no builder here makes
its records yet) is skipped and named in the output, not failed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.mixins import ListModelMixin
from rest_framework.test import APIClient

from fundops.services.documents import document_upload
from fundops.services.organisations import organisation_transition
from grants.models import OutcomeReport
from grants.services import payments
from portfolio.services import deals
from portfolio.services.investments import CoInvestment
from portfolio.services.monitoring import monitoring_return_create
from portfolio.services.valuations import valuation_record
from tests.fundops.factories import FundCapitalFactory, FundFactory, OrganisationFactory
from tests.grants.conftest import Walk
from tests.grants.factories import ApplicationFactory, CallFactory
from tests.portfolio.deals.conftest import TERMS as DEAL_TERMS
from tests.portfolio.factories import co_investor, equity_investment

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 15
STAFF_ORDER = ["fund_manager", "finance_officer", "ic_member", "board_member", "assessor"]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def list_endpoints() -> list[str]:
    """URL paths of every DRF list view that takes no URL arguments."""

    def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Any]]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry.callback

    found = []
    for route, callback in walk(get_resolver()):
        view_class = getattr(callback, "cls", None)
        if view_class is not None and issubclass(view_class, ListModelMixin):
            found.append("/" + route)
    return found


class World:
    """Records for every list, grown ``n`` at a time through the real services."""

    def __init__(self, make_user: Any, applicant: Any) -> None:
        self.walk = Walk(make_user, applicant)
        self.manager = self.walk.manager
        self.serial = count(1)
        # One grant in delivery carries the claims, payments and clawbacks: £5,000 awarded.
        self.delivery = self.walk.accepted(costs=[("Rig", "equipment", Decimal("30000.00"))])

    def grow(self, n: int) -> None:
        walk, manager = self.walk, self.manager
        for _ in range(n):
            i = next(self.serial)
            organisation = OrganisationFactory()
            organisation_transition(organisation=organisation, to="suspended", by=manager)
            document_upload(
                file=SimpleUploadedFile(f"plan-{i}.pdf", PDF),
                attach_to=organisation,
                by=manager,
                description="plan",
            )
            fund = FundFactory()
            FundCapitalFactory(fund=fund, amount=Decimal("5000000.00"))
            CallFactory()
            deal = deals.deal_create(
                organisation=OrganisationFactory(members=[walk.applicant]),
                fund=fund,
                by=walk.applicant,
                **DEAL_TERMS,
            )
            deals.deal_co_investor_add(
                deal=deal, by=walk.applicant, name=f"Angels {i}", amount=Decimal("150000.00")
            )
            deals.deal_submit(deal=deal, by=walk.applicant)
            # Two assessors assigned, one has scored (the list nests scores and criteria).
            walk.score(walk.in_assessment(), walk.assessors[0], 4)
            OutcomeReport.objects.create(
                application=ApplicationFactory(), kind="m6", due_on=date(2026, 12, 31)
            )
            walk.paid_claim(self.delivery, key=f"pay-{i}", amount=Decimal("10.00"))
            payments.clawback_raise(
                application=self.delivery, by=manager, amount=Decimal("0.01"), reason="overpaid"
            )
            holding = equity_investment(
                by=manager,
                organisation=organisation,
                round_name=f"Seed {i}",
                co_investors=[CoInvestment(co_investor(f"Angel {i}"), Decimal("1000.00"))],
            )
            valuation_record(
                investment=holding,
                valued_on=date(2024, 3, 31),
                fair_value=Decimal("60000.00"),
                method="recent_investment",
                by=manager,
            )
            monitoring_return_create(
                organisation=organisation,
                period="quarterly",
                period_end=date(2024, 3, 31),
                due_on=date(2024, 4, 30),
                by=manager,
            )


def _clients(make_user: Any) -> dict[str, APIClient]:
    clients = {}
    for role in STAFF_ORDER:
        client = APIClient()
        client.force_authenticate(make_user(role))
        clients[role] = client
    return clients


def _measure(clients: dict[str, APIClient], url: str) -> tuple[str, int, int] | None:
    """(role, rows, queries) as the first role that may list ``url``, or None."""
    for role, client in clients.items():
        # The first call warms per-process caches (content types, the user's permissions).
        if client.get(url).status_code != 200:
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code == 200:
            body = response.json()
            rows = body.get("count", len(body.get("results", []))) if isinstance(body, dict) else 0
            return role, rows, len(queries)
    return None


def test_every_list_endpoint_runs_a_constant_number_of_queries(make_user, applicant, capsys):
    endpoints = list_endpoints()
    assert len(endpoints) >= 15, endpoints
    clients = _clients(make_user)
    world = World(make_user, applicant)
    world.grow(SMALL)
    small = {url: _measure(clients, url) for url in endpoints}
    world.grow(LARGE - SMALL)
    large = {url: _measure(clients, url) for url in endpoints}

    checked, skipped, growing = [], [], []
    for url in endpoints:
        before, after = small[url], large[url]
        if before is None or after is None or after[1] <= before[1]:
            reason = "no staff role may list it" if before is None else "no rows built"
            skipped.append(f"{url} ({reason})")
            continue
        checked.append(url)
        if after[2] != before[2]:
            growing.append(
                f"{url} as {after[0]}: {before[2]} queries for {before[1]} rows, "
                f"{after[2]} for {after[1]}"
            )
    with capsys.disabled():
        print(f"\n{len(checked)} list endpoints at constant queries, {len(skipped)} skipped:")
        for line in skipped:
            print(f"  skipped {line}")
    assert not growing, "\n".join(growing)
    assert len(checked) >= 15
