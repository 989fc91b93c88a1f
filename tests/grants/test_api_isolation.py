"""An applicant gets 404 on every grants endpoint for another organisation's records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import MatchFunding, MFADeclaration
from grants.services import payments
from tests.grants.conftest import Walk

pytestmark = pytest.mark.django_db

# (url name, method, which record's pk)
ENDPOINTS = [
    ("grants-application-detail", "get", "application"),
    ("grants-application-detail", "patch", "application"),
    ("grants-cost-line-add", "post", "application"),
    ("grants-match-funding-add", "post", "application"),
    ("grants-mfa-declaration-add", "post", "application"),
    ("grants-application-submit", "post", "application"),
    ("grants-application-withdraw", "post", "application"),
    ("grants-application-respond", "post", "application"),
    ("grants-offer", "get", "application"),
    ("grants-offer-accept", "post", "application"),
    ("grants-offer-confirm-mfa", "post", "application"),
    ("grants-application-claims", "get", "application"),
    ("grants-application-claims", "post", "application"),
    ("grants-application-request-info", "post", "application"),
    ("grants-application-eligibility", "post", "application"),
    ("grants-assignment-create", "post", "application"),
    ("grants-application-start-assessment", "post", "application"),
    ("grants-application-send-to-panel", "post", "application"),
    ("grants-application-approve", "post", "application"),
    ("grants-application-reject", "post", "application"),
    ("grants-offer-send", "post", "application"),
    ("grants-application-timings", "get", "application"),
    ("grants-clawback-raise", "post", "application"),
    ("grants-cost-line-detail", "patch", "cost_line"),
    ("grants-cost-line-detail", "delete", "cost_line"),
    ("grants-cost-line-quote", "post", "cost_line"),
    ("grants-match-funding-detail", "delete", "match_funding"),
    ("grants-mfa-declaration-detail", "delete", "mfa_declaration"),
    ("grants-assignment-declare", "post", "assignment"),
    ("grants-assignment-score", "post", "assignment"),
    ("grants-claim-detail", "get", "claim"),
    ("grants-claim-line-add", "post", "claim"),
    ("grants-claim-submit", "post", "claim"),
    ("grants-claim-approve", "post", "claim"),
    ("grants-claim-reject", "post", "claim"),
    ("grants-claim-pay", "post", "claim"),
    ("grants-claim-line-detail", "delete", "claim_line"),
    ("grants-claim-line-evidence", "post", "claim_line"),
    ("grants-claim-line-check", "post", "claim_line"),
    ("grants-clawback-resolve", "post", "clawback"),
    ("grants-outcome-report-detail", "get", "outcome_report"),
    ("grants-outcome-report-submit", "post", "outcome_report"),
]


@pytest.fixture
def others(make_user, other_applicant):  # type: ignore[no-untyped-def]
    walk = Walk(make_user, other_applicant)
    app = walk.accepted()
    claim = walk.paid_claim(app, final=True)
    clawback = payments.clawback_raise(
        application=app, by=walk.manager, amount=Decimal("10"), reason="Test"
    )
    return {
        "application": app,
        "cost_line": app.cost_lines.first(),
        "match_funding": MatchFunding.objects.create(
            application=app, source="Angel", amount=Decimal("100"), kind="private"
        ),
        "mfa_declaration": MFADeclaration.objects.create(
            application=app,
            awarding_body="X",
            received_on=app.created_at.date(),
            amount=Decimal("10"),
        ),
        "assignment": app.assignments.first(),
        "claim": claim,
        "claim_line": claim.lines.first(),
        "clawback": clawback,
        "outcome_report": app.outcome_reports.first(),
    }


def test_every_url_of_the_api_is_in_the_isolation_list():
    from grants.api.urls import urlpatterns

    # Calls belong to the fund, not to an organisation: the rest must all be listed.
    with_pk = {p.name for p in urlpatterns if "<int:pk>" in str(p.pattern)} - {
        "grants-call-detail",
        "grants-call-budget",
    }
    assert with_pk == {name for name, _, _ in ENDPOINTS}


@pytest.mark.parametrize(("name", "method", "record"), ENDPOINTS)
def test_applicant_gets_404_on_another_organisations_records(
    api_client, applicant, others, name, method, record
):
    api_client.force_authenticate(applicant)
    url = reverse(name, args=[others[record].pk])
    response = getattr(api_client, method)(url, {}, format="json")
    assert response.status_code == 404, response.content


@pytest.mark.parametrize(
    "name",
    [
        "grants-application-list",
        "grants-claim-list",
        "grants-payment-list",
        "grants-clawback-list",
        "grants-outcome-report-list",
        "grants-assignment-list",
    ],
)
def test_lists_never_show_another_organisations_records(api_client, applicant, others, name):
    api_client.force_authenticate(applicant)
    response = api_client.get(reverse(name))
    assert response.status_code == 200
    assert response.json()["count"] == 0
