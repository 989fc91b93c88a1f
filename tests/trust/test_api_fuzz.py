"""API fuzzing: schemathesis generates requests from /api/schema/ for every operation, as
every role, and checks that nothing answers 5xx and every documented response matches the
schema. The number of cases is bounded (FUZZ_EXAMPLES per operation and role)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from fundops.wsgi import application
from tests.fundops.factories import FundCapitalFactory, OrganisationFactory, UserFactory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 8))
ROLES = [
    "anonymous",
    "applicant",
    "assessor",
    "fund_manager",
    "ic_member",
    "finance_officer",
    "board_member",
]

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # type: ignore[no-untyped-def]
    """Schemathesis calls the WSGI app directly, not through Django's test client, so the
    request signals would close the test's database connection (inside its transaction) at
    the end of every request; the test client disconnects them the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def role_headers(db):  # type: ignore[no-untyped-def]
    """A token per role, and some records for the ids the fuzzer guesses to find."""
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ROLES[1:]:
        user = UserFactory.with_role(role)
        if role == "applicant":
            OrganisationFactory(members=[user])
        headers[role] = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    OrganisationFactory.create_batch(3)
    FundCapitalFactory()
    return headers


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_no_schema_violations(case, role, role_headers):
    case.call_and_validate(
        headers=role_headers[role],
        checks=[not_a_server_error, response_schema_conformance],
    )
