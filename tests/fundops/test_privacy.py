"""A person can take their data away; erasure keeps the records a public funder must keep."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from fundops.models import Organisation, User, WorkflowEvent
from fundops.privacy import ERASED_NAME, user_erase
from fundops.workflow import transition

pytestmark = pytest.mark.django_db


def test_applicant_downloads_everything_held_about_them(client, applicant):
    client.force_login(applicant)
    response = client.get("/accounts/my-data.json")
    assert response["Content-Disposition"] == 'attachment; filename="fundops-my-data.json"'
    data = json.loads(response.content)
    assert data["account"]["email"] == applicant.email
    assert data["account"]["roles"] == ["applicant"]
    assert [o["company_number"] for o in data["organisations"]] == [
        applicant.test_organisation.company_number
    ]


def test_erasure_anonymises_the_person_and_their_history_but_keeps_decisions(fund_manager):
    organisation = Organisation.objects.create(
        name="Kept Ltd",
        company_number="01010101",
        registered_postcode="B4 7ET",
        headcount=1,
        turnover=0,
        balance_sheet_total=0,
        sector="medtech",
        sub_sector="diagnostics",
    )
    transition(organisation, to="verified", by=fund_manager, reason="checked")
    old_email = fund_manager.email

    user_erase(user=fund_manager)
    user_erase(user=fund_manager)  # safe twice

    erased = User.objects.get(pk=fund_manager.pk)
    assert erased.full_name == ERASED_NAME
    assert erased.email.endswith("@erased.invalid")
    assert not erased.is_active and not erased.has_usable_password()
    assert not erased.history.filter(email=old_email).exists()
    assert WorkflowEvent.objects.get().actor_id == fund_manager.pk  # the decision stays


def test_retention_command_erases_only_long_unused_applicants(
    applicant, other_applicant, board_member
):
    long_ago = timezone.now() - timedelta(days=8 * 365)
    User.objects.filter(pk__in=[applicant.pk, board_member.pk]).update(last_login=long_ago)
    out = io.StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)
    assert "would erase 1 account(s)" in out.getvalue()
    call_command("apply_retention", stdout=out)

    assert User.objects.get(pk=applicant.pk).full_name == ERASED_NAME
    assert User.objects.get(pk=other_applicant.pk).full_name != ERASED_NAME  # recent
    assert User.objects.get(pk=board_member.pk).full_name != ERASED_NAME  # staff: not this rule


def test_erasure_drops_the_persons_emails_from_the_outbox(applicant, other_applicant):
    from fundops.models import OutboxMessage

    def email_to(user: User) -> OutboxMessage:
        return OutboxMessage.objects.create(
            task_name="fundops.tasks.email_send",
            args=[[user.email.upper()], "Your grant", f"Dear {user.full_name}"],
        )

    sent, _pending, kept = email_to(applicant), email_to(applicant), email_to(other_applicant)
    OutboxMessage.objects.filter(pk=sent.pk).update(sent_at=timezone.now())

    user_erase(user=applicant)

    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [kept.pk]
