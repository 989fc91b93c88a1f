"""Every grants page, filled with records so that its per-row forms render, passes the
structural accessibility checks (labels, table header scope, heading order, no inline
style or script)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import OutcomeReport
from grants.services import applications as app_svc
from grants.services import assessment
from tests.grants.factories import pdf
from tests.grants.web.helpers import sign_in
from tests.grants.web.structure import structural_problems

pytestmark = pytest.mark.django_db


def _check(client, url: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    assert structural_problems(response.content.decode()) == [], url


def test_every_portal_page_passes_the_structural_checks(client, walk, applicant):
    draft = walk.draft()
    line = draft.cost_lines.get()
    app_svc.cost_line_quote_upload(cost_line=line, by=applicant, file=pdf("quote.pdf"))
    app_svc.match_funding_add(
        application=draft, by=applicant, source="Angel", amount=Decimal("100"), kind="private"
    )
    app_svc.mfa_declaration_add(
        application=draft,
        by=applicant,
        awarding_body="Innovate UK",
        received_on=date(2025, 6, 1),
        amount=Decimal("1000"),
    )
    asked = walk.submitted()
    app_svc.application_info_request(application=asked, by=walk.manager, question="Which?")
    offered = walk.approved()
    from grants.services import offers

    offers.offer_send(application=offered, by=walk.manager)
    delivering = walk.accepted()
    claim = walk.submitted_claim(delivering)
    from grants.services.claims import claim_create

    closed = walk.accepted()
    walk.paid_claim(closed, key="pay-closed", final=True)
    report = OutcomeReport.objects.filter(application=closed).first()
    draft_claim_app = walk.accepted()
    draft_claim = claim_create(
        application=draft_claim_app,
        by=applicant,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 2, 1),
    )

    client.force_login(applicant)
    urls = [
        reverse("grants:portal-calls"),
        reverse("grants:portal-apply", args=[draft.call_id]),
        reverse("grants:portal-applications"),
        reverse("grants:portal-application-edit", args=[draft.pk]),
        reverse("grants:portal-application", args=[draft.pk]),
        reverse("grants:portal-application", args=[asked.pk]),
        reverse("grants:portal-application-edit", args=[asked.pk]),
        reverse("grants:portal-application", args=[offered.pk]),
        reverse("grants:portal-offer", args=[offered.pk]),
        reverse("grants:portal-application", args=[delivering.pk]),
        reverse("grants:portal-claim-new", args=[delivering.pk]),
        reverse("grants:portal-claim", args=[claim.pk]),
        reverse("grants:portal-claim", args=[draft_claim.pk]),
        reverse("grants:portal-application", args=[closed.pk]),
        reverse("grants:portal-outcome-report", args=[report.pk]),
    ]
    for url in urls:
        _check(client, url)


def test_every_staff_page_passes_the_structural_checks(client, walk):
    submitted = walk.submitted()
    at_panel = walk.at_panel()
    delivering = walk.accepted()
    claim = walk.approved_claim(delivering)
    person = walk.assessors[0]
    scoring = walk.submitted()
    assessment.assignment_create(application=scoring, assessor=person, by=walk.manager)

    sign_in(client, walk.manager)
    for url in [
        reverse("grants:staff-queue"),
        reverse("grants:staff-application", args=[submitted.pk]),
        reverse("grants:staff-application", args=[at_panel.pk]),
        reverse("grants:staff-application", args=[delivering.pk]),
        reverse("grants:staff-claim", args=[claim.pk]),
    ]:
        _check(client, url)
    sign_in(client, walk.ic)
    _check(client, reverse("grants:staff-approve", args=[at_panel.pk]))
    sign_in(client, walk.finance2)
    _check(client, reverse("grants:staff-payment-release", args=[claim.pk]))
    sign_in(client, person)
    _check(client, reverse("grants:staff-declare", args=[scoring.pk]))
    _check(client, reverse("grants:staff-score", args=[at_panel.pk]))


def test_the_checker_finds_what_it_looks_for():
    bad = '<h1>T</h1><h3>x</h3><input name="a" id="a"><th>h</th><p style="x"></p><script>1</script>'
    problems = structural_problems(bad)
    assert "field 'a' has no label" in problems
    assert "heading h3 follows h1" in problems
    assert "<th> without scope" in problems
    assert "inline style on <p>" in problems
    assert "inline <script>" in problems
