"""The core of the demo fund: one login per role, the fund, and applicant companies.

Deterministic for a seed and idempotent: every record is found by a natural key
(email, company number, fund name) before it is created.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password

from fundops.models import Fund, FundCapital, Organisation, User
from fundops.roles import (
    APPLICANT,
    ASSESSOR,
    BOARD_MEMBER,
    FINANCE_OFFICER,
    FUND_MANAGER,
    IC_MEMBER,
    Role,
    user_role_assign,
)


@dataclass
class DemoContext:
    """What each app's seeder gets: the random source and what earlier seeders made."""

    rng: random.Random
    seed: int
    users: dict[str, User] = field(default_factory=dict)
    organisations: list[Organisation] = field(default_factory=list)
    funds: list[Fund] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # role, email, home


STAFF_LOGINS: list[tuple[str, str, Role]] = [
    ("fund.manager@example.com", "Priya Sharma", FUND_MANAGER),
    ("ic.member@example.com", "Graham Okafor", IC_MEMBER),
    ("ic.member2@example.com", "Helen Marsh", IC_MEMBER),
    ("ic.member3@example.com", "Tom Adeyemi", IC_MEMBER),
    ("assessor@example.com", "Dr Fiona Clarke", ASSESSOR),
    ("assessor2@example.com", "Rajesh Patel", ASSESSOR),
    ("assessor3@example.com", "Sarah Lloyd", ASSESSOR),
    ("finance@example.com", "Michael Byrne", FINANCE_OFFICER),
    ("finance2@example.com", "Aisha Rahman", FINANCE_OFFICER),
    ("board@example.com", "Cllr Margaret Hughes", BOARD_MEMBER),
]

# (name stem, sub-sector) — believable West Midlands MedTech / HealthTech companies.
COMPANY_STEMS: list[tuple[str, str]] = [
    ("Aston Diagnostics", "diagnostics"),
    ("Edgbaston MedDevices", "medical_devices"),
    ("Coventry CareTech", "digital_health"),
    ("Black Country Assistive", "assistive_technology"),
    ("Solihull Sensorics", "diagnostics"),
    ("Walsall Wound Care", "medical_devices"),
    ("Wolverhampton Mobility", "assistive_technology"),
    ("Dudley Digital Therapeutics", "digital_health"),
    ("Sandwell Surgical", "surgical"),
    ("Selly Oak Genomics", "diagnostics"),
    ("Jewellery Quarter Health AI", "health_data_ai"),
    ("Digbeth Dermatology Devices", "medical_devices"),
    ("Canal Street Rehab", "assistive_technology"),
    ("Bournville Nutrition Science", "wellbeing"),
    ("Longbridge Orthotics", "medical_devices"),
    ("Tyseley Telecare", "digital_health"),
    ("Moseley Microfluidics", "diagnostics"),
    ("Harborne Hearing", "assistive_technology"),
    ("Kings Norton Cardio", "medical_devices"),
    ("Erdington Eye Imaging", "diagnostics"),
    ("Brierley Hill BioPrint", "therapeutics"),
    ("Oldbury Oncology Analytics", "health_data_ai"),
    ("Halesowen Haptics", "assistive_technology"),
    ("Sutton Coldfield Sleep Labs", "digital_health"),
    ("Meriden Medical Robotics", "surgical"),
    ("Tipton Theranostics", "therapeutics"),
    ("Bilston Breath Diagnostics", "diagnostics"),
    ("Stourbridge Smart Inhalers", "therapeutics"),
    ("Willenhall Wearables", "digital_health"),
    ("Warley Women's Health", "digital_health"),
    ("Chelmsley Wood Continence", "medical_devices"),
    ("Kenilworth Road Kinetics", "assistive_technology"),
    ("Castle Vale Cognition", "health_data_ai"),
    ("Perry Barr Physio Tech", "assistive_technology"),
    ("Acocks Green Antimicrobials", "therapeutics"),
    ("Hall Green Hydrogels", "medical_devices"),
    ("Bearwood Blood Analytics", "diagnostics"),
    ("Darlaston Dental Devices", "medical_devices"),
    ("Wednesbury Wellbeing Apps", "wellbeing"),
    ("Lye Lab Automation", "diagnostics"),
]
SUFFIXES = ["Ltd", "Limited", "Technologies Ltd", "Health Ltd"]
# Postcodes in the seven WMCA council areas (Birmingham, Coventry, Dudley, Sandwell,
# Solihull, Walsall, Wolverhampton); a few outside so eligibility has something to refuse.
POSTCODES_IN_REGION = [
    "B4 7ET",
    "B15 2TT",
    "B5 5SE",
    "B18 6HQ",
    "B29 6BD",
    "B30 2LU",
    "B9 4AA",
    "B7 4BL",
    "CV1 2TE",
    "CV4 7AL",
    "CV1 5FB",
    "DY1 1HL",
    "DY5 1XF",
    "DY8 1DU",
    "B66 1LN",
    "B69 4RW",
    "B70 9LD",
    "B91 3QB",
    "B90 4BN",
    "B37 7RN",
    "WS1 1TP",
    "WS2 8EJ",
    "WS10 8QR",
    "WV1 1LY",
    "WV10 0JP",
    "WV14 0QL",
    "B23 6SE",
    "B44 8NA",
    "B11 2LJ",
    "B27 6NH",
]
FIRST_NAMES = [
    "Amir",
    "Beth",
    "Chloe",
    "Daniel",
    "Ewa",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jess",
    "Kwame",
    "Laura",
    "Mo",
    "Nina",
]
LAST_NAMES = [
    "Ali",
    "Brown",
    "Campbell",
    "Davies",
    "Evans",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Singh",
    "Taylor",
    "Wright",
]
POSTCODES_OUTSIDE = ["ST4 2DE", "WR1 2LZ", "NN1 1ED", "OX4 2GX"]


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _company_number(rng: random.Random) -> str:
    # Companies House numbers in England and Wales: 8 digits, the older ones with leading 0s.
    return f"{rng.randint(1_000_000, 14_999_999):08d}"


def _user_create(email: str, password_hash: str, **fields: object) -> User:
    user = User.objects.create_user(email, None, **fields)
    user.password = password_hash
    user.save(update_fields=["password"])
    return user


def _staff(ctx: DemoContext, password: str) -> None:
    for email, name, role in STAFF_LOGINS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = _user_create(email, password, full_name=name)
        user_role_assign(user=user, role=role)
        key = role.slug if role.slug not in ctx.users else f"{role.slug}:{email}"
        ctx.users[key] = user
        if key == role.slug:
            ctx.logins.append((role.name, email, "/staff/"))
    admin = User.objects.filter(email="admin@example.com").first()
    if admin is None:
        _user_create(
            "admin@example.com",
            password,
            full_name="System administrator",
            is_staff=True,
            is_superuser=True,
        )
    ctx.logins.append(("Administrator (superuser)", "admin@example.com", "/admin/"))


def _fund(ctx: DemoContext) -> None:
    fund, _ = Fund.objects.get_or_create(
        name="West Midlands MedTech Co-Investment Fund",
        defaults={
            "vintage": 2020,
            "description": "Public co-investment alongside private investors in MedTech and "
            "HealthTech companies of the West Midlands, with a low-level grant scheme.",
        },
    )
    for source, kind, amount, committed in [
        ("WMCA regional allocation", FundCapital.Kind.REGIONAL, "20000000.00", date(2020, 4, 1)),
        ("Innovate UK", FundCapital.Kind.OTHER_PUBLIC, "5000000.00", date(2021, 4, 1)),
        (
            "NHS West Midlands Health Innovation Network",
            FundCapital.Kind.OTHER_PUBLIC,
            "2500000.00",
            date(2022, 9, 1),
        ),
    ]:
        FundCapital.objects.get_or_create(
            fund=fund,
            source=source,
            defaults={"kind": kind, "amount": Decimal(amount), "committed_on": committed},
        )
    ctx.funds.append(fund)


def _organisations(ctx: DemoContext, password: str) -> None:
    rng = ctx.rng
    for index, (stem, sub_sector) in enumerate(COMPANY_STEMS):
        # Draw every random value whether or not the record exists, so a rerun (or a run
        # on a partly seeded database) walks the same random sequence.
        number = _company_number(rng)
        outside = index % 13 == 12
        postcode = rng.choice(POSTCODES_OUTSIDE if outside else POSTCODES_IN_REGION)
        headcount = rng.choice([2, 3, 5, 8, 12, 18, 25, 40, 65, 110, 260 if index == 7 else 30])
        turnover_cap = 9_000_000 if headcount > 5 else 400_000
        turnover = Decimal(rng.randint(0, turnover_cap))
        balance_sheet = Decimal(rng.randint(20_000, 6_000_000))
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        sector = (
            "healthtech"
            if sub_sector in {"digital_health", "health_data_ai", "wellbeing"}
            else "medtech"
        )
        name = f"{stem} {SUFFIXES[index % len(SUFFIXES)]}"
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "company_number": number,
                "registered_postcode": postcode,
                "headcount": headcount,
                "turnover": turnover.quantize(Decimal("0.01")),
                "balance_sheet_total": balance_sheet.quantize(Decimal("0.01")),
                "sector": sector,
                "sub_sector": sub_sector,
                "status": Organisation.Status.VERIFIED
                if index % 5
                else Organisation.Status.PENDING,
                "website": f"https://www.{_slug(stem)}.example.com",
            },
        )
        email = f"applicant{index + 1}@example.com"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = _user_create(email, password, full_name=f"{first} {last}")
        user_role_assign(user=user, role=APPLICANT)
        organisation.members.add(user)
        ctx.organisations.append(organisation)
        if index < 2:
            ctx.logins.append((f"Applicant ({organisation.name})", email, "/portal/"))


def seed(ctx: DemoContext) -> None:
    # Hash the shared demo password once: fifty slow hashes of the same password would be
    # most of the time seed_demo takes.
    password = make_password(settings.DEMO_PASSWORD)
    _staff(ctx, password)
    _fund(ctx)
    _organisations(ctx, password)
