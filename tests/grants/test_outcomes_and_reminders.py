from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from fundops.api.errors import Conflict
from grants.selectors import application_timings
from grants.services.outcomes import outcome_report_submit, reminders_send
from grants.tasks import reminders_send as reminders_task

pytestmark = pytest.mark.django_db


def test_outcome_report_submitted_once(walk):
    app = walk.accepted()
    walk.paid_claim(app, final=True)
    report = app.outcome_reports.get(kind="6m")
    report = outcome_report_submit(
        report=report,
        by=walk.applicant,
        jobs_created=2,
        prototype_built=True,
        follow_on_private=Decimal("25000"),
    )
    assert report.jobs_created == 2 and report.follow_on_private == Decimal("25000.00")
    with pytest.raises(Conflict):
        outcome_report_submit(report=report, by=walk.applicant, jobs_created=3)


def test_reminders_are_sent_once_however_often_the_task_runs(
    walk, django_capture_on_commit_callbacks
):
    app = walk.accepted()
    walk.paid_claim(app, final=True)
    report = app.outcome_reports.get(kind="6m")
    report.due_on = timezone.localdate() - timedelta(days=1)
    report.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_task.delay().get()
        second = reminders_send()
    assert first["outcome_reports"] == 1
    assert second["outcome_reports"] == 0
    assert [m.subject for m in mail.outbox] == [f"{app.reference}: 6 months outcome report overdue"]


def test_final_claim_reminder_when_project_ended(walk, django_capture_on_commit_callbacks):
    app = walk.accepted()
    app.project_end = timezone.localdate() - timedelta(days=3)
    app.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send()["final_claims"] == 1
        assert reminders_send()["final_claims"] == 0
    assert len(mail.outbox) == 1


def test_time_in_each_state_and_days_to_decision(walk):
    app = walk.approved()
    timings = application_timings(application=app)
    assert timings.days_to_decision == 0
    assert {"submitted", "eligibility_check", "in_assessment", "panel", "approved"} <= set(
        timings.time_in_status
    )
