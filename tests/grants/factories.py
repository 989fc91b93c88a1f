from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grants.models import Application, Call, CostLine, Criterion
from tests.fundops.factories import OrganisationFactory, UserFactory


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"MedTech Barrier Grants round {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    budget = Decimal("100000.00")
    min_award = Decimal("1000.00")
    max_award = Decimal("25000.00")
    intervention_rate = Decimal("0.5000")
    pass_mark = Decimal("60")
    moderation_spread = Decimal("20")

    @factory.post_generation
    def criteria(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            for order, (name, weight) in enumerate(
                extracted or [("Need", 3), ("Delivery", 2), ("Value for money", 1)]
            ):
                Criterion.objects.create(call=self, name=name, weight=weight, order=order)


def answers_for(call: Call, words: int = 20) -> dict[str, str]:
    return {q["key"]: " ".join(["word"] * words) for q in call.questions}


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft: answers, a £12,000 equipment cost, £5,000 requested."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Prototype wound sensor {n}")
    barrier = Application.Barrier.PROTOTYPE
    amount_requested = Decimal("5000.00")
    declaration_accepted = True
    answers = factory.LazyAttribute(lambda o: answers_for(o.call))

    @factory.post_generation
    def costs(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            for item, category, amount in extracted or [
                ("Bench test rig", "equipment", Decimal("12000.00"))
            ]:
                CostLine.objects.create(
                    application=self, item=item, category=category, net_amount=amount
                )


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% test\n", content_type="application/pdf")
