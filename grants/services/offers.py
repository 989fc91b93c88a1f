"""The offer letter and its minimal financial assistance (MFA) notification."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from fundops.api.errors import Conflict, DomainError
from fundops.models import User
from grants.models import Application, Offer
from grants.services.common import lock_application, move, now_or, require_member

MFA_ALREADY_CONFIRMED = "The MFA declaration is already confirmed."
MFA_NOT_YET = "Accept the offer before confirming the MFA declaration."
NO_OFFER = "This application has no offer."


def _offer(application: Application) -> Offer:
    offer = Offer.objects.select_for_update().filter(application=application).first()
    if offer is None:
        raise DomainError(NO_OFFER, code="no_offer", status=404)
    return offer


@transaction.atomic
def offer_send(*, application: Application, by: User, at: datetime | None = None) -> Offer:
    application = lock_application(application)
    offer = _offer(application)
    when = now_or(at)
    move(
        application,
        to=Application.Status.OFFER_SENT,
        by=by,
        at=when,
        reason="Offer letter and minimal financial assistance notification sent.",
    )
    offer.sent_at = when
    offer.save(update_fields=["sent_at"])
    return offer


@transaction.atomic
def offer_accept(
    *,
    application: Application,
    by: User,
    confirm_mfa: bool = False,
    at: datetime | None = None,
) -> Offer:
    """The grantee accepts; with ``confirm_mfa`` they also give the written confirmation that
    the award keeps their MFA within £315,000 (it can also follow separately)."""
    application = lock_application(application)
    require_member(application, by)
    offer = _offer(application)
    when = now_or(at)
    move(
        application, to=Application.Status.OFFER_ACCEPTED, by=by, at=when, reason="Offer accepted."
    )
    offer.accepted_at = when
    offer.accepted_by = by
    offer.save(update_fields=["accepted_at", "accepted_by"])
    if confirm_mfa:
        _confirm(offer, by, when)
    return offer


def _confirm(offer: Offer, by: User, when: datetime) -> None:
    if offer.mfa_confirmed_at is not None:
        raise Conflict(MFA_ALREADY_CONFIRMED)
    offer.mfa_confirmed_at = when
    offer.mfa_confirmed_by = by
    offer.save(update_fields=["mfa_confirmed_at", "mfa_confirmed_by"])


@transaction.atomic
def offer_mfa_confirm(*, application: Application, by: User, at: datetime | None = None) -> Offer:
    application = lock_application(application)
    require_member(application, by)
    offer = _offer(application)
    if offer.accepted_at is None:
        raise Conflict(MFA_NOT_YET)
    _confirm(offer, by, now_or(at))
    return offer
