"""The shared transition mechanism: the table, the actor's permission, the event and history."""

from __future__ import annotations

import pytest

from fundops.models import Organisation, WorkflowEvent
from fundops.workflow import InvalidTransition, events_for, time_in_status, transition
from tests.fundops.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_illegal_transition_is_refused_with_409_and_a_reason(api_client, fund_manager):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    api_client.force_authenticate(fund_manager)

    response = api_client.post(
        f"/api/organisations/{organisation.pk}/transition/", {"to": "suspended"}, format="json"
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "invalid_transition"
    assert "cannot move from “Pending verification” to “Suspended”" in error["reason"]
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING
    assert not WorkflowEvent.objects.exists()


def test_legal_transition_leaves_an_event_row_and_a_history_row(api_client, fund_manager):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    history_before = organisation.history.count()
    api_client.force_authenticate(fund_manager)

    response = api_client.post(
        f"/api/organisations/{organisation.pk}/transition/",
        {"to": "verified", "reason": "Companies House record checked"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "verified"
    event = WorkflowEvent.objects.get()
    assert (event.from_status, event.to_status) == ("pending", "verified")
    assert event.actor == fund_manager
    assert event.reason == "Companies House record checked"
    assert event.subject == organisation
    assert organisation.history.count() == history_before + 1
    latest = organisation.history.latest()
    assert latest.status == "verified"
    assert latest.history_user == fund_manager
    assert latest.history_change_reason == "Companies House record checked"


def test_actor_without_the_permission_is_refused(api_client, assessor):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    api_client.force_authenticate(assessor)

    response = api_client.post(
        f"/api/organisations/{organisation.pk}/transition/", {"to": "verified"}, format="json"
    )

    assert response.status_code == 409
    assert "You do not have permission" in response.json()["error"]["reason"]


def test_transition_raises_one_exception_type(fund_manager):
    organisation = OrganisationFactory(status=Organisation.Status.REJECTED)
    with pytest.raises(InvalidTransition) as caught:
        transition(organisation, to=Organisation.Status.VERIFIED, by=fund_manager)
    assert caught.value.from_status == "rejected"
    assert caught.value.to_status == "verified"


def test_events_are_append_only(fund_manager):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    event = transition(organisation, to=Organisation.Status.VERIFIED, by=fund_manager)
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_time_in_status_adds_up_each_stay(fund_manager):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    start = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    transition(organisation, to="verified", by=fund_manager, at=start)
    transition(organisation, to="suspended", by=fund_manager, at=start + timedelta(days=3))
    transition(organisation, to="verified", by=fund_manager, at=start + timedelta(days=4))

    totals = time_in_status(list(events_for(organisation)), now=start + timedelta(days=10))

    assert totals == {"verified": timedelta(days=9), "suspended": timedelta(days=1)}


def test_staff_page_shows_an_illegal_move_as_a_message(client, fund_manager):
    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    client.force_login(fund_manager)

    response = client.post(
        f"/staff/organisations/{organisation.pk}/", {"to": "suspended", "reason": ""}, follow=True
    )

    assert "cannot move from “Pending verification” to “Suspended”" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_to_change_or_delete_an_event(fund_manager):
    """Even a raw query cannot rewrite history: triggers on SQLite and PostgreSQL."""
    from django.db import IntegrityError, connection, transaction

    organisation = OrganisationFactory(status=Organisation.Status.PENDING)
    event = transition(organisation, to=Organisation.Status.VERIFIED, by=fund_manager)
    assert WorkflowEvent._meta.db_table == "fundops_workflowevent"

    statements = [
        "UPDATE fundops_workflowevent SET reason = 'x'",
        "DELETE FROM fundops_workflowevent",
    ]
    for sql in statements:
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkflowEvent.objects.filter(pk=event.pk).update(reason="bulk rewrite")
    assert WorkflowEvent.objects.get(pk=event.pk).reason == ""
