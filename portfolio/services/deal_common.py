"""Helpers every deal service uses: locking, permission checks, the move (transition + stage
visit + applicant email). Not for views: call the services in deals/diligence/committee."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from fundops.api.errors import DomainError
from fundops.models import User
from fundops.notifications import notify
from fundops.workflow import InvalidTransition, transition
from portfolio.models import Deal, DealStageVisit

NOT_A_MEMBER = "Only a member of the applicant organisation can do this."
NOT_PERMITTED = "Your role does not allow this."
ILLEGAL_MOVE = "A deal cannot move from “{from_label}” to “{to_label}”."

# The demo seeder builds made-up history: it must not email anyone.
_muted: ContextVar[bool] = ContextVar("deal_notifications_muted", default=False)


@contextmanager
def deal_notifications_muted() -> Iterator[None]:
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def lock_deal(deal: Deal) -> Deal:
    # of=("self",): lock only the deal row, not the joined organisation and fund (the fund's
    # own lock guards its capacity, see committee.ic_decision_record).
    return (
        Deal.objects.select_for_update(of=("self",))
        .select_related("organisation", "fund")
        .get(pk=deal.pk)
    )


def is_member(deal: Deal, by: User) -> bool:
    return deal.organisation.members.filter(pk=by.pk).exists()


def require_member(deal: Deal, by: User) -> None:
    if not is_member(deal, by):
        raise DomainError(NOT_A_MEMBER, code="forbidden", status=403)


def require_perm(by: User, permission: str) -> None:
    if not by.has_perm(permission):
        raise DomainError(NOT_PERMITTED, code="forbidden", status=403)


def require_member_or_perm(deal: Deal, by: User, permission: str) -> None:
    if by.is_staff:
        require_perm(by, permission)
    else:
        require_member(deal, by)


def now_or(at: datetime | None) -> datetime:
    return at or timezone.now()


def status_label(status: str) -> str:
    return str(dict(Deal.Status.choices).get(status, status))


def require_can_move(deal: Deal, to: str) -> None:
    """The table's check alone, with the reason in words (409)."""
    if to not in Deal.TRANSITIONS.get(deal.status, set()):
        raise InvalidTransition(
            ILLEGAL_MOVE.format(from_label=status_label(deal.status), to_label=status_label(to)),
            from_status=deal.status,
            to_status=to,
        )


def move(
    deal: Deal,
    *,
    to: str,
    by: User,
    reason: str = "",
    at: datetime | None = None,
    extra_update_fields: tuple[str, ...] = (),
) -> None:
    """Every deal status change: the shared transition, the stage visit closed and opened
    (one open visit per deal), then an email to the applicant after commit."""
    require_can_move(deal, to)
    when = now_or(at)
    deal.stage_entered_at = when
    transition(
        deal,
        to=to,
        by=by,
        reason=reason,
        at=when,
        extra_update_fields=("stage_entered_at", *extra_update_fields),
    )
    DealStageVisit.objects.filter(deal=deal, left_at__isnull=True).update(left_at=when)
    if to not in Deal.CLOSED_STATES:
        DealStageVisit.objects.create(deal=deal, stage=to, entered_at=when)
    else:
        DealStageVisit.objects.create(deal=deal, stage=to, entered_at=when, left_at=when)
    notify_applicant(deal, reason)


def notify_applicant(deal: Deal, reason: str) -> None:
    if _muted.get():
        return
    label = deal.get_status_display()
    body = (
        f"Your investment application {deal.reference} is now: {label}.\n"
        + (f"\n{reason}\n" if reason else "")
        + f"\nSee it in the portal: {settings.PORTFOLIO_PORTAL_URL}"
    )
    emails = list(deal.organisation.members.values_list("email", flat=True))
    notify(to=emails, subject=f"{deal.reference}: {label}", body=body)
