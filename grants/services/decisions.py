"""Panel decisions: approve (four-eyes above the threshold, within the call's budget) and
reject, each with its reason; time to decision is stored when the decision is made."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from fundops.api.errors import Conflict, DomainError
from fundops.models import User
from fundops.money import format_gbp, to_pennies
from fundops.workflow import InvalidTransition
from grants.budget import call_budget_figures
from grants.models import Application, Approval, Call, Offer
from grants.services.common import lock_application, move, now_or, require_perm

NOT_AT_PANEL = "Only an application at panel can be approved."
SAME_APPROVER = (
    "You have already approved this application: the second approval must come from "
    "someone else (four-eyes)."
)
AMOUNT_DIFFERS = "The second approver must approve the same amount ({amount})."
AMOUNT_ABOVE_REQUEST = "The award cannot be more than the amount requested ({amount})."
OVER_BUDGET = (
    "Approving {amount} would take “{call}” past its budget: {remaining} remains "
    "({committed} committed, {pending} approved awaiting acceptance, of {budget})."
)
REASON_REQUIRED = "Give the reason for the decision: the applicant sees it."
SCORE_UNDER_MARK = (
    "The weighted score {score}% is below the pass mark of {mark}%: record why the panel "
    "approves it anyway."
)
AWAITING_SECOND = "Approved by {name}; awaiting a second approver (award above {threshold})."


def _days_between(start: datetime | None, end: datetime) -> int | None:
    return None if start is None else max((end - start).days, 0)


@transaction.atomic
def application_approve(
    *,
    application: Application,
    by: User,
    amount: Decimal | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Application:
    """Approve at panel. An award above GRANTS_FOUR_EYES_THRESHOLD stays at panel after the
    first approval and is approved by a second, different approver.

    The call row is locked first (then the application): every approval of the same call
    queues on that lock, so the budget check and the approval are one step and concurrent
    approvals cannot together spend more than the budget.
    """
    require_perm(by, "grants.decide_application")
    Call.objects.select_for_update().get(pk=application.call_id)
    application = lock_application(application)
    if application.status != Application.Status.PANEL:
        raise InvalidTransition(NOT_AT_PANEL, from_status=application.status, to_status="approved")
    requested = application.amount_requested or Decimal("0")
    award = to_pennies(Decimal(amount)) if amount is not None else requested
    if award > requested:
        raise ValidationError({"amount": AMOUNT_ABOVE_REQUEST.format(amount=format_gbp(requested))})
    score, mark = application.weighted_score, application.call.pass_mark
    if score is not None and score < mark and not note.strip():
        raise DomainError(SCORE_UNDER_MARK.format(score=score, mark=mark), code="below_pass_mark")
    previous = list(application.approvals.all())
    if any(approval.approver_id == by.pk for approval in previous):
        raise Conflict(SAME_APPROVER, code="four_eyes")
    if previous and previous[0].amount != award:
        raise DomainError(AMOUNT_DIFFERS.format(amount=format_gbp(previous[0].amount)))
    figures = call_budget_figures(call=application.call)
    if award > figures.remaining:
        raise Conflict(
            OVER_BUDGET.format(
                amount=format_gbp(award),
                call=application.call.name,
                remaining=format_gbp(figures.remaining),
                committed=format_gbp(figures.committed),
                pending=format_gbp(figures.pending),
                budget=format_gbp(figures.budget),
            ),
            code="over_budget",
        )
    when = now_or(at)
    Approval.objects.create(
        application=application, approver=by, amount=award, note=note, approved_at=when
    )
    threshold = settings.GRANTS_FOUR_EYES_THRESHOLD
    if award > threshold and len(previous) < 1:
        return application
    application.amount_awarded = award
    application.decided_at = when
    application.days_to_decision = _days_between(application.submitted_at, when)
    application.decision_reason = note or "Approved at panel."
    move(
        application,
        to=Application.Status.APPROVED,
        by=by,
        at=when,
        reason=application.decision_reason,
        extra_update_fields=("amount_awarded", "decided_at", "days_to_decision", "decision_reason"),
    )
    Offer.objects.create(application=application, amount=award, issued_at=when)
    return application


def application_awaiting_second_approval(application: Application) -> str:
    """Text for pages: who approved, if the award still needs its second approver."""
    approvals = list(application.approvals.select_related("approver"))
    if application.status != Application.Status.PANEL or len(approvals) != 1:
        return ""
    return AWAITING_SECOND.format(
        name=approvals[0].approver, threshold=format_gbp(settings.GRANTS_FOUR_EYES_THRESHOLD)
    )


@transaction.atomic
def application_reject(
    *, application: Application, by: User, reason: str, at: datetime | None = None
) -> Application:
    """Reject at eligibility or panel; the reason is shown to the applicant."""
    application = lock_application(application)
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    when = now_or(at)
    application.decided_at = when
    application.days_to_decision = _days_between(application.submitted_at, when)
    application.decision_reason = reason
    move(
        application,
        to=Application.Status.REJECTED,
        by=by,
        at=when,
        reason=reason,
        extra_update_fields=("decided_at", "days_to_decision", "decision_reason"),
    )
    return application
