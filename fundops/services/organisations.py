from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from fundops.models import Organisation, User
from fundops.money import to_pennies
from fundops.workflow import transition

ORGANISATION_EDITABLE_FIELDS = (
    "name",
    "company_number",
    "registered_postcode",
    "headcount",
    "turnover",
    "balance_sheet_total",
    "sector",
    "sub_sector",
    "website",
)


@transaction.atomic
def organisation_create(
    *, by: User, members: list[User] | None = None, **fields: Any
) -> Organisation:
    for money in ("turnover", "balance_sheet_total"):
        if fields.get(money) is not None:
            fields[money] = to_pennies(Decimal(fields[money]))
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation._change_reason = "created"  # type: ignore[attr-defined]
    organisation.save()
    if members:
        organisation.members.add(*members)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, **fields: Any) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name, value in fields.items():
        if name not in ORGANISATION_EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be edited here.")
        if name in ("turnover", "balance_sheet_total") and value is not None:
            value = to_pennies(Decimal(value))
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def organisation_transition(
    *, organisation: Organisation, to: str, by: User, reason: str = ""
) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    transition(organisation, to=to, by=by, reason=reason)
    return organisation
