from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from portfolio.models import MonitoringReturn
from portfolio.services.exits import investment_write_off
from portfolio.services.monitoring import (
    monitoring_reminders_send,
    monitoring_returns_schedule,
    quarter_end_before,
)
from portfolio.tasks import monitoring_returns_remind
from tests.portfolio.factories import equity_investment

pytestmark = pytest.mark.django_db


def test_quarter_end_before():
    assert quarter_end_before(date(2025, 4, 1)) == date(2025, 3, 31)
    assert quarter_end_before(date(2025, 3, 31)) == date(2024, 12, 31)
    assert quarter_end_before(date(2025, 12, 15)) == date(2025, 9, 30)


def test_schedule_makes_one_return_per_held_company_and_is_safe_twice(fund_manager, applicant):
    held = equity_investment(by=fund_manager, organisation=applicant.test_organisation)
    gone = equity_investment(by=fund_manager)
    investment_write_off(investment=gone, date=date(2024, 1, 1), by=fund_manager, reason="Closed")
    assert monitoring_returns_schedule(today=date(2025, 4, 2)) == 1
    assert monitoring_returns_schedule(today=date(2025, 4, 20)) == 0
    item = MonitoringReturn.objects.get()
    assert item.organisation == held.organisation
    assert (item.period_end, item.due_on) == (date(2025, 3, 31), date(2025, 4, 30))


def test_reminders_are_sent_once_and_late_returns_flagged_overdue(
    fund_manager, applicant, django_capture_on_commit_callbacks
):
    equity_investment(by=fund_manager, organisation=applicant.test_organisation)
    monitoring_returns_schedule(today=date(2025, 4, 2))
    assert monitoring_reminders_send(today=date(2025, 4, 2)) == (0, 0)  # due in 28 days
    with django_capture_on_commit_callbacks(execute=True):
        assert monitoring_reminders_send(today=date(2025, 4, 20)) == (1, 0)
        assert monitoring_reminders_send(today=date(2025, 4, 21)) == (0, 0)  # once only
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [applicant.email]
    assert "31 March 2025" in mail.outbox[0].body
    assert monitoring_reminders_send(today=date(2025, 5, 1)) == (0, 1)
    assert monitoring_reminders_send(today=date(2025, 5, 2)) == (0, 0)
    item = MonitoringReturn.objects.get()
    assert item.status == MonitoringReturn.Status.OVERDUE
    assert item.history.first().history_change_reason == "Flagged overdue by the reminder task"


def test_beat_task_runs_the_schedule_and_reminders(fund_manager, applicant):
    equity_investment(by=fund_manager, organisation=applicant.test_organisation)
    monitoring_returns_remind.delay()
    assert MonitoringReturn.objects.count() == 1


def test_applicant_submits_through_the_portal(client, fund_manager, applicant, other_applicant):
    equity_investment(by=fund_manager, organisation=applicant.test_organisation)
    item = MonitoringReturn.objects.create(
        organisation=applicant.test_organisation,
        period="quarterly",
        period_end=date(2025, 3, 31),
        due_on=date(2025, 4, 30),
    )
    client.force_login(other_applicant)
    assert client.get(f"/portfolio/portal/returns/{item.pk}/").status_code == 404
    client.force_login(applicant)
    assert "Submit" in client.get("/portfolio/portal/returns/").content.decode()
    response = client.post(
        f"/portfolio/portal/returns/{item.pk}/",
        {
            "revenue": "210000",
            "headcount": "11",
            "jobs_created": "2",
            "jobs_safeguarded": "9",
            "rnd_spend": "40000",
            "cash_runway_months": "14",
            "follow_on_private_with_fund": "0",
            "follow_on_private_without_fund": "250000",
            "follow_on_public_with_fund": "0",
            "follow_on_public_without_fund": "0",
            "regulatory_milestones": "UKCA mark granted",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == MonitoringReturn.Status.SUBMITTED
    assert item.submitted_by == applicant
    assert item.follow_on_private_without_fund == Decimal("250000.00")


def test_staff_enter_a_return_and_a_refused_one_leaves_nothing(client, fund_manager):
    investment = equity_investment(by=fund_manager)
    client.force_login(fund_manager)
    url = f"/portfolio/companies/{investment.organisation_id}/returns/new/"
    figures = {
        "period": "annual",
        "revenue": "900000",
        "headcount": "20",
        "follow_on_private_with_fund": "0",
        "follow_on_private_without_fund": "0",
        "follow_on_public_with_fund": "0",
        "follow_on_public_without_fund": "0",
    }
    future = client.post(url, {**figures, "period_end": "2099-03-31"})
    assert future.status_code == 400
    assert "The period has not ended yet." in future.content.decode()
    assert not MonitoringReturn.objects.exists()
    assert client.post(url, {**figures, "period_end": "2025-03-31"}).status_code == 302
    item = MonitoringReturn.objects.get()
    assert (item.status, item.submitted_by, item.revenue) == (
        "submitted",
        fund_manager,
        Decimal("900000.00"),
    )
    again = client.post(url, {**figures, "period_end": "2025-03-31"})
    assert again.status_code == 400
    assert "already exists" in again.content.decode()
