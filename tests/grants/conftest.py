"""A walk through the grant workflow, one step per helper, each calling the real service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from grants.models import Application, Claim
from grants.services import assessment, claims, decisions, offers, payments
from grants.services.applications import application_submit
from tests.grants.factories import ApplicationFactory, CallFactory, pdf


class Walk:
    def __init__(self, make_user: Any, applicant: Any) -> None:
        self.make_user = make_user
        self.applicant = applicant
        self.manager = make_user("fund_manager")
        self.ic = make_user("ic_member")
        self.ic2 = make_user("ic_member")
        self.assessors = [make_user("assessor"), make_user("assessor")]
        self.finance = make_user("finance_officer")
        self.finance2 = make_user("finance_officer")

    def draft(self, **kwargs: Any) -> Application:
        kwargs.setdefault("organisation", self.applicant.test_organisation)
        kwargs.setdefault("created_by", self.applicant)
        return ApplicationFactory(**kwargs)

    def submitted(self, **kwargs: Any) -> Application:
        return application_submit(application=self.draft(**kwargs), by=self.applicant)

    def in_assessment(self, **kwargs: Any) -> Application:
        app = self.submitted(**kwargs)
        for person in self.assessors:
            a = assessment.assignment_create(application=app, assessor=person, by=self.manager)
            assessment.assignment_declare(assignment=a, by=person, conflict=False)
        return assessment.application_assessment_start(application=app, by=self.manager)

    def score(self, app: Application, person: Any, value: int) -> None:
        assignment = app.assignments.get(assessor=person)
        assessment.assignment_score(
            assignment=assignment,
            by=person,
            scores=[{"criterion": c.pk, "score": value} for c in app.call.criteria.all()],
        )

    def at_panel(self, **kwargs: Any) -> Application:
        app = self.in_assessment(**kwargs)
        for person in self.assessors:
            self.score(app, person, 4)
        return assessment.application_panel_send(application=app, by=self.manager)

    def approved(self, **kwargs: Any) -> Application:
        app = self.at_panel(**kwargs)
        app = decisions.application_approve(application=app, by=self.ic)
        if app.status == Application.Status.PANEL:
            app = decisions.application_approve(application=app, by=self.ic2)
        return app

    def accepted(self, confirm_mfa: bool = True, **kwargs: Any) -> Application:
        app = self.approved(**kwargs)
        offers.offer_send(application=app, by=self.manager)
        offers.offer_accept(application=app, by=self.applicant, confirm_mfa=confirm_mfa)
        app.refresh_from_db()
        return app

    def submitted_claim(
        self, app: Application, amount: Decimal = Decimal("4000.00"), final: bool = False
    ) -> Claim:
        from datetime import date

        claim = claims.claim_create(
            application=app,
            by=self.applicant,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            is_final=final,
        )
        line = claims.claim_line_add(
            claim=claim,
            by=self.applicant,
            cost_line=app.cost_lines.first(),
            amount_defrayed=amount,
        )
        for kind in ("invoice", "proof_of_payment"):
            claims.claim_line_evidence_upload(line=line, by=self.applicant, file=pdf(), kind=kind)
        return claims.claim_submit(claim=claim, by=self.applicant)

    def approved_claim(self, app: Application, **kwargs: Any) -> Claim:
        claim = self.submitted_claim(app, **kwargs)
        for line in claim.lines.all():
            claims.claim_line_check(line=line, by=self.manager, approved=True)
        return claims.claim_approve(claim=claim, by=self.manager)

    def paid_claim(self, app: Application, key: str = "pay-1", **kwargs: Any) -> Claim:
        claim = self.approved_claim(app, **kwargs)
        payments.payment_release(claim=claim, by=self.finance, idempotency_key=key)
        claim.refresh_from_db()
        return claim


@pytest.fixture
def walk(make_user, applicant):  # type: ignore[no-untyped-def]
    return Walk(make_user, applicant)


@pytest.fixture
def call(db):  # type: ignore[no-untyped-def]
    return CallFactory()
