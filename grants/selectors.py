"""Grants reads. Applicant isolation lives here, once: an applicant sees only the records
of organisations they belong to, and anyone else's record is a 404.

Staff see every application, except assessors whose only grants role is to score: they see
the applications assigned to them, and each opens to them only once they have declared no
conflict of interest (``application_get`` raises 409 before that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from fundops.models import User
from fundops.workflow import events_for, time_in_status
from grants.budget import BudgetFigures, call_budget_figures
from grants.models import (
    Application,
    Assignment,
    Call,
    Claim,
    ClaimLine,
    Clawback,
    CostLine,
    MatchFunding,
    MFADeclaration,
    OutcomeReport,
    Payment,
)
from grants.services.assessment import assignment_require_open

__all__ = ["BudgetFigures", "call_budget_figures"]


def call_list(
    *, user: User, open_only: bool = False, now: datetime | None = None
) -> QuerySet[Call]:
    calls = Call.objects.select_related("fund").prefetch_related("criteria")
    if open_only or not user.is_staff:
        now = now or timezone.now()
        calls = calls.filter(opens_at__lte=now, closes_at__gte=now)
    return calls


def call_get(*, user: User, pk: int) -> Call:
    return get_object_or_404(call_list(user=user), pk=pk)


def is_assessor_only(user: User) -> bool:
    return (
        user.is_staff
        and user.has_perm("grants.score_application")
        and not user.has_perm("grants.manage_application")
        and not user.has_perm("grants.decide_application")
    )


def application_list_for_user(*, user: User) -> QuerySet[Application]:
    applications = Application.objects.select_related("call", "organisation", "created_by")
    if is_assessor_only(user):
        return applications.filter(assignments__assessor=user)
    if user.is_staff:
        return applications
    return applications.filter(organisation__members=user).distinct()


def application_get(*, user: User, pk: int) -> Application:
    application = get_object_or_404(application_list_for_user(user=user), pk=pk)
    if is_assessor_only(user):
        assignment_require_open(application.assignments.get(assessor=user))
    return application


def application_get_for_action(*, user: User, pk: int) -> Application:
    """Scoped like ``application_get`` without the assessor's declaration gate (used to
    reach the record a service then checks, e.g. an assessor's own assignment)."""
    return get_object_or_404(application_list_for_user(user=user), pk=pk)


def assignment_list_for_user(*, user: User) -> QuerySet[Assignment]:
    records = Assignment.objects.select_related("application__organisation", "assessor")
    if is_assessor_only(user):
        return records.filter(assessor=user)
    return records if user.is_staff else records.none()


def application_queue(
    *,
    user: User,
    status: str | None = None,
    call: int | None = None,
    search: str | None = None,
    moderation: bool | None = None,
) -> QuerySet[Application]:
    """Staff queue: filter by state, call, moderation flag; search title, org, reference."""
    applications = application_list_for_user(user=user)
    if status:
        applications = applications.filter(status=status)
    if call:
        applications = applications.filter(call_id=call)
    if moderation is not None:
        applications = applications.filter(moderation_required=moderation)
    if search:
        term = search.strip()
        match = (
            Q(title__icontains=term)
            | Q(organisation__name__icontains=term)
            | Q(organisation__company_number__icontains=term)
        )
        digits = term.upper().removeprefix("G-")
        if digits.isdigit():
            match |= Q(pk=int(digits))
        applications = applications.filter(match)
    return applications.order_by("submitted_at", "pk")


def _scoped(model, user: User, path: str):  # type: ignore[no-untyped-def]
    records = model.objects.all()
    if user.is_staff:
        return records
    return records.filter(**{f"{path}organisation__members": user}).distinct()


def cost_line_get(*, user: User, pk: int) -> CostLine:
    return get_object_or_404(_scoped(CostLine, user, "application__"), pk=pk)


def match_funding_get(*, user: User, pk: int) -> MatchFunding:
    return get_object_or_404(_scoped(MatchFunding, user, "application__"), pk=pk)


def mfa_declaration_get(*, user: User, pk: int) -> MFADeclaration:
    return get_object_or_404(_scoped(MFADeclaration, user, "application__"), pk=pk)


def claim_list_for_user(*, user: User) -> QuerySet[Claim]:
    return _scoped(Claim, user, "application__").select_related("application")


def claim_get(*, user: User, pk: int) -> Claim:
    return get_object_or_404(claim_list_for_user(user=user), pk=pk)


def claim_line_get(*, user: User, pk: int) -> ClaimLine:
    return get_object_or_404(_scoped(ClaimLine, user, "claim__application__"), pk=pk)


def outcome_report_list_for_user(*, user: User) -> QuerySet[OutcomeReport]:
    return _scoped(OutcomeReport, user, "application__").select_related("application")


def outcome_report_get(*, user: User, pk: int) -> OutcomeReport:
    return get_object_or_404(outcome_report_list_for_user(user=user), pk=pk)


def payment_list(*, user: User) -> QuerySet[Payment]:
    return _scoped(Payment, user, "claim__application__").select_related("claim__application")


def clawback_list(*, user: User) -> QuerySet[Clawback]:
    return _scoped(Clawback, user, "application__").select_related("application")


def assignment_get(*, user: User, pk: int) -> Assignment:
    """Staff only (an applicant never sees assignments; an assessor sees their own)."""
    return get_object_or_404(assignment_list_for_user(user=user), pk=pk)


def assignment_for_assessor(*, user: User, application: Application) -> Assignment:
    """The assessor's own assignment, refused (409) until they declare no conflict."""
    assignment = get_object_or_404(Assignment, application=application, assessor=user)
    assignment_require_open(assignment)
    return assignment


@dataclass(frozen=True)
class Timings:
    days_to_decision: int | None
    time_in_status: dict[str, timedelta]


def application_timings(*, application: Application, now: datetime | None = None) -> Timings:
    """Days from submission to decision (stored at the decision) and time in each state
    (from the workflow events), for reporting."""
    events = list(events_for(application))
    return Timings(application.days_to_decision, time_in_status(events, now=now))


def application_timings_for_call(*, call: Call) -> list[tuple[Application, Timings]]:
    applications = Application.objects.filter(call=call).exclude(submitted_at=None)
    return [(a, application_timings(application=a)) for a in applications]
