"""The offer letter with its MFA notification: one context, two renderings (page, file)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404

from grants.models import Application


def offer_letter_context(application: Application) -> dict[str, Any]:
    offer = getattr(application, "offer", None)
    if offer is None:
        raise Http404("No offer yet.")
    return {
        "application": application,
        "offer": offer,
        "organisation": application.organisation,
        "call": application.call,
        "funder_name": settings.GRANTS_360_FUNDER_NAME,
        "rate_percent": (application.call.intervention_rate * 100).normalize(),
    }
