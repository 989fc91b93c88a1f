"""Personal data: export everything held about a person, erase it, and apply retention.

Erasure anonymises personal fields (name, email, password, history copies of them) but
keeps the records a public funder must keep (applications, awards, payments, decisions):
they stay, pointing at an anonymous user. Apps add their part of the export through
``settings.PRIVACY_EXPORTERS`` (callables taking the user, returning a JSON-ready dict).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from fundops.models import Document, OutboxMessage, User, WorkflowEvent
from fundops.roles import user_role_slugs

ERASED_NAME = "Erased user"


def _organisation(org: Any) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "company_number": org.company_number,
        "registered_postcode": org.registered_postcode,
        "headcount": org.headcount,
        "turnover": str(org.turnover),
        "balance_sheet_total": str(org.balance_sheet_total),
        "sector": org.sector,
        "sub_sector": org.sub_sector,
        "website": org.website,
        "status": org.status,
    }


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything FundOps holds about ``user``, as JSON-ready data."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user_role_slugs(user)),
        },
        "organisations": [_organisation(org) for org in user.organisations.all()],
        "documents_uploaded": [
            {
                "id": d.pk,
                "name": d.original_name,
                "type": d.content_type_sniffed,
                "size": d.size,
                "uploaded_at": d.uploaded_at.isoformat(),
            }
            for d in Document.objects.filter(owner=user)
        ],
        "decisions_taken": [
            {
                "record": f"{e.content_type.app_label}.{e.content_type.model}#{e.object_id}",
                "from": e.from_status,
                "to": e.to_status,
                "reason": e.reason,
                "at": e.at.isoformat(),
            }
            for e in WorkflowEvent.objects.filter(actor=user).select_related("content_type")
        ],
    }
    for dotted in settings.PRIVACY_EXPORTERS:
        data.update(import_string(dotted)(user))
    return data


@transaction.atomic
def user_erase(*, user: User) -> User:
    """Anonymise the person; keep what must be kept. Safe to run twice."""
    user = User.objects.select_for_update().get(pk=user.pk)
    old_email = user.email
    anonymous_email = f"erased-{user.pk}@erased.invalid"
    user.email = anonymous_email
    user.full_name = ERASED_NAME
    user.is_active = False
    user.set_unusable_password()
    user._change_reason = "personal data erased"  # type: ignore[attr-defined]
    user.save()
    # The history table keeps copies of the old values: erase them too.
    user.history.update(email=anonymous_email, full_name=ERASED_NAME)
    _outbox_forget(old_email)
    return user


def _outbox_forget(email: str) -> None:
    """Outbox rows keep each email's address and text for a while: drop the person's, sent
    or not (nothing more is sent to an erased person)."""
    needle = email.lower()
    mentions = [
        message.pk
        for message in OutboxMessage.objects.only("pk", "args", "kwargs").iterator()
        if needle in json.dumps([message.args, message.kwargs]).lower()
    ]
    OutboxMessage.objects.filter(pk__in=mentions).delete()


def retention_candidates(*, now: Any = None) -> Any:
    """Applicant accounts unused for longer than PRIVACY_RETENTION_DAYS (not yet erased)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PRIVACY_RETENTION_DAYS)
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(email__endswith="@erased.invalid")
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )
