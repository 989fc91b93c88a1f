from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from fundops.api.errors import DomainError
from fundops.workflow import events_for
from grants.models import Application, EligibilityCheck
from grants.services import applications as svc
from grants.services.eligibility import application_eligibility_run
from tests.grants.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def test_submit_records_events_and_eligibility_results(walk, applicant):
    app = walk.submitted()
    assert app.status == S.ELIGIBILITY_CHECK
    assert app.eligibility_passed is True
    rules = set(app.eligibility_checks.values_list("rule", flat=True))
    assert rules == set(EligibilityCheck.Rule.values)
    moves = [(e.from_status, e.to_status, e.actor) for e in events_for(app)]
    assert moves == [
        ("draft", "submitted", applicant),
        ("submitted", "eligibility_check", applicant),
    ]
    assert app.submitted_at is not None


def test_submit_emails_the_applicant_after_commit(
    walk, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk.submitted()
    assert any(applicant.email in m.to for m in mail.outbox)


def test_failed_eligibility_is_recorded_with_reasons_not_rejected(walk, applicant):
    organisation = applicant.test_organisation
    organisation.registered_postcode = "ST4 2DE"
    organisation.headcount = 400
    organisation.save()
    app = walk.submitted(amount_requested=Decimal("7000.00"))
    assert app.status == S.ELIGIBILITY_CHECK
    assert app.eligibility_passed is False
    failed = dict(app.eligibility_checks.filter(passed=False).values_list("rule", "reason"))
    assert set(failed) == {"sme", "region", "intervention_rate"}
    assert "ST4 2DE" in failed["region"]


def test_declared_mfa_over_the_limit_fails_the_subsidy_rule(walk, applicant):
    app = walk.draft()
    svc.mfa_declaration_add(
        application=app,
        by=applicant,
        awarding_body="Innovate UK",
        received_on=timezone.localdate() - timedelta(days=30),
        amount=Decimal("312000"),
    )
    app = svc.application_submit(application=app, by=applicant)
    check = app.eligibility_checks.get(rule="subsidy_limit")
    assert not check.passed
    assert "£317,000.00" in check.reason


def test_only_eligible_categories_count_towards_the_intervention_rate(walk):
    app = walk.submitted(
        costs=[("Staff time", "staff", Decimal("50000")), ("Rig", "equipment", Decimal("8000"))]
    )
    # 50% of £8,000 eligible = £4,000 < £5,000 requested
    assert not app.eligibility_checks.get(rule="intervention_rate").passed


def test_word_limit_is_enforced_on_submit_not_on_draft(walk, applicant):
    app = walk.draft()
    svc.application_update(application=app, by=applicant, answers={"barrier": "word " * 251})
    with pytest.raises(ValidationError) as error:
        svc.application_submit(application=app, by=applicant)
    assert error.value.message_dict["answers.barrier"] == [
        svc.ANSWER_TOO_LONG.format(words=251, limit=250)
    ]


def test_incomplete_draft_lists_every_missing_part(walk, applicant):
    app = walk.draft(amount_requested=None, declaration_accepted=False, answers={}, costs=[])
    app.cost_lines.all().delete()
    with pytest.raises(ValidationError) as error:
        svc.application_submit(application=app, by=applicant)
    errors = error.value.message_dict
    assert errors["amount_requested"] == [svc.AMOUNT_REQUIRED]
    assert errors["declaration_accepted"] == [svc.DECLARATION_REQUIRED]
    assert errors["cost_lines"] == [svc.COSTS_REQUIRED]
    assert errors["answers.project"] == [svc.ANSWER_REQUIRED]


def test_cannot_submit_to_a_closed_call(walk, applicant):
    call = CallFactory(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=1)
    )
    app = walk.draft(call=call)
    with pytest.raises(DomainError, match=svc.CALL_NOT_OPEN):
        svc.application_submit(application=app, by=applicant)


def test_another_organisations_member_cannot_edit(walk, other_applicant):
    app = walk.draft()
    with pytest.raises(DomainError):
        svc.application_update(application=app, by=other_applicant, title="Hijack")


def test_submitted_application_cannot_be_edited(walk, applicant):
    app = walk.submitted()
    with pytest.raises(DomainError):
        svc.cost_line_add(
            application=app, by=applicant, item="x", category="equipment", net_amount=Decimal("10")
        )


def test_clarification_returns_to_the_step_that_asked(walk, applicant):
    app = walk.in_assessment()
    svc.application_info_request(application=app, by=walk.manager, question="Quote from B?")
    app.refresh_from_db()
    assert app.status == S.MORE_INFO_REQUESTED
    svc.cost_line_add(
        application=app, by=applicant, item="Extra", category="equipment", net_amount=Decimal("100")
    )
    svc.application_info_respond(application=app, by=applicant, answer="Attached.")
    app.refresh_from_db()
    assert app.status == S.IN_ASSESSMENT
    assert app.info_response == "Attached."


def test_withdraw_from_open_state_but_not_after_acceptance(walk, applicant):
    app = walk.submitted()
    svc.application_withdraw(application=app, by=applicant, reason="Funded elsewhere")
    app.refresh_from_db()
    assert app.status == S.WITHDRAWN
    accepted = walk.accepted()
    with pytest.raises(DomainError, match=svc.NOT_WITHDRAWABLE):
        svc.application_withdraw(application=accepted, by=applicant)


def test_future_mfa_date_is_refused(walk, applicant):
    app = walk.draft()
    with pytest.raises(ValidationError):
        svc.mfa_declaration_add(
            application=app,
            by=applicant,
            awarding_body="X",
            received_on=date(2099, 1, 1),
            amount=Decimal("1"),
        )


def test_earlier_awards_from_this_scheme_count_as_mfa(walk, applicant):
    walk.approved(amount_requested=Decimal("6000.00"))
    app = ApplicationFactory(organisation=applicant.test_organisation, created_by=applicant)
    application_eligibility_run(application=app)
    reason = app.eligibility_checks.get(rule="subsidy_limit").reason
    assert "£6,000.00" in reason  # declared so far
