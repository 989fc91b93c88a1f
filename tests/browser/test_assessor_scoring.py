"""The assessor's scoring in a real browser (desktop): sign in with the second factor,
declare no conflict of interest, score each criterion with a comment, save; then the fund
manager sees the weighted score and sends the application to panel."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from grants.models import Application
from grants.services import assessment
from grants.services.applications import application_submit
from tests.browser.journeys import assert_accessible, staff_member, staff_sign_in, status_message
from tests.fundops.factories import OrganisationFactory, UserFactory
from tests.grants.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Criteria of CallFactory: Need ×3, Delivery ×2, Value for money ×1 (the maximum is 30 points).
OUR_SCORES = {"Need": ("4", "Clear clinical need."), "Delivery": ("3", "Tight plan.")}
OUR_SCORES["Value for money"] = ("5", "Quotes are competitive.")


def test_assessor_declares_scores_and_the_fund_manager_sees_the_weighted_score(open_page, settings):
    settings.STAFF_2FA_REQUIRED = True
    applicant = UserFactory.with_role("applicant")
    organisation = OrganisationFactory(name="Walsall Wound Care Ltd", members=[applicant])
    manager, manager_device = staff_member("fund_manager")
    assessor, assessor_device = staff_member("assessor", email="ade@example.com")
    colleague = UserFactory.with_role("assessor")
    application = application_submit(
        application=ApplicationFactory(organisation=organisation, created_by=applicant),
        by=applicant,
    )
    for person in (assessor, colleague):
        assessment.assignment_create(application=application, assessor=person, by=manager)
    assessment.application_assessment_start(application=application, by=manager)
    # The other assessor has already scored: 3 on every criterion, i.e. 18/30 = 60.00%.
    other = assessment.assignment_declare(
        assignment=application.assignments.get(assessor=colleague), by=colleague, conflict=False
    )
    criteria = list(application.call.criteria.all())
    assessment.assignment_score(
        assignment=other, by=colleague, scores=[{"criterion": c.pk, "score": 3} for c in criteria]
    )

    page = open_page()
    detail = f"/grants/staff/applications/{application.pk}/"
    # The application stays closed until the assessor declares: they are sent to declare.
    staff_sign_in(page, assessor, assessor_device, "/grants/staff/")
    page.goto(detail)
    page.wait_for_url(re.compile(r"/declare/$"))
    assert "Walsall Wound Care Ltd" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("No conflict of interest").check()
    page.get_by_role("button", name="Declare").click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    assert "Declaration recorded" in status_message(page)

    page.get_by_role("button", name="Score this application").click()
    assert_accessible(page)
    for name, (score, comment) in OUR_SCORES.items():
        page.get_by_label(f"{name} (weight", exact=False).select_option(score)
        page.get_by_label(f"{name}: comment").fill(comment)
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    assert "Scores saved." in status_message(page)
    # 4×3 + 3×2 + 5×1 = 23 of 30 points = 76.67%.
    ours = page.get_by_role("table", name=f"Scores by {assessor.email}")
    assert "Clear clinical need." in ours.inner_text()
    assert "Weighted total 76.67%." in page.locator("main").inner_text()

    # The fund manager: the average of the two totals, (76.67 + 60.00) / 2 = 68.335 → 68.34%.
    manager_page = open_page()
    staff_sign_in(manager_page, manager, manager_device, detail)
    facts = manager_page.locator("dl.facts").inner_text()
    assert "68.34% (pass mark 60.00%)" in facts
    manager_page.get_by_role("button", name="Send to panel").click()
    assert "Sent to panel." in status_message(manager_page)
    application.refresh_from_db()
    assert application.status == Application.Status.PANEL
    assert application.weighted_score == Decimal("68.34")
    manager_page.goto("/grants/staff/")
    row = manager_page.get_by_role("row", name=re.compile(application.reference))
    assert "68.34%" in row.inner_text()
    assert page.csp_errors == [] and manager_page.csp_errors == []
