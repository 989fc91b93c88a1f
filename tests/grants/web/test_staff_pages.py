"""Staff pages: the queue (filters, search, budget panel, 360Giving links), the application
page, and the assessment and panel actions with the rules a user would meet."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from grants.models import Application
from grants.services.assessment import CONFLICTED, DECLARE_FIRST, TOO_FEW_ASSESSORS
from grants.services.decisions import SAME_APPROVER
from grants.web.assess import DECLARED_CONFLICT, DECLARED_NONE, SCORED
from grants.web.staff_actions import APPROVED, AWAITING_SECOND
from tests.grants.factories import CallFactory
from tests.grants.web.helpers import sign_in

pytestmark = pytest.mark.django_db


def test_queue_filters_by_state_call_and_search(client, walk, fund_manager):
    other_call = CallFactory(name="Clinical evaluation round")
    submitted = walk.submitted(title="Smart inhaler")
    draft = walk.draft(title="Draft only", call=other_call)
    sign_in(client, fund_manager)
    url = reverse("grants:staff-queue")

    by_state = client.get(url, {"status": "eligibility_check"}).content.decode()
    assert "Smart inhaler" in by_state and "Draft only" not in by_state

    by_call = client.get(url, {"call": other_call.pk}).content.decode()
    assert "Draft only" in by_call and "Smart inhaler" not in by_call

    by_reference = client.get(url, {"q": submitted.reference}).content.decode()
    assert "Smart inhaler" in by_reference and "Draft only" not in by_reference

    by_company = client.get(url, {"q": draft.organisation.name}).content.decode()
    assert "Draft only" in by_company


def test_queue_shows_each_calls_budget_and_the_360giving_downloads(client, walk, fund_manager):
    app = walk.accepted()  # £5,000 committed on a £100,000 budget
    sign_in(client, fund_manager)
    page = client.get(reverse("grants:staff-queue")).content.decode()
    assert app.call.name in page
    assert "£100,000.00" in page
    assert "£95,000.00" in page  # remaining
    assert reverse("grants:export-json") in page
    assert reverse("grants:export-csv") in page


def test_an_applicant_cannot_open_staff_pages(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("grants:staff-queue")).status_code == 403


def test_application_page_shows_answers_costs_eligibility_and_history(client, walk, fund_manager):
    app = walk.submitted(title="Smart inhaler")
    sign_in(client, fund_manager)
    page = client.get(reverse("grants:staff-application", args=[app.pk])).content.decode()
    assert "Smart inhaler" in page
    assert "Bench test rig" in page
    assert "SME" in page  # an eligibility rule with its result
    assert "Eligibility checked automatically on submission." in page
    assert app.call.questions[0]["label"] in page


def test_staff_assign_two_assessors_then_start_assessment(client, walk, fund_manager):
    app = walk.submitted()
    sign_in(client, fund_manager)
    start = reverse("grants:staff-start-assessment", args=[app.pk])
    too_early = client.post(start, follow=True)
    assert TOO_FEW_ASSESSORS in too_early.content.decode()
    for person in walk.assessors:
        client.post(reverse("grants:staff-assign", args=[app.pk]), {"assign-assessor": person.pk})
    assert app.assignments.count() == 2
    # The assessors have not declared yet, but none has declared a conflict: assessment opens.
    client.post(start)
    app.refresh_from_db()
    assert app.status == Application.Status.IN_ASSESSMENT


def test_assessor_must_declare_before_the_application_opens_then_scores(client, walk):
    app = walk.submitted()
    from grants.services import assessment

    person = walk.assessors[0]
    for assessor in walk.assessors:
        assessment.assignment_create(application=app, assessor=assessor, by=walk.manager)
    assessment.application_assessment_start(application=app, by=walk.manager)
    sign_in(client, person)

    blocked = client.get(reverse("grants:staff-application", args=[app.pk]), follow=True)
    assert DECLARE_FIRST in blocked.content.decode()
    assert blocked.redirect_chain[-1][0] == reverse("grants:staff-declare", args=[app.pk])
    assert "Bench test rig" not in blocked.content.decode()
    score_url = reverse("grants:staff-score", args=[app.pk])
    assert client.get(score_url).url == reverse("grants:staff-declare", args=[app.pk])

    declared = client.post(
        reverse("grants:staff-declare", args=[app.pk]), {"conflict": "no"}, follow=True
    )
    assert DECLARED_NONE in declared.content.decode()
    assert "Bench test rig" in declared.content.decode()

    criteria = list(app.call.criteria.all())
    data = {f"score_{c.pk}": "4" for c in criteria}
    data.update({f"comment_{c.pk}": "Clear plan." for c in criteria})
    data[f"score_{criteria[0].pk}"] = "6"
    out_of_range = client.post(score_url, data)
    assert out_of_range.status_code == 400
    data[f"score_{criteria[0].pk}"] = "5"
    scored = client.post(score_url, data, follow=True)
    assert SCORED in scored.content.decode()
    assignment = app.assignments.get(assessor=person)
    assert assignment.total == Decimal("90.00")  # (3×5 + 2×4 + 1×4) / (5 × 6)
    assert assignment.scores.get(criterion=criteria[0]).comment == "Clear plan."


def test_a_conflicted_assessor_cannot_open_or_score_the_application(client, walk):
    app = walk.submitted()
    from grants.services import assessment

    person = walk.assessors[0]
    assessment.assignment_create(application=app, assessor=person, by=walk.manager)
    sign_in(client, person)
    declared = client.post(
        reverse("grants:staff-declare", args=[app.pk]),
        {"conflict": "yes", "note": "I advise this company."},
        follow=True,
    )
    assert DECLARED_CONFLICT in declared.content.decode()
    page = client.get(reverse("grants:staff-application", args=[app.pk]), follow=True)
    assert CONFLICTED in page.content.decode()
    assert "Bench test rig" not in page.content.decode()
    scoring = client.post(reverse("grants:staff-score", args=[app.pk]), {}, follow=True)
    assert CONFLICTED in scoring.content.decode()
    assert not app.assignments.get(assessor=person).scores.exists()


def test_an_assessor_not_assigned_gets_a_404(client, walk, make_user):
    app = walk.submitted()
    stranger = make_user("assessor")
    sign_in(client, stranger)
    assert client.get(reverse("grants:staff-application", args=[app.pk])).status_code == 404
    assert client.get(reverse("grants:staff-declare", args=[app.pk])).status_code == 404


def test_above_the_threshold_a_second_different_approver_is_needed(client, walk, settings):
    settings.GRANTS_FOUR_EYES_THRESHOLD = Decimal("4000")
    app = walk.at_panel()  # £5,000 requested: above the threshold
    url = reverse("grants:staff-approve", args=[app.pk])
    sign_in(client, walk.ic)
    first = client.post(url, {"amount": "5000.00", "note": "Strong case."}, follow=True)
    assert AWAITING_SECOND in first.content.decode()
    app.refresh_from_db()
    assert app.status == Application.Status.PANEL

    again = client.post(url, {"amount": "5000.00"})
    assert again.status_code == 400
    assert SAME_APPROVER in again.content.decode()
    app.refresh_from_db()
    assert app.status == Application.Status.PANEL

    sign_in(client, walk.ic2)
    second = client.post(url, {"amount": "5000.00"}, follow=True)
    assert APPROVED in second.content.decode()
    app.refresh_from_db()
    assert app.status == Application.Status.APPROVED
    assert app.amount_awarded == Decimal("5000.00")


def test_approving_needs_a_recent_password_check(client, walk):
    app = walk.at_panel()
    sign_in(client, walk.ic, recent_auth=False)
    url = reverse("grants:staff-approve", args=[app.pk])
    response = client.post(url, {"amount": "5000.00"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    app.refresh_from_db()
    assert app.status == Application.Status.PANEL


def test_staff_reject_with_a_reason_the_applicant_then_sees(client, walk, applicant):
    app = walk.at_panel()
    sign_in(client, walk.ic)
    client.post(
        reverse("grants:staff-reject", args=[app.pk]),
        {"reject-reason": "The market case is not yet made."},
    )
    app.refresh_from_db()
    assert app.status == Application.Status.REJECTED
    client.force_login(applicant)
    page = client.get(reverse("grants:portal-application", args=[app.pk])).content.decode()
    assert "The market case is not yet made." in page


def test_an_assessor_cannot_reject_and_is_told_why(client, walk):
    app = walk.at_panel()
    sign_in(client, walk.assessors[0])
    response = client.post(
        reverse("grants:staff-reject", args=[app.pk]), {"reject-reason": "No."}, follow=True
    )
    assert response.status_code == 200
    app.refresh_from_db()
    assert app.status == Application.Status.PANEL


def test_request_more_information_from_staff(client, walk):
    app = walk.submitted()
    sign_in(client, walk.manager)
    client.post(
        reverse("grants:staff-request-info", args=[app.pk]),
        {"info-question": "Which supplier will build the prototype?"},
    )
    app.refresh_from_db()
    assert app.status == Application.Status.MORE_INFO_REQUESTED
    assert app.info_request == "Which supplier will build the prototype?"


def test_staff_get_only_pages_answer_405(client, walk):
    sign_in(client, walk.manager)
    assert client.post(reverse("grants:staff-queue")).status_code == 405
    app = walk.submitted()
    assert client.post(reverse("grants:staff-application", args=[app.pk])).status_code == 405
    assert client.get(reverse("grants:staff-assign", args=[app.pk])).status_code == 405


def test_sending_to_panel_needs_a_moderation_note_when_assessors_differ(client, walk):
    from grants.services.assessment import MODERATION_NOTE_REQUIRED

    app = walk.in_assessment()
    walk.score(app, walk.assessors[0], 5)
    walk.score(app, walk.assessors[1], 1)
    sign_in(client, walk.manager)
    url = reverse("grants:staff-send-to-panel", args=[app.pk])
    refused = client.post(url, {"panel-moderation_note": ""}, follow=True)
    assert escape(MODERATION_NOTE_REQUIRED) in refused.content.decode()
    app.refresh_from_db()
    assert app.status == Application.Status.IN_ASSESSMENT
    client.post(url, {"panel-moderation_note": "Agreed 60% after discussion."})
    app.refresh_from_db()
    assert app.status == Application.Status.PANEL


def test_a_failed_eligibility_needs_a_reason_to_assess_anyway(client, walk):
    from grants.services import assessment
    from grants.services.assessment import ELIGIBILITY_FAILED

    app = walk.submitted(amount_requested=Decimal("30000.00"))  # above the call's maximum
    assert app.eligibility_passed is False
    for person in walk.assessors:
        assessment.assignment_create(application=app, assessor=person, by=walk.manager)
    sign_in(client, walk.manager)
    url = reverse("grants:staff-start-assessment", args=[app.pk])
    refused = client.post(url, {"start-override_reason": ""}, follow=True)
    assert ELIGIBILITY_FAILED in refused.content.decode()
    client.post(url, {"start-override_reason": "Panel agreed to cap the award at £25,000."})
    app.refresh_from_db()
    assert app.status == Application.Status.IN_ASSESSMENT
    assert app.eligibility_override_reason == "Panel agreed to cap the award at £25,000."
