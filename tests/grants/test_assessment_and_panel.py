from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from fundops.api.errors import Conflict, DomainError
from fundops.workflow import InvalidTransition
from grants.models import Application, Approval
from grants.services import assessment, decisions
from grants.services.assessment import weighted_total

pytestmark = pytest.mark.django_db
S = Application.Status


def test_weighted_total_is_a_percentage_of_the_maximum():
    # weights 3, 2, 1; scores 4, 3, 5 -> (12 + 6 + 5) / 30 = 76.67%
    assert weighted_total([(3, 4), (2, 3), (1, 5)]) == Decimal("76.67")
    assert weighted_total([(1, 5), (1, 5)]) == Decimal("100.00")
    assert weighted_total([(2, 0)]) == Decimal("0.00")


def test_assessor_must_declare_before_scoring(walk):
    app = walk.submitted()
    a, b = walk.assessors
    first = assessment.assignment_create(application=app, assessor=a, by=walk.manager)
    second = assessment.assignment_create(application=app, assessor=b, by=walk.manager)
    assessment.assignment_declare(assignment=second, by=b, conflict=False)
    assessment.application_assessment_start(application=app, by=walk.manager)
    with pytest.raises(Conflict, match=assessment.DECLARE_FIRST):
        assessment.assignment_score(assignment=first, by=a, scores=[])


def test_conflicted_assessor_cannot_score(walk):
    app = walk.in_assessment()
    a = walk.assessors[0]
    assignment = app.assignments.get(assessor=a)
    assignment.conflict_declared = None
    assignment.save()
    assessment.assignment_declare(assignment=assignment, by=a, conflict=True, note="Ex-director")
    with pytest.raises(Conflict, match=assessment.CONFLICTED):
        walk.score(app, a, 3)


def test_assessment_needs_two_unconflicted_assessors(walk):
    app = walk.submitted()
    a = walk.assessors[0]
    assignment = assessment.assignment_create(application=app, assessor=a, by=walk.manager)
    assessment.assignment_declare(assignment=assignment, by=a, conflict=False)
    with pytest.raises(DomainError, match=assessment.TOO_FEW_ASSESSORS):
        assessment.application_assessment_start(application=app, by=walk.manager)


def test_non_assessor_cannot_be_assigned(walk):
    app = walk.submitted()
    with pytest.raises(DomainError, match=assessment.ASSESSOR_ROLE_REQUIRED):
        assessment.assignment_create(application=app, assessor=walk.finance, by=walk.manager)


def test_failed_eligibility_needs_an_override_reason(walk, applicant):
    applicant.test_organisation.registered_postcode = "NN1 1ED"
    applicant.test_organisation.save()
    app = walk.submitted()
    for person in walk.assessors:
        a = assessment.assignment_create(application=app, assessor=person, by=walk.manager)
        assessment.assignment_declare(assignment=a, by=person, conflict=False)
    with pytest.raises(DomainError, match=assessment.ELIGIBILITY_FAILED):
        assessment.application_assessment_start(application=app, by=walk.manager)
    app = assessment.application_assessment_start(
        application=app, by=walk.manager, override_reason="Registered office moving to B1."
    )
    assert app.status == S.IN_ASSESSMENT


def test_panel_needs_two_complete_scores(walk):
    app = walk.in_assessment()
    walk.score(app, walk.assessors[0], 4)
    with pytest.raises(DomainError, match=assessment.TOO_FEW_SCORES):
        assessment.application_panel_send(application=app, by=walk.manager)


def test_scores_out_of_range_or_incomplete_are_refused(walk):
    app = walk.in_assessment()
    a = walk.assessors[0]
    assignment = app.assignments.get(assessor=a)
    criteria = list(app.call.criteria.all())
    with pytest.raises(Exception, match="0 to 5"):
        assessment.assignment_score(
            assignment=assignment, by=a, scores=[{"criterion": c.pk, "score": 6} for c in criteria]
        )
    with pytest.raises(Exception, match="Score every criterion"):
        assessment.assignment_score(
            assignment=assignment, by=a, scores=[{"criterion": criteria[0].pk, "score": 3}]
        )


def test_moderation_flagged_when_totals_differ_by_more_than_spread(walk):
    app = walk.in_assessment()
    walk.score(app, walk.assessors[0], 5)
    walk.score(app, walk.assessors[1], 2)  # 100% vs 40%: spread 60 > 20
    app.refresh_from_db()
    assert app.moderation_required is True
    assert app.weighted_score == Decimal("70.00")
    with pytest.raises(DomainError, match="moderation"):
        assessment.application_panel_send(application=app, by=walk.manager)
    app = assessment.application_panel_send(
        application=app, by=walk.manager, moderation_note="Agreed 70% at moderation."
    )
    assert app.status == S.PANEL


def test_award_at_threshold_needs_one_approver(walk):
    app = walk.at_panel(amount_requested=Decimal("5000.00"))
    app = decisions.application_approve(application=app, by=walk.ic, amount=Decimal("5000"))
    assert app.status == S.APPROVED
    assert app.days_to_decision == 0
    assert app.offer.amount == Decimal("5000.00")


def test_award_above_threshold_needs_a_second_different_approver(walk):
    app = walk.at_panel(
        amount_requested=Decimal("12000.00"), costs=[("Rig", "equipment", Decimal("30000"))]
    )
    app = decisions.application_approve(application=app, by=walk.ic)
    assert app.status == S.PANEL
    with pytest.raises(Conflict, match="someone else"):
        decisions.application_approve(application=app, by=walk.ic)
    app = decisions.application_approve(application=app, by=walk.ic2)
    assert app.status == S.APPROVED
    assert app.approvals.count() == 2


def test_database_refuses_a_second_approval_by_the_same_person(walk):
    app = walk.at_panel()
    Approval.objects.create(
        application=app, approver=walk.ic, amount=Decimal("1"), approved_at=app.created_at
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(
            application=app, approver=walk.ic, amount=Decimal("1"), approved_at=app.created_at
        )


def test_assessor_cannot_approve(walk):
    app = walk.at_panel()
    with pytest.raises(DomainError):
        decisions.application_approve(application=app, by=walk.assessors[0])


def test_approval_only_at_panel(walk):
    app = walk.in_assessment()
    with pytest.raises(InvalidTransition):
        decisions.application_approve(application=app, by=walk.ic)


def test_reject_records_reason_and_time_to_decision(walk):
    app = walk.at_panel()
    app = decisions.application_reject(application=app, by=walk.ic, reason="Below pass mark.")
    assert app.status == S.REJECTED
    assert app.decision_reason == "Below pass mark."
    assert app.days_to_decision == 0


def test_approval_below_pass_mark_needs_a_recorded_reason(walk):
    app = walk.in_assessment()
    walk.score(app, walk.assessors[0], 2)
    walk.score(app, walk.assessors[1], 2)  # 40% < 60% pass mark
    app = assessment.application_panel_send(application=app, by=walk.manager)
    with pytest.raises(DomainError, match="below the pass mark"):
        decisions.application_approve(application=app, by=walk.ic)
    app = decisions.application_approve(
        application=app, by=walk.ic, note="Strategic fit: only regional supplier."
    )
    assert app.status == S.APPROVED
    assert app.decision_reason == "Strategic fit: only regional supplier."
