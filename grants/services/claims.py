"""Claims in arrears: the grantee claims defrayed costs against the approved cost table,
staff check each line, and the grant share is worked out on approval.

Grant share of a claim = Σ approved lines (eligible categories) × intervention rate, rounded
to the penny ROUND_HALF_UP, then capped so that paid + approved-unpaid never exceeds the
award. E.g. £3,333.33 approved at 50% = £1,666.665 → £1,666.67.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum

from fundops.api.errors import Conflict, DomainError
from fundops.models import Document, User
from fundops.money import format_gbp, to_pennies
from fundops.services.documents import document_upload
from fundops.workflow import transition
from grants.models import Application, Claim, ClaimLine, CostLine
from grants.services.common import (
    lock_application,
    move,
    notify_applicant,
    now_or,
    require_member,
    require_perm,
)

CLAIMS_NOT_OPEN = "Claims can be made once the offer is accepted and until the grant closes."
CLAIM_OPEN_EXISTS = "Finish the claim already in progress before starting another."
FINAL_CLAIM_MADE = "The final claim has been made: no further claims."
CLAIM_NOT_DRAFT = "Only a draft claim can be changed."
COST_LINE_OTHER = "That cost line is not part of this grant's approved costs."
COST_LINE_INELIGIBLE = "That cost line's category is not eligible under this call."
LINE_OVER_REMAINING = "{amount} is more than remains on “{item}” ({remaining})."
CLAIM_EMPTY = "Add at least one cost line to the claim."
EVIDENCE_MISSING = "Each line needs an invoice and proof of payment: “{item}” is missing {kind}."
EVIDENCE_KINDS = {"invoice": "an invoice", "proof_of_payment": "proof of payment"}
EVIDENCE_KIND_UNKNOWN = "Evidence is an invoice or proof of payment."
CLAIM_NOT_SUBMITTED = "Only a submitted claim can be checked."
LINES_UNCHECKED = "Check every line before approving the claim."
NOTHING_TO_PAY = "No approved eligible costs remain to pay on this claim: reject it instead."
NOTE_REQUIRED = "Say why the line is rejected."
PERIOD_INVALID = "The period must end on or after its start."

OPEN_CLAIM_STATES = {Claim.Status.DRAFT, Claim.Status.SUBMITTED, Claim.Status.APPROVED}


def _lock_claim(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().select_related("application").get(pk=claim.pk)


@transaction.atomic
def claim_create(
    *,
    application: Application,
    by: User,
    period_start: date,
    period_end: date,
    is_final: bool = False,
    due_on: date | None = None,
) -> Claim:
    application = lock_application(application)
    require_member(application, by)
    if application.status not in {
        Application.Status.OFFER_ACCEPTED,
        Application.Status.IN_DELIVERY,
    }:
        raise DomainError(CLAIMS_NOT_OPEN, code="claims_closed", status=409)
    if period_end < period_start:
        raise ValidationError({"period_end": PERIOD_INVALID})
    claims = application.claims.exclude(status=Claim.Status.REJECTED)
    if claims.filter(is_final=True).exists():
        raise Conflict(FINAL_CLAIM_MADE)
    if claims.filter(status__in=[Claim.Status.DRAFT, Claim.Status.SUBMITTED]).exists():
        raise Conflict(CLAIM_OPEN_EXISTS)
    return Claim.objects.create(
        application=application,
        period_start=period_start,
        period_end=period_end,
        is_final=is_final,
        due_on=due_on,
    )


def cost_line_remaining(cost_line: CostLine, *, excluding: ClaimLine | None = None) -> Decimal:
    """Approved cost less what live claim lines already claim against it."""
    used = (
        ClaimLine.objects.filter(cost_line=cost_line)
        .exclude(status=ClaimLine.Status.REJECTED)
        .exclude(claim__status=Claim.Status.REJECTED)
    )
    if excluding is not None:
        used = used.exclude(pk=excluding.pk)
    return cost_line.net_amount - (used.aggregate(t=Sum("amount_defrayed"))["t"] or 0)


def _check_remaining(cost_line: CostLine, amount: Decimal, excluding: ClaimLine | None) -> None:
    remaining = cost_line_remaining(cost_line, excluding=excluding)
    if amount > remaining:
        raise ValidationError(
            {
                "amount_defrayed": LINE_OVER_REMAINING.format(
                    amount=format_gbp(amount), item=cost_line.item, remaining=format_gbp(remaining)
                )
            }
        )


@transaction.atomic
def claim_line_add(
    *,
    claim: Claim,
    by: User,
    cost_line: CostLine,
    amount_defrayed: Decimal,
    description: str = "",
) -> ClaimLine:
    claim = _lock_claim(claim)
    require_member(claim.application, by)
    if claim.status != Claim.Status.DRAFT:
        raise Conflict(CLAIM_NOT_DRAFT)
    # Lock the cost line so two claims cannot both spend its last pounds.
    cost_line = CostLine.objects.select_for_update().get(pk=cost_line.pk)
    if cost_line.application_id != claim.application_id:
        raise ValidationError({"cost_line": COST_LINE_OTHER})
    if not cost_line.is_eligible:
        raise ValidationError({"cost_line": COST_LINE_INELIGIBLE})
    amount = to_pennies(Decimal(amount_defrayed))
    _check_remaining(cost_line, amount, None)
    line = ClaimLine(
        claim=claim, cost_line=cost_line, amount_defrayed=amount, description=description
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def claim_line_remove(*, line: ClaimLine, by: User) -> None:
    claim = _lock_claim(line.claim)
    require_member(claim.application, by)
    if claim.status != Claim.Status.DRAFT:
        raise Conflict(CLAIM_NOT_DRAFT)
    line.delete()


@transaction.atomic
def claim_line_evidence_upload(
    *, line: ClaimLine, by: User, file: UploadedFile, kind: str
) -> Document:
    claim = _lock_claim(line.claim)
    require_member(claim.application, by)
    if claim.status != Claim.Status.DRAFT:
        raise Conflict(CLAIM_NOT_DRAFT)
    if kind not in EVIDENCE_KINDS:
        raise ValidationError({"kind": EVIDENCE_KIND_UNKNOWN})
    return document_upload(file=file, attach_to=line, by=by, description=kind)


def _evidence_kinds(line: ClaimLine) -> set[str]:
    from django.contrib.contenttypes.models import ContentType

    return set(
        Document.objects.filter(
            content_type=ContentType.objects.get_for_model(ClaimLine), object_id=line.pk
        ).values_list("description", flat=True)
    )


@transaction.atomic
def claim_submit(*, claim: Claim, by: User, at: datetime | None = None) -> Claim:
    """Submitting the first claim starts delivery (offer accepted → in delivery)."""
    claim = _lock_claim(claim)
    application = lock_application(claim.application)
    require_member(application, by)
    lines = list(claim.lines.select_related("cost_line"))
    if not lines:
        raise ValidationError({"lines": CLAIM_EMPTY})
    for line in lines:
        missing = set(EVIDENCE_KINDS) - _evidence_kinds(line)
        if missing:
            raise ValidationError(
                {
                    "lines": EVIDENCE_MISSING.format(
                        item=line.cost_line.item, kind=EVIDENCE_KINDS[sorted(missing)[0]]
                    )
                }
            )
    when = now_or(at)
    claim.submitted_at = when
    transition(
        claim, to=Claim.Status.SUBMITTED, by=by, at=when, extra_update_fields=("submitted_at",)
    )
    if application.status == Application.Status.OFFER_ACCEPTED:
        move(
            application,
            to=Application.Status.IN_DELIVERY,
            by=by,
            at=when,
            reason="First claim submitted.",
        )
    return claim


@transaction.atomic
def claim_line_check(
    *, line: ClaimLine, by: User, approved: bool, note: str = "", at: datetime | None = None
) -> ClaimLine:
    claim = _lock_claim(line.claim)
    require_perm(by, "grants.check_claim")
    if claim.status != Claim.Status.SUBMITTED:
        raise Conflict(CLAIM_NOT_SUBMITTED)
    line = ClaimLine.objects.select_for_update().select_related("cost_line").get(pk=line.pk)
    if approved:
        _check_remaining(line.cost_line, line.amount_defrayed, line)
    elif not note.strip():
        raise ValidationError({"note": NOTE_REQUIRED})
    line.status = ClaimLine.Status.APPROVED if approved else ClaimLine.Status.REJECTED
    line.check_note = note
    line.checked_by = by
    line.checked_at = now_or(at)
    line.save()
    return line


def application_paid_total(application: Application) -> Decimal:
    from grants.models import Payment

    total = Payment.objects.filter(claim__application=application).aggregate(t=Sum("amount"))
    return total["t"] or Decimal("0.00")


def claim_grant_share(claim: Claim) -> Decimal:
    application = claim.application
    approved = claim.lines.filter(status=ClaimLine.Status.APPROVED).aggregate(
        t=Sum("amount_defrayed")
    )["t"] or Decimal("0")
    share = to_pennies(approved * application.call.intervention_rate)
    others = Claim.objects.filter(application=application, status=Claim.Status.APPROVED).exclude(
        pk=claim.pk
    ).aggregate(t=Sum("grant_amount"))["t"] or Decimal("0")
    headroom = (
        (application.amount_awarded or Decimal("0")) - application_paid_total(application) - others
    )
    # The headroom comes from SUM()s, which SQLite returns with 16 places: quantise the result.
    return to_pennies(max(min(share, headroom), Decimal("0.00")))


@transaction.atomic
def claim_approve(*, claim: Claim, by: User, note: str = "", at: datetime | None = None) -> Claim:
    claim = _lock_claim(claim)
    lock_application(claim.application)
    if claim.lines.filter(status=ClaimLine.Status.PENDING).exists():
        raise Conflict(LINES_UNCHECKED)
    share = claim_grant_share(claim)
    if share <= 0:
        raise DomainError(NOTHING_TO_PAY, code="nothing_to_pay")
    when = now_or(at)
    claim.grant_amount = share
    claim.approved_by = by
    claim.approved_at = when
    claim.decision_note = note
    transition(
        claim,
        to=Claim.Status.APPROVED,
        by=by,
        at=when,
        reason=note,
        extra_update_fields=("grant_amount", "approved_by", "approved_at", "decision_note"),
    )
    _claim_notify(claim, f"approved: {format_gbp(share)} will be paid")
    return claim


def _claim_notify(claim: Claim, what: str) -> None:
    application = claim.application
    notify_applicant(
        application,
        subject=f"{application.reference}: claim {claim.pk} {what.split(':')[0]}",
        body=f"Your claim for {claim.period_start:%d %B %Y} to {claim.period_end:%d %B %Y} "
        f"is {what}.\n\n{claim.decision_note}".strip(),
    )


@transaction.atomic
def claim_reject(*, claim: Claim, by: User, reason: str, at: datetime | None = None) -> Claim:
    claim = _lock_claim(claim)
    if not reason.strip():
        raise ValidationError({"reason": NOTE_REQUIRED})
    claim.decision_note = reason
    transition(
        claim,
        to=Claim.Status.REJECTED,
        by=by,
        at=now_or(at),
        reason=reason,
        extra_update_fields=("decision_note",),
    )
    _claim_notify(claim, "rejected")
    return claim
