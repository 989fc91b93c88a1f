"""360Giving export: build awarded grants as a 360Giving 1.4 data package, validate it
against the official schema (shipped in grants/data/), and write it as JSON or flat CSV.

Validation follows the notes in grants/data/README.md: the Draft 2020-12 validator chosen
explicitly, the grant schema registered under its 1.4.3 ``$id`` and the 1.4.2 address the
package schema refers to, formats checked, and duplicate ids and org-id prefixes checked
separately (the schema cannot).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from fundops.exports import csv_text
from grants.eligibility import council_area_for
from grants.models import Application, Payment

DATA = Path(__file__).parent / "data"
GRANT_SCHEMA_URLS = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json",
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json",
)
# Org-id list prefixes (org-id.guide) this fund's data may use; anything else is reported.
KNOWN_ORG_ID_PREFIXES = (
    "GB-COH",
    "GB-CHC",
    "GB-SC",
    "GB-NIC",
    "GB-GOR",
    "GB-LAE",
    "GB-LAS",
    "GB-LANI",
    "GB-PLA",
    "GB-NHS",
    "GB-EDU",
    "GB-UKPRN",
    "GB-MPR",
    "GB-REV",
    "GB-UKCRN",
    "GB-SHPE",
    "XI-ROR",
    "XI-GRID",
    "360G",
)
AWARDED_STATES = Application.PENDING_STATES | Application.COMMITTED_STATES
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


@dataclass
class ExportResult:
    package: dict[str, Any]
    errors: list[str] = field(default_factory=list)


def _format_checker() -> FormatChecker:
    checker = FormatChecker()

    # jsonschema checks "date-time" only when rfc3339-validator is installed; check it here
    # so a wrong date is never silently accepted.
    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not RFC3339.match(value):
            return False
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return True

    return checker


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    package = json.loads((DATA / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant = json.loads((DATA / "360-giving-schema.json").read_text(encoding="utf-8"))
    resource = DRAFT202012.create_resource(grant)
    registry = Registry().with_resources((url, resource) for url in GRANT_SCHEMA_URLS)
    return Draft202012Validator(package, registry=registry, format_checker=_format_checker())


def validate_package(package: dict[str, Any]) -> list[str]:
    """Every problem, each with where it is (e.g. ``grants/3/awardDate``)."""
    errors = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(package)'}: {error.message[:300]}"
        for error in sorted(validator().iter_errors(package), key=lambda e: list(map(str, e.path)))
    ]
    grants = package.get("grants") or []
    seen: dict[str, int] = {}
    for index, grant in enumerate(grants):
        grant_id = grant.get("id") if isinstance(grant, dict) else None
        if grant_id in seen:
            errors.append(
                f"grants/{index}/id: duplicate id {grant_id!r} (first at {seen[grant_id]})"
            )
        elif grant_id is not None:
            seen[grant_id] = index
        for role in ("recipientOrganization", "fundingOrganization"):
            for org_index, org in enumerate(
                grant.get(role) or [] if isinstance(grant, dict) else []
            ):
                org_id = org.get("id", "") if isinstance(org, dict) else ""
                if org_id and not org_id.startswith(tuple(f"{p}-" for p in KNOWN_ORG_ID_PREFIXES)):
                    errors.append(
                        f"grants/{index}/{role}/{org_index}/id: unknown org-id prefix in {org_id!r}"
                    )
    return errors


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def grant_id(application: Application) -> str:
    return f"360G-{settings.GRANTS_360_PREFIX}-{application.pk}"


def grant_build(application: Application, disbursed: Decimal) -> dict[str, Any]:
    organisation = application.organisation
    grant: dict[str, Any] = {
        "id": grant_id(application),
        "title": application.title,
        "description": application.summary or application.title,
        "currency": "GBP",
        "amountAppliedFor": _number(application.amount_requested or Decimal("0")),
        "amountAwarded": _number(application.amount_awarded or Decimal("0")),
        "amountDisbursed": _number(disbursed),
        "awardDate": timezone.localdate(application.decided_at).isoformat(),
        "recipientOrganization": [
            {
                "id": f"GB-COH-{organisation.company_number}",
                "name": organisation.name,
                "companyNumber": organisation.company_number,
                "postalCode": organisation.registered_postcode,
            }
        ],
        "fundingOrganization": [
            {
                "id": settings.GRANTS_360_FUNDER_ID,
                "name": settings.GRANTS_360_FUNDER_NAME,
            }
        ],
        "grantProgramme": [{"code": f"call-{application.call_id}", "title": application.call.name}],
        "fromOpenCall": "Yes",
        "dateModified": timezone.localtime(application.updated_at).isoformat(timespec="seconds"),
    }
    if application.project_start and application.project_end:
        grant["plannedDates"] = [
            {
                "startDate": application.project_start.isoformat(),
                "endDate": application.project_end.isoformat(),
            }
        ]
    council = council_area_for(organisation.registered_postcode)
    if council is not None:
        grant["beneficiaryLocation"] = [
            {
                "name": council[0],
                "geoCode": council[1],
                "geoCodeType": "LAD",
                "countryCode": "GB",
            }
        ]
    return grant


NOTHING_TO_PUBLISH = "There are no awarded grants to publish yet."


def export_build() -> ExportResult:
    applications = (
        Application.objects.filter(status__in=AWARDED_STATES, decided_at__isnull=False)
        .select_related("organisation", "call")
        .order_by("pk")
    )
    paid = dict(Payment.objects.values_list("claim__application_id").annotate(total=Sum("amount")))
    grants = [grant_build(a, paid.get(a.pk, Decimal("0"))) for a in applications]
    package = {"version": "1.4", "grants": grants}
    if not grants:  # the schema needs at least one grant: say so plainly
        return ExportResult(package=package, errors=[NOTHING_TO_PUBLISH])
    return ExportResult(package=package, errors=validate_package(package))


def to_json(package: dict[str, Any]) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Applied For", lambda g: g["amountAppliedFor"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Amount Disbursed", lambda g: g["amountDisbursed"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: g.get("plannedDates", [{}])[0].get("startDate", "")),
    ("Planned Dates:End Date", lambda g: g.get("plannedDates", [{}])[0].get("endDate", "")),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Recipient Org:Company Number", lambda g: g["recipientOrganization"][0]["companyNumber"]),
    ("Recipient Org:Postal Code", lambda g: g["recipientOrganization"][0]["postalCode"]),
    ("Beneficiary Location:Name", lambda g: g.get("beneficiaryLocation", [{}])[0].get("name", "")),
    (
        "Beneficiary Location:Geographic Code",
        lambda g: g.get("beneficiaryLocation", [{}])[0].get("geoCode", ""),
    ),
    (
        "Beneficiary Location:Geographic Code Type",
        lambda g: g.get("beneficiaryLocation", [{}])[0].get("geoCodeType", ""),
    ),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("From An Open Call?", lambda g: g["fromOpenCall"]),
    ("Last Modified", lambda g: g["dateModified"]),
]


def _safe(value: Any) -> Any:
    return csv_text(value) if isinstance(value, str) else value


def to_csv(package: dict[str, Any]) -> str:
    """360Giving's flat form: one row per grant, column titles as in the standard's
    spreadsheet template (first recipient, location and programme of each grant)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for grant in package["grants"]:
        # Titles, names and descriptions are applicants' text: never a formula in Excel.
        writer.writerow([_safe(value(grant)) for _, value in CSV_COLUMNS])
    return out.getvalue()
