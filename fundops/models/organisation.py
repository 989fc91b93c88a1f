from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

COMPANY_NUMBER_INVALID = (
    "A Companies House number is 8 characters: digits, or a two-letter prefix (e.g. SC) and "
    "6 digits."
)
POSTCODE_INVALID = "Enter a full UK postcode, for example B4 6AT."

COMPANY_NUMBER_RE = re.compile(r"^(\d{8}|[A-Z]{2}\d{6})$")
UK_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


def normalise_company_number(value: str) -> str:
    """Companies House numbers are strings: '1234567' is '01234567', never the int 1234567."""
    value = (value or "").strip().upper().replace(" ", "")
    if value.isdigit() and len(value) < 8:
        value = value.zfill(8)
    return value


def normalise_postcode(value: str) -> str:
    """'b46at' -> 'B4 6AT': the outward code, one space, the inward code."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def validate_company_number(value: str) -> None:
    if not COMPANY_NUMBER_RE.match(value):
        raise ValidationError(COMPANY_NUMBER_INVALID, code="company_number")


def validate_postcode(value: str) -> None:
    if not UK_POSTCODE_RE.match(value):
        raise ValidationError(POSTCODE_INVALID, code="postcode")


class CompanyNumberField(models.CharField):  # type: ignore[type-arg]
    """Normalises before validating, so '1234567' is stored as '01234567'."""

    def to_python(self, value: object) -> str:
        return normalise_company_number(super().to_python(value) or "")


class PostcodeField(models.CharField):  # type: ignore[type-arg]
    def to_python(self, value: object) -> str:
        return normalise_postcode(super().to_python(value) or "")


class Organisation(models.Model):
    """An applicant or portfolio company. Its members are the users who act for it."""

    class Sector(models.TextChoices):
        MEDTECH = "medtech", "MedTech"
        HEALTHTECH = "healthtech", "HealthTech"

    class SubSector(models.TextChoices):
        DIAGNOSTICS = "diagnostics", "Diagnostics"
        MEDICAL_DEVICES = "medical_devices", "Medical devices"
        DIGITAL_HEALTH = "digital_health", "Digital health"
        ASSISTIVE_TECHNOLOGY = "assistive_technology", "Assistive technology"
        THERAPEUTICS = "therapeutics", "Therapeutics and drug delivery"
        SURGICAL = "surgical", "Surgical and interventional"
        HEALTH_DATA_AI = "health_data_ai", "Health data and AI"
        WELLBEING = "wellbeing", "Wellbeing and prevention"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending verification"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"
        SUSPENDED = "suspended", "Suspended"

    # Staff verify a company (Companies House record, address) before money goes to it.
    TRANSITIONS = {
        Status.PENDING: {Status.VERIFIED, Status.REJECTED},
        Status.VERIFIED: {Status.SUSPENDED},
        Status.SUSPENDED: {Status.VERIFIED},
        Status.REJECTED: {Status.PENDING},
    }
    TRANSITION_PERMISSIONS = {
        Status.VERIFIED: "fundops.verify_organisation",
        Status.REJECTED: "fundops.verify_organisation",
        Status.SUSPENDED: "fundops.verify_organisation",
        Status.PENDING: "fundops.verify_organisation",
    }

    name = models.CharField(max_length=200)
    company_number = CompanyNumberField(
        "Companies House number",
        max_length=8,
        unique=True,
        validators=[validate_company_number],
        help_text="Kept as text so leading zeros survive (e.g. 01234567).",
    )
    registered_postcode = PostcodeField(max_length=8, validators=[validate_postcode])
    headcount = models.PositiveIntegerField(help_text="Staff headcount (full-time equivalent).")
    turnover = models.DecimalField(
        "annual turnover (GBP)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    balance_sheet_total = models.DecimalField(
        "balance sheet total (GBP)",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    sector = models.CharField(max_length=20, choices=Sector.choices)
    sub_sector = models.CharField(max_length=30, choices=SubSector.choices)
    website = models.URLField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organisations", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["name"]
        permissions = [("verify_organisation", "Can verify, reject or suspend an organisation")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(turnover__gte=0) & models.Q(balance_sheet_total__gte=0),
                name="organisation_figures_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.company_number})"

    @property
    def organisation_id(self) -> int:
        """Lets documents and access checks treat an organisation like its own records."""
        return self.pk

    @property
    def postcode_district(self) -> str:
        return self.registered_postcode.split(" ")[0]
