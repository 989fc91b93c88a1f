from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import factory

from fundops.models import Fund, FundCapital, Organisation, User
from fundops.roles import ROLES_BY_SLUG, user_role_assign

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(TEST_PASSWORD)

    @classmethod
    def with_role(cls, slug: str, **kwargs: Any) -> User:
        user = cls(**kwargs)
        user_role_assign(user=user, role=ROLES_BY_SLUG[slug])
        return user


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test MedTech {n} Ltd")
    company_number = factory.Sequence(lambda n: f"{n + 120000:08d}")
    registered_postcode = "B4 7ET"
    headcount = 12
    turnover = Decimal("850000.00")
    balance_sheet_total = Decimal("400000.00")
    sector = Organisation.Sector.MEDTECH
    sub_sector = Organisation.SubSector.DIAGNOSTICS
    status = Organisation.Status.VERIFIED

    @factory.post_generation
    def members(self, create: bool, extracted: list[User] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.members.add(*extracted)


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Test Fund {n}")
    vintage = 2022


class FundCapitalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundCapital

    fund = factory.SubFactory(FundFactory)
    source = factory.Sequence(lambda n: f"Public source {n}")
    kind = FundCapital.Kind.REGIONAL
    amount = Decimal("1000000.00")
    committed_on = date(2022, 4, 1)
