"""Assessment: assign assessors, declare conflicts, score, and send to panel.

Weighted total (per assessor) = Σ(weight × score) / (5 × Σ weight) × 100, a percentage to
two places; e.g. weights 3, 2, 1 and scores 4, 3, 5 give (12 + 6 + 5) / 30 = 76.67%.
The application's score is the mean of its assessors' totals; it is moderated when the
highest and lowest totals differ by more than the call's ``moderation_spread`` points.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from fundops.api.errors import Conflict, DomainError
from fundops.models import User
from grants.models import Application, Assignment, Score
from grants.services.common import lock_application, move, now_or, require_perm

MIN_ASSESSORS = 2
ASSESSOR_ROLE_REQUIRED = "Only a user with the assessor role can be assigned."
ASSESSOR_IS_APPLICANT = "A member of the applicant organisation cannot assess it."
ASSIGN_NOT_NOW = "Assessors are assigned during the eligibility check or assessment."
ALREADY_ASSIGNED = "This assessor is already assigned."
NOT_YOUR_ASSIGNMENT = "This is another assessor's assignment."
CONFLICT_ALREADY_DECLARED = "A declared conflict of interest cannot be withdrawn."
DECLARE_FIRST = "Declare any conflict of interest before you open or score this application."
CONFLICTED = "You declared a conflict of interest: you cannot score this application."
NOT_IN_ASSESSMENT = "Scores can only be given while the application is in assessment."
SCORES_INCOMPLETE = "Score every criterion (0–5)."
SCORE_OUT_OF_RANGE = "A score is a whole number from 0 to 5."
UNKNOWN_CRITERION = "That criterion is not one of this call's."
TOO_FEW_ASSESSORS = "At least two assessors without a conflict of interest are needed."
TOO_FEW_SCORES = "At least two assessors must have scored every criterion before panel."
ELIGIBILITY_FAILED = (
    "The application failed eligibility: reject it, or give a reason to assess it anyway."
)
MODERATION_NOTE_REQUIRED = (
    "Assessors' totals differ by more than the call's spread: record the moderation outcome."
)
PERCENT = Decimal("0.01")


@transaction.atomic
def assignment_create(
    *, application: Application, assessor: User, by: User, at: datetime | None = None
) -> Assignment:
    application = lock_application(application)
    require_perm(by, "grants.manage_application")
    if application.status not in {
        Application.Status.ELIGIBILITY_CHECK,
        Application.Status.IN_ASSESSMENT,
    }:
        raise DomainError(ASSIGN_NOT_NOW, code="invalid_transition", status=409)
    if not assessor.has_perm("grants.score_application"):
        raise DomainError(ASSESSOR_ROLE_REQUIRED, code="not_an_assessor")
    if application.organisation.members.filter(pk=assessor.pk).exists():
        raise DomainError(ASSESSOR_IS_APPLICANT, code="conflict_of_interest")
    if application.assignments.filter(assessor=assessor).exists():
        raise Conflict(ALREADY_ASSIGNED)
    return Assignment.objects.create(
        application=application, assessor=assessor, assigned_by=by, assigned_at=now_or(at)
    )


@transaction.atomic
def assignment_declare(
    *,
    assignment: Assignment,
    by: User,
    conflict: bool,
    note: str = "",
    at: datetime | None = None,
) -> Assignment:
    """The assessor's declaration. Declaring a conflict later discards their scores."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.assessor_id != by.pk:
        raise DomainError(NOT_YOUR_ASSIGNMENT, code="forbidden", status=403)
    if assignment.conflict_declared is True:
        raise Conflict(CONFLICT_ALREADY_DECLARED)
    assignment.conflict_declared = conflict
    assignment.conflict_note = note
    assignment.declared_at = now_or(at)
    if conflict:
        assignment.scores.all().delete()
        assignment.total = None
        assignment.completed_at = None
    assignment.save()
    return assignment


def assignment_require_open(assignment: Assignment) -> None:
    """Called before showing an application to an assessor: undeclared or conflicted → no."""
    if assignment.conflict_declared is None:
        raise Conflict(DECLARE_FIRST)
    if assignment.conflict_declared:
        raise Conflict(CONFLICTED)


def weighted_total(pairs: list[tuple[int, int]]) -> Decimal:
    """(weight, score) pairs -> percentage of the maximum, to two places."""
    weights = sum(weight for weight, _ in pairs)
    points = sum(weight * score for weight, score in pairs)
    return (Decimal(points) * 100 / (5 * weights)).quantize(PERCENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def assignment_score(
    *,
    assignment: Assignment,
    by: User,
    scores: list[dict[str, object]],
    at: datetime | None = None,
) -> Assignment:
    """``scores``: one {"criterion": id, "score": 0–5, "comment": str} per criterion."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.assessor_id != by.pk:
        raise DomainError(NOT_YOUR_ASSIGNMENT, code="forbidden", status=403)
    require_perm(by, "grants.score_application")
    assignment_require_open(assignment)
    application = lock_application(assignment.application)
    if application.status != Application.Status.IN_ASSESSMENT:
        raise DomainError(NOT_IN_ASSESSMENT, code="invalid_transition", status=409)
    criteria = {c.pk: c for c in application.call.criteria.all()}
    given = {int(str(item["criterion"])): item for item in scores}
    if set(given) - set(criteria):
        raise ValidationError({"scores": UNKNOWN_CRITERION})
    if set(given) != set(criteria):
        raise ValidationError({"scores": SCORES_INCOMPLETE})
    when = now_or(at)
    pairs = []
    for pk, item in given.items():
        value = item["score"]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 5:
            raise ValidationError({"scores": SCORE_OUT_OF_RANGE})
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=criteria[pk],
            defaults={"score": value, "comment": str(item.get("comment", "")), "scored_at": when},
        )
        pairs.append((criteria[pk].weight, value))
    assignment.total = weighted_total(pairs)
    assignment.completed_at = when
    assignment.save()
    application_score_update(application)
    return assignment


def application_score_update(application: Application) -> None:
    totals = [
        a.total
        for a in application.assignments.filter(conflict_declared=False, total__isnull=False)
    ]
    if totals:
        application.weighted_score = (sum(totals) / len(totals)).quantize(
            PERCENT, rounding=ROUND_HALF_UP
        )
        spread = max(totals) - min(totals)
        application.moderation_required = spread > application.call.moderation_spread
    else:
        application.weighted_score = None
        application.moderation_required = False
    application.save(update_fields=["weighted_score", "moderation_required", "updated_at"])


@transaction.atomic
def application_assessment_start(
    *,
    application: Application,
    by: User,
    override_reason: str = "",
    at: datetime | None = None,
) -> Application:
    application = lock_application(application)
    require_perm(by, "grants.manage_application")
    if not application.eligibility_passed and not override_reason.strip():
        raise DomainError(ELIGIBILITY_FAILED, code="eligibility_failed")
    usable = application.assignments.exclude(conflict_declared=True).count()
    if usable < MIN_ASSESSORS:
        raise DomainError(TOO_FEW_ASSESSORS, code="too_few_assessors")
    application.eligibility_override_reason = override_reason
    move(
        application,
        to=Application.Status.IN_ASSESSMENT,
        by=by,
        at=at,
        reason=override_reason or "Eligible; assessors assigned.",
        extra_update_fields=("eligibility_override_reason",),
    )
    return application


@transaction.atomic
def application_panel_send(
    *,
    application: Application,
    by: User,
    moderation_note: str = "",
    at: datetime | None = None,
) -> Application:
    application = lock_application(application)
    require_perm(by, "grants.manage_application")
    complete = application.assignments.filter(conflict_declared=False, total__isnull=False)
    if complete.count() < MIN_ASSESSORS:
        raise DomainError(TOO_FEW_SCORES, code="too_few_scores")
    application_score_update(application)
    if application.moderation_required and not moderation_note.strip():
        raise DomainError(MODERATION_NOTE_REQUIRED, code="moderation_required")
    reason = f"Weighted score {application.weighted_score}%."
    if moderation_note:
        reason += f" Moderation: {moderation_note}"
    move(application, to=Application.Status.PANEL, by=by, at=at, reason=reason)
    return application
