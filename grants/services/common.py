"""Helpers every grants service uses: locking, membership, the move + notify step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fundops.api.errors import DomainError
from fundops.models import User
from fundops.notifications import notify
from fundops.workflow import transition
from grants.models import Application

NOT_A_MEMBER = "Only a member of the applicant organisation can do this."
NOT_PERMITTED = "Your role does not allow this."
NOT_EDITABLE = "This application can only be changed while it is a draft or being clarified."

# The demo seeder builds history for made-up companies: it must not email anyone.
_muted: ContextVar[bool] = ContextVar("grants_notifications_muted", default=False)


@contextmanager
def notifications_muted() -> Iterator[None]:
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notify_applicant(application: Application, *, subject: str, body: str) -> None:
    if not _muted.get():
        notify(to=applicant_emails(application), subject=subject, body=body)


EDITABLE_STATES = frozenset({Application.Status.DRAFT, Application.Status.MORE_INFO_REQUESTED})


def lock_application(application: Application) -> Application:
    # of=("self",): lock only the application row. Without it PostgreSQL also locks the joined
    # call and organisation rows, which would serialise unrelated work (and hide which lock
    # guards the budget: the explicit Call lock in decisions.application_approve).
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "organisation")
        .get(pk=application.pk)
    )


def require_member(application: Application, by: User) -> None:
    if not application.organisation.members.filter(pk=by.pk).exists():
        raise DomainError(NOT_A_MEMBER, code="forbidden", status=403)


def require_member_or_staff(application: Application, by: User) -> None:
    if not by.is_staff:
        require_member(application, by)


def require_perm(by: User, permission: str) -> None:
    if not by.has_perm(permission):
        raise DomainError(NOT_PERMITTED, code="forbidden", status=403)


def require_editable(application: Application) -> None:
    if application.status not in EDITABLE_STATES:
        raise DomainError(NOT_EDITABLE, code="not_editable", status=409)


def applicant_emails(application: Application) -> list[str]:
    return list(application.organisation.members.values_list("email", flat=True))


def move(
    application: Application,
    *,
    to: str,
    by: User,
    reason: str = "",
    at: datetime | None = None,
    extra_update_fields: tuple[str, ...] = (),
) -> None:
    """Every application status change: the shared transition, then an email after commit."""
    transition(
        application, to=to, by=by, reason=reason, at=at, extra_update_fields=extra_update_fields
    )
    label = application.get_status_display()
    body = (
        f"Your application {application.reference} “{application.title}” is now: {label}.\n"
        + (f"\n{reason}\n" if reason else "")
        + f"\nSee it in the portal: {settings.GRANTS_PORTAL_URL}"
    )
    notify_applicant(application, subject=f"{application.reference}: {label}", body=body)


def now_or(at: datetime | None) -> datetime:
    return at or timezone.now()


atomic = transaction.atomic
