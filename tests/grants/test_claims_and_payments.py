from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fundops.api.errors import Conflict, DomainError
from grants.models import Application, Claim, ClaimLine, Clawback, MFAConfirmation, Payment
from grants.services import claims, offers, payments
from tests.grants.factories import pdf

pytestmark = pytest.mark.django_db
S = Application.Status


def test_first_claim_starts_delivery_and_grant_share_applies_the_rate(walk):
    app = walk.accepted()
    claim = walk.approved_claim(app, amount=Decimal("3333.33"))
    app.refresh_from_db()
    assert app.status == S.IN_DELIVERY
    # 3,333.33 × 0.5 = 1,666.665 → 1,666.67 (ROUND_HALF_UP)
    assert claim.grant_amount == Decimal("1666.67")


def test_grant_share_is_capped_so_paid_never_exceeds_award(walk):
    app = walk.accepted(costs=[("Rig", "equipment", Decimal("30000"))])
    walk.paid_claim(app, amount=Decimal("8000.00"), key="k1")  # pays 4,000 of 5,000
    claim = walk.approved_claim(app, amount=Decimal("8000.00"))  # share 4,000, capped
    assert claim.grant_amount == Decimal("1000.00")
    payments.payment_release(claim=claim, by=walk.finance, idempotency_key="k2")
    assert claims.application_paid_total(app) == Decimal("5000.00")


def test_claim_line_cannot_exceed_what_remains_on_the_cost_line(walk):
    app = walk.accepted()
    walk.paid_claim(app, amount=Decimal("9000.00"))
    claim = claims.claim_create(
        application=app,
        by=walk.applicant,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
    )
    with pytest.raises(ValidationError) as error:
        claims.claim_line_add(
            claim=claim,
            by=walk.applicant,
            cost_line=app.cost_lines.first(),
            amount_defrayed=Decimal("3000.01"),
        )
    assert "£3,000.00" in str(error.value)


def test_claim_needs_invoice_and_proof_of_payment(walk):
    app = walk.accepted()
    claim = claims.claim_create(
        application=app,
        by=walk.applicant,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )
    line = claims.claim_line_add(
        claim=claim,
        by=walk.applicant,
        cost_line=app.cost_lines.first(),
        amount_defrayed=Decimal("10"),
    )
    claims.claim_line_evidence_upload(line=line, by=walk.applicant, file=pdf(), kind="invoice")
    with pytest.raises(ValidationError, match="proof of payment"):
        claims.claim_submit(claim=claim, by=walk.applicant)


def test_ineligible_cost_line_cannot_be_claimed(walk):
    app = walk.accepted(
        costs=[("Rig", "equipment", Decimal("12000")), ("Staff", "staff", Decimal("5000"))]
    )
    claim = claims.claim_create(
        application=app,
        by=walk.applicant,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )
    with pytest.raises(ValidationError, match="not eligible"):
        claims.claim_line_add(
            claim=claim,
            by=walk.applicant,
            cost_line=app.cost_lines.get(category="staff"),
            amount_defrayed=Decimal("10"),
        )


def test_rejected_line_does_not_count_and_needs_a_note(walk):
    app = walk.accepted()
    claim = walk.submitted_claim(app, amount=Decimal("2000"))
    line = claim.lines.get()
    with pytest.raises(ValidationError):
        claims.claim_line_check(line=line, by=walk.manager, approved=False)
    claims.claim_line_check(line=line, by=walk.manager, approved=False, note="Invoice unpaid")
    with pytest.raises(DomainError, match="reject it instead"):
        claims.claim_approve(claim=claim, by=walk.manager)


def test_claim_approval_needs_every_line_checked(walk):
    app = walk.accepted()
    claim = walk.submitted_claim(app)
    with pytest.raises(Conflict, match=claims.LINES_UNCHECKED):
        claims.claim_approve(claim=claim, by=walk.manager)


def test_applicant_cannot_check_or_approve_claims(walk):
    app = walk.accepted()
    claim = walk.submitted_claim(app)
    with pytest.raises(DomainError):
        claims.claim_line_check(line=claim.lines.get(), by=walk.applicant, approved=True)


def test_maker_checker_the_claim_approver_cannot_release_payment(walk):
    app = walk.accepted()
    claim = walk.submitted_claim(app)
    claims.claim_line_check(line=claim.lines.get(), by=walk.finance, approved=True)
    claim = claims.claim_approve(claim=claim, by=walk.finance)
    with pytest.raises(DomainError, match=payments.MAKER_CHECKER):
        payments.payment_release(claim=claim, by=walk.finance, idempotency_key="x")
    payment = payments.payment_release(claim=claim, by=walk.finance2, idempotency_key="x")
    assert payment.approved_by == walk.finance
    assert payment.released_by == walk.finance2


def test_database_refuses_a_payment_released_by_its_approver(walk):
    app = walk.accepted()
    claim = walk.approved_claim(app)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            claim=claim,
            amount=Decimal("1"),
            idempotency_key="db",
            approved_by=walk.manager,
            released_by=walk.manager,
            released_at=timezone.now(),
        )


def test_same_idempotency_key_returns_the_first_payment(walk):
    app = walk.accepted()
    claim = walk.approved_claim(app)
    first = payments.payment_release(claim=claim, by=walk.finance, idempotency_key="abc")
    again = payments.payment_release(claim=claim, by=walk.finance, idempotency_key="abc")
    assert again.pk == first.pk
    assert Payment.objects.count() == 1


def test_idempotency_key_reused_for_another_claim_is_refused(walk):
    app = walk.accepted(costs=[("Rig", "equipment", Decimal("30000"))])
    walk.paid_claim(app, amount=Decimal("1000"), key="same")
    claim = walk.approved_claim(app, amount=Decimal("1000"))
    with pytest.raises(Conflict, match=payments.KEY_REUSED):
        payments.payment_release(claim=claim, by=walk.finance, idempotency_key="same")


def test_payment_impossible_until_mfa_confirmed_then_confirmation_kept(walk):
    app = walk.accepted(confirm_mfa=False)
    claim = walk.approved_claim(app)
    with pytest.raises(Conflict, match="minimal financial assistance"):
        payments.payment_release(claim=claim, by=walk.finance, idempotency_key="m")
    offers.offer_mfa_confirm(application=app, by=walk.applicant)
    payments.payment_release(claim=claim, by=walk.finance, idempotency_key="m")
    confirmation = MFAConfirmation.objects.get(application=app)
    assert confirmation.gross_amount == Decimal("5000.00")
    assert confirmation.confirmed_on == timezone.localdate()


def test_final_claim_closes_the_grant_and_schedules_outcome_reports(walk):
    app = walk.accepted()
    walk.paid_claim(app, final=True)
    app.refresh_from_db()
    assert app.status == S.CLOSED
    reports = {r.kind: r.due_on for r in app.outcome_reports.all()}
    today = timezone.localdate()
    assert set(reports) == {"6m", "12m"}
    assert reports["12m"].year == today.year + 1
    with pytest.raises(DomainError, match=claims.CLAIMS_NOT_OPEN):
        claims.claim_create(
            application=app,
            by=walk.applicant,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 2),
        )


def test_clawback_cannot_exceed_paid_and_resolves(walk):
    app = walk.accepted()
    walk.paid_claim(app)  # 2,000 paid
    with pytest.raises(DomainError):
        payments.clawback_raise(
            application=app, by=walk.manager, amount=Decimal("2000.01"), reason="Asset sold"
        )
    clawback = payments.clawback_raise(
        application=app, by=walk.manager, amount=Decimal("500"), reason="Asset sold within 3 years"
    )
    clawback = payments.clawback_resolve(clawback=clawback, by=walk.finance, to="repaid")
    assert clawback.status == Clawback.Status.REPAID
    assert clawback.resolved_at is not None


def test_paid_claim_cannot_be_paid_again_with_a_new_key(walk):
    app = walk.accepted()
    claim = walk.paid_claim(app)
    assert claim.status == Claim.Status.PAID
    with pytest.raises(Exception, match="cannot move"):
        payments.payment_release(claim=claim, by=walk.finance, idempotency_key="new")
    assert ClaimLine.objects.filter(claim=claim).count() == 1


def test_grantee_is_emailed_when_a_claim_is_approved_and_paid(
    walk, applicant, django_capture_on_commit_callbacks
):
    from django.core import mail

    app = walk.accepted()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        walk.paid_claim(app)
    subjects = [m.subject for m in mail.outbox if applicant.email in m.to]
    assert any("claim" in s and "approved" in s for s in subjects)
    assert any("payment of £2,000.00 released" in s for s in subjects)
