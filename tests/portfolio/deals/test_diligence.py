from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from fundops.api.errors import Conflict
from portfolio.models import DDItem, Deal
from portfolio.services import deals, diligence

pytestmark = pytest.mark.django_db
S = Deal.Status


def test_screening_check_blocks_due_diligence_when_private_money_is_short(walk):
    deal = walk.screening(private=Decimal("40000.00"), amount_sought=Decimal("50000.00"))
    with pytest.raises(Conflict) as error:
        deals.deal_move(deal=deal, to=S.DUE_DILIGENCE, by=walk.manager)
    assert error.value.reason == (
        "Co-investment rules failed: Private money on the same terms: Private money £40,000.00 "
        "on the same terms is less than 1 × the fund's £50,000.00 (£50,000.00 needed)."
    )
    deal.refresh_from_db()
    assert deal.status == S.SCREENING and not deal.dd_items.exists()


def test_starting_dd_copies_the_device_template_with_owner_and_due_dates(walk):
    deal = walk.screening()
    deals.deal_owner_assign(deal=deal, by=walk.manager, owner=walk.manager)
    deal = diligence.dd_start(deal=deal, by=walk.manager, at=datetime(2026, 5, 1, 10, tzinfo=UTC))
    items = list(deal.dd_items.all())
    titles = {i.title for i in items}
    assert "ISO 13485 quality management system" in titles
    assert "DTAC assessment" not in titles  # digital health only
    assert {i.workstream for i in items} == {
        "commercial",
        "financial",
        "legal",
        "ip",
        "regulatory",
        "clinical",
        "team",
        "esg",
    }
    assert all(i.owner == walk.manager for i in items)
    fto = next(i for i in items if i.title == "Freedom to operate")
    assert fto.due_date == date(2026, 5, 29)


def test_digital_health_deal_gets_dtac_and_nice_items(walk):
    deal = walk.in_dd(deal_type="digital_health")
    titles = set(deal.dd_items.values_list("title", flat=True))
    assert {"DTAC assessment", "NICE evidence standards tier"} <= titles
    assert "ISO 13485 quality management system" not in titles


def test_dd_complete_refused_listing_open_items_then_allowed_with_a_waiver(walk):
    deal = walk.in_dd()
    items = list(deal.dd_items.order_by("order"))
    for item in items[:-2]:
        diligence.dd_item_update(item=item, by=walk.manager, status="done", rag="green")
    with pytest.raises(Conflict) as error:
        diligence.dd_complete(deal=deal, by=walk.manager)
    assert error.value.reason.startswith("Due diligence cannot be completed: 2 item(s) still open:")
    assert items[-1].title in error.value.reason and items[-2].title in error.value.reason
    diligence.dd_item_update(item=items[-2], by=walk.manager, status="done", rag="amber")
    with pytest.raises(ValidationError):
        diligence.dd_item_update(item=items[-1], by=walk.manager, status="waived")
    diligence.dd_item_update(
        item=items[-1], by=walk.manager, status="waived", waived_reason="Covered by the lead's DD."
    )
    deal = diligence.dd_complete(deal=deal, by=walk.manager)
    assert deal.status == S.INVESTMENT_COMMITTEE
    waived = DDItem.objects.get(pk=items[-1].pk)
    assert (waived.status, waived.closed_by) == ("waived", walk.manager)


def test_overdue_items_remind_each_owner_once_a_day(walk, django_capture_on_commit_callbacks):
    deal = walk.in_dd()
    item = deal.dd_items.first()
    diligence.dd_item_update(
        item=item, by=walk.manager, owner=walk.manager, due_date=date(2026, 1, 5)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert diligence.dd_reminders_send(today=date(2026, 1, 6)) == 1
        assert diligence.dd_reminders_send(today=date(2026, 1, 6)) == 0
    (message,) = mail.outbox
    assert message.to == [walk.manager.email]
    assert item.title in message.body and "05 Jan 2026" in message.body


def test_reminders_run_daily_from_celery_beat(walk, settings, django_capture_on_commit_callbacks):
    from portfolio.tasks import dd_reminders_send

    schedule = settings.CELERY_BEAT_SCHEDULE["portfolio-dd-reminders"]
    assert schedule == {"task": "portfolio.tasks.dd_reminders_send", "schedule": 86400.0}
    deal = walk.in_dd()
    diligence.dd_item_update(
        item=deal.dd_items.first(), by=walk.manager, owner=walk.manager, due_date=date(2020, 1, 1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert dd_reminders_send.delay().get() == 1
    assert [m.to for m in mail.outbox] == [[walk.manager.email]]
