"""One state machine for every record with a status (grants, deals, organisations…).

A model declares ``TRANSITIONS`` (from-status -> set of to-statuses) and may declare
``TRANSITION_PERMISSIONS`` (to-status -> "app.codename" the actor needs). ``transition()``
checks both, saves the new status, and appends a WorkflowEvent; the model's own history
(django-simple-history) records the field change too. Callers hold the row lock
(``select_for_update``) when two people could move the same record at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from fundops.models import User, WorkflowEvent


class InvalidTransition(Exception):
    """A status change that the table or the actor's permissions do not allow (HTTP 409)."""

    def __init__(self, reason: str, *, from_status: str = "", to_status: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.from_status = from_status
        self.to_status = to_status


class HasWorkflow(Protocol):
    pk: Any
    status: str
    TRANSITIONS: Mapping[str, set[str]]


def _label(instance: models.Model, status: str) -> str:
    field = instance._meta.get_field("status")
    return str(dict(field.choices or []).get(status, status))


def allowed_transitions(instance: Any) -> set[str]:
    return set(instance.TRANSITIONS.get(instance.status, set()))


def can_transition(instance: Any, *, to: str, by: User) -> bool:
    try:
        _check(instance, to=to, by=by)
    except InvalidTransition:
        return False
    return True


def _check(instance: Any, *, to: str, by: User) -> None:
    current = instance.status
    name = instance._meta.verbose_name
    if to not in instance.TRANSITIONS.get(current, set()):
        raise InvalidTransition(
            f"A {name} cannot move from “{_label(instance, current)}” to “{_label(instance, to)}”.",
            from_status=current,
            to_status=to,
        )
    permission = getattr(instance, "TRANSITION_PERMISSIONS", {}).get(to)
    if permission and not by.has_perm(permission):
        raise InvalidTransition(
            f"You do not have permission to move a {name} to “{_label(instance, to)}”.",
            from_status=current,
            to_status=to,
        )


@transaction.atomic
def transition(
    instance: Any,
    *,
    to: str,
    by: User,
    reason: str = "",
    at: datetime | None = None,
    extra_update_fields: tuple[str, ...] = (),
) -> WorkflowEvent:
    """Move ``instance`` to status ``to`` and record who did it, when and why."""
    _check(instance, to=to, by=by)
    from_status = instance.status
    instance.status = to
    instance._change_reason = reason or f"{from_status} → {to}"
    instance.save(update_fields=["status", *extra_update_fields, *_auto_now_fields(instance)])
    return WorkflowEvent.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        from_status=from_status,
        to_status=to,
        actor=by,
        reason=reason,
        at=at or timezone.now(),
    )


def _auto_now_fields(instance: models.Model) -> list[str]:
    return [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]


def events_for(instance: models.Model) -> models.QuerySet[WorkflowEvent]:
    return WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
    ).select_related("actor")


def time_in_status(
    events: list[WorkflowEvent], *, now: datetime | None = None
) -> dict[str, timedelta]:
    """Total time spent in each status, from an object's ordered events.

    The status before the first event is not timed (it started when the record was made);
    the current status runs until ``now``.
    """
    now = now or timezone.now()
    totals: dict[str, timedelta] = {}
    for event, following in zip(events, [*events[1:], None], strict=True):
        left = following.at if following else now
        totals[event.to_status] = totals.get(event.to_status, timedelta()) + (left - event.at)
    return totals
