"""Releasing payments (maker-checker, idempotent) and clawbacks."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fundops.api.errors import Conflict, DomainError
from fundops.models import User
from fundops.money import format_gbp, to_pennies
from fundops.workflow import transition
from grants.models import Application, Claim, Clawback, MFAConfirmation, OutcomeReport, Payment
from grants.services.claims import application_paid_total
from grants.services.common import (
    lock_application,
    move,
    notify_applicant,
    now_or,
    require_perm,
)

MAKER_CHECKER = "You approved this claim, so someone else must release its payment."
MFA_UNCONFIRMED = (
    "The grantee has not yet confirmed the minimal financial assistance declaration: no "
    "payment can be made."
)
KEY_REUSED = "This idempotency key was already used for another claim's payment."
KEY_REQUIRED = "An idempotency key is required."
OVER_AWARD = "Paying {amount} would take the total paid past the award of {award}."
CLAWBACK_TOO_LARGE = "A clawback cannot be more than has been paid and not yet clawed back ({max})."
OUTCOME_MONTHS = {OutcomeReport.Kind.SIX_MONTHS: 6, OutcomeReport.Kind.TWELVE_MONTHS: 12}


@transaction.atomic
def payment_release(
    *, claim: Claim, by: User, idempotency_key: str, at: datetime | None = None
) -> Payment:
    """Release the approved claim's grant share. Submitting twice with the same key returns
    the first payment; the claim row lock makes a concurrent double-submit wait and then
    find it."""
    if not idempotency_key.strip():
        raise DomainError(KEY_REQUIRED, code="idempotency_key")
    require_perm(by, "grants.release_payment")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.claim_id != claim.pk:
            raise Conflict(KEY_REUSED, code="idempotency_key_reused")
        return existing
    application = lock_application(claim.application)
    if claim.approved_by_id == by.pk:
        raise DomainError(MAKER_CHECKER, code="maker_checker", status=403)
    offer = getattr(application, "offer", None)
    if offer is None or offer.mfa_confirmed_at is None:
        raise Conflict(MFA_UNCONFIRMED, code="mfa_unconfirmed")
    when = now_or(at)
    amount = claim.grant_amount or Decimal("0")
    award = application.amount_awarded or Decimal("0")
    if application_paid_total(application) + amount > award:
        raise Conflict(OVER_AWARD.format(amount=format_gbp(amount), award=format_gbp(award)))
    transition(claim, to=Claim.Status.PAID, by=by, at=when, reason=f"Paid {format_gbp(amount)}.")
    payment = Payment.objects.create(
        claim=claim,
        amount=amount,
        idempotency_key=idempotency_key,
        approved_by_id=claim.approved_by_id,
        released_by=by,
        released_at=when,
    )
    # The MFA is "given" on the first payment: record its date and gross value once.
    MFAConfirmation.objects.get_or_create(
        application=application,
        defaults={"confirmed_on": timezone.localdate(when), "gross_amount": award},
    )
    if claim.is_final:
        _close(application, by=by, when=when)
    notify_applicant(
        application,
        subject=f"{application.reference}: payment of {format_gbp(amount)} released",
        body=f"We have released {format_gbp(amount)} for your claim {claim.pk}.",
    )
    return payment


def _close(application: Application, *, by: User, when: datetime) -> None:
    application.closed_at = when
    move(
        application,
        to=Application.Status.CLOSED,
        by=by,
        at=when,
        reason="Final claim paid.",
        extra_update_fields=("closed_at",),
    )
    day = timezone.localdate(when)
    for kind, months in OUTCOME_MONTHS.items():
        OutcomeReport.objects.get_or_create(
            application=application,
            kind=kind,
            defaults={"due_on": _add_months(day, months)},
        )


def _add_months(day, months: int):  # type: ignore[no-untyped-def]
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in range(day.day, 0, -1):  # 31 August + 6 months → 28/29 February
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    return day + timedelta(days=30 * months)


@transaction.atomic
def clawback_raise(
    *,
    application: Application,
    by: User,
    amount: Decimal,
    reason: str,
    at: datetime | None = None,
) -> Clawback:
    application = lock_application(application)
    require_perm(by, "grants.manage_application")
    if not reason.strip():
        raise DomainError("Give the reason for the clawback.", code="reason_required")
    amount = to_pennies(Decimal(amount))
    outstanding = sum(
        (c.amount for c in application.clawbacks.exclude(status=Clawback.Status.WRITTEN_OFF)),
        Decimal("0"),
    )
    available = application_paid_total(application) - outstanding
    if amount <= 0 or amount > available:
        raise DomainError(CLAWBACK_TOO_LARGE.format(max=format_gbp(available)))
    return Clawback.objects.create(
        application=application, amount=amount, reason=reason, raised_by=by, raised_at=now_or(at)
    )


@transaction.atomic
def clawback_resolve(
    *, clawback: Clawback, by: User, to: str, note: str = "", at: datetime | None = None
) -> Clawback:
    clawback = Clawback.objects.select_for_update().get(pk=clawback.pk)
    when = now_or(at)
    clawback.resolved_at = when
    transition(clawback, to=to, by=by, at=when, reason=note, extra_update_fields=("resolved_at",))
    return clawback
