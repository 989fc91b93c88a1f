"""After the award: the applicant accepts the offer and confirms the MFA declaration, claims
with evidence; staff check and approve; finance releases the payment; outcome reports;
clawbacks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grants.models import Application, Claim, Clawback, OutcomeReport, Payment
from grants.services.claims import EVIDENCE_MISSING
from grants.services.payments import MAKER_CHECKER, MFA_UNCONFIRMED
from grants.web.portal_delivery import (
    CLAIM_SUBMITTED,
    MFA_CONFIRMED,
    OFFER_ACCEPTED,
    REPORT_SUBMITTED,
)
from tests.grants.factories import pdf
from tests.grants.web.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_staff_send_the_offer_and_the_applicant_accepts_and_confirms_mfa(client, walk, applicant):
    app = walk.approved()
    sign_in(client, walk.manager)
    client.post(reverse("grants:staff-send-offer", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == Application.Status.OFFER_SENT

    client.force_login(applicant)
    status_page = client.get(reverse("grants:portal-application", args=[app.pk])).content.decode()
    assert reverse("grants:offer-letter", args=[app.pk]) in status_page
    url = reverse("grants:portal-offer", args=[app.pk])
    not_ticked = client.post(url, {})
    assert not_ticked.status_code == 400
    accepted = client.post(url, {"accept": "on"}, follow=True)
    assert OFFER_ACCEPTED in accepted.content.decode()
    app.refresh_from_db()
    assert app.status == Application.Status.OFFER_ACCEPTED
    assert app.offer.mfa_confirmed_at is None

    confirmed = client.post(url, {"confirm_mfa": "on"}, follow=True)
    assert MFA_CONFIRMED in confirmed.content.decode()
    app.offer.refresh_from_db()
    assert app.offer.mfa_confirmed_at is not None


def test_applicant_claims_with_evidence_and_submits(client, walk, applicant):
    app = walk.accepted()
    client.force_login(applicant)
    created = client.post(
        reverse("grants:portal-claim-new", args=[app.pk]),
        {"period_start": "2026-01-01", "period_end": "2026-03-31", "is_final": "on"},
        follow=True,
    )
    claim = Claim.objects.get(application=app)
    assert created.redirect_chain[-1][0] == reverse("grants:portal-claim", args=[claim.pk])

    cost_line = app.cost_lines.get()
    over = client.post(
        reverse("grants:portal-claim-line-add", args=[claim.pk]),
        {"line-cost_line": cost_line.pk, "line-amount_defrayed": "12000.01"},
    )
    assert over.status_code == 400
    assert "more than remains" in over.content.decode()
    client.post(
        reverse("grants:portal-claim-line-add", args=[claim.pk]),
        {"line-cost_line": cost_line.pk, "line-amount_defrayed": "4000.00"},
    )
    line = claim.lines.get()

    submit = reverse("grants:portal-claim-submit", args=[claim.pk])
    missing = client.post(submit, follow=True).content.decode()
    assert EVIDENCE_MISSING.format(item="Bench test rig", kind="an invoice") in missing

    for kind in ("invoice", "proof_of_payment"):
        client.post(
            reverse("grants:portal-claim-line-evidence", args=[line.pk]),
            {f"evidence-{line.pk}-kind": kind, f"evidence-{line.pk}-file": pdf(f"{kind}.pdf")},
        )
    done = client.post(submit, follow=True).content.decode()
    assert CLAIM_SUBMITTED in done
    claim.refresh_from_db()
    app.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert app.status == Application.Status.IN_DELIVERY


def _check_and_approve(client, claim, user):  # type: ignore[no-untyped-def]
    sign_in(client, user)
    for line in claim.lines.all():
        client.post(
            reverse("grants:staff-line-check", args=[line.pk]), {f"line-{line.pk}-approved": "yes"}
        )
    client.post(reverse("grants:staff-claim-approve", args=[claim.pk]), {"decision-note": "OK"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED


def test_staff_check_lines_approve_and_finance_releases_once(client, walk):
    app = walk.accepted()
    claim = walk.submitted_claim(app, amount=Decimal("4000.00"))
    _check_and_approve(client, claim, walk.manager)
    assert claim.grant_amount == Decimal("2000.00")  # 50% intervention rate

    sign_in(client, walk.finance)
    url = reverse("grants:staff-payment-release", args=[claim.pk])
    page = client.get(url)
    key = page.context["form"].initial["idempotency_key"]
    client.post(url, {"idempotency_key": key})
    resent = client.post(url, {"idempotency_key": key}, follow=True)
    assert resent.status_code in {200, 400}
    assert Payment.objects.filter(claim=claim).count() == 1
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID

    sign_in(client, walk.manager)
    queue = client.get(reverse("grants:staff-queue")).content.decode()
    assert "£2,000.00" in queue  # paid, in the call's budget panel


def test_the_finance_officer_who_approved_a_claim_cannot_release_it(client, walk):
    app = walk.accepted()
    claim = walk.submitted_claim(app)
    _check_and_approve(client, claim, walk.finance)
    url = reverse("grants:staff-payment-release", args=[claim.pk])
    response = client.post(url, {"idempotency_key": "web-same-person"})
    assert response.status_code == 400
    assert MAKER_CHECKER in response.content.decode()
    assert not Payment.objects.exists()


def test_releasing_a_payment_needs_a_recent_password_check(client, walk):
    app = walk.accepted()
    claim = walk.approved_claim(app)
    sign_in(client, walk.finance, recent_auth=False)
    url = reverse("grants:staff-payment-release", args=[claim.pk])
    response = client.post(url, {"idempotency_key": "web-1"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    assert not Payment.objects.exists()


def test_no_payment_before_the_mfa_declaration_is_confirmed(client, walk):
    app = walk.accepted(confirm_mfa=False)
    claim = walk.approved_claim(app)
    sign_in(client, walk.finance)
    response = client.post(
        reverse("grants:staff-payment-release", args=[claim.pk]), {"idempotency_key": "web-2"}
    )
    assert MFA_UNCONFIRMED in response.content.decode()
    assert not Payment.objects.exists()


def test_an_assessor_cannot_see_claims(client, walk):
    app = walk.accepted()
    claim = walk.submitted_claim(app)
    sign_in(client, walk.assessors[0])
    assert client.get(reverse("grants:staff-claim", args=[claim.pk])).status_code == 403


def test_grantee_reports_outcomes_once(client, walk, applicant):
    app = walk.accepted()
    walk.paid_claim(app, final=True)
    app.refresh_from_db()
    assert app.status == Application.Status.CLOSED
    report = OutcomeReport.objects.get(application=app, kind=OutcomeReport.Kind.SIX_MONTHS)
    client.force_login(applicant)
    status_page = client.get(reverse("grants:portal-application", args=[app.pk])).content.decode()
    assert reverse("grants:portal-outcome-report", args=[report.pk]) in status_page
    url = reverse("grants:portal-outcome-report", args=[report.pk])
    data = {
        "jobs_created": "2",
        "jobs_safeguarded": "3",
        "prototype_built": "on",
        "follow_on_private": "150000",
        "follow_on_public": "0",
        "narrative": "CE marking submitted.",
    }
    done = client.post(url, data, follow=True)
    assert REPORT_SUBMITTED in done.content.decode()
    report.refresh_from_db()
    assert report.jobs_created == 2
    assert report.prototype_built
    assert report.follow_on_private == Decimal("150000.00")
    assert "CE marking submitted." in client.get(url).content.decode()


def test_another_organisations_claim_and_report_are_404(client, walk, other_applicant):
    app = walk.accepted()
    claim = walk.submitted_claim(app)
    client.force_login(other_applicant)
    assert client.get(reverse("grants:portal-claim", args=[claim.pk])).status_code == 404
    line = claim.lines.get()
    assert (
        client.post(reverse("grants:portal-claim-line-remove", args=[line.pk])).status_code == 404
    )


def test_staff_raise_a_clawback_and_record_its_repayment(client, walk):
    app = walk.accepted()
    walk.paid_claim(app)
    sign_in(client, walk.manager)
    too_much = client.post(
        reverse("grants:staff-clawback-raise", args=[app.pk]),
        {"clawback-amount": "2000.01", "clawback-reason": "Equipment sold."},
        follow=True,
    )
    assert "cannot be more than has been paid" in too_much.content.decode()
    client.post(
        reverse("grants:staff-clawback-raise", args=[app.pk]),
        {"clawback-amount": "500", "clawback-reason": "Equipment sold."},
    )
    clawback = Clawback.objects.get(application=app)
    assert clawback.status == Clawback.Status.RAISED
    sign_in(client, walk.finance)
    client.post(
        reverse("grants:staff-clawback-resolve", args=[clawback.pk]),
        {f"clawback-{clawback.pk}-to": "repaid"},
    )
    clawback.refresh_from_db()
    assert clawback.status == Clawback.Status.REPAID
