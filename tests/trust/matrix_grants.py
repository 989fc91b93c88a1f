"""Access matrix rows for the grants API (/api/grants/) and pages (/grants/).

Every record belongs to applicant A's organisation, so applicant B must get 404 wherever a
record is named. The expected statuses come from the rules:

- applicants act on their own organisation's records (the services' ``require_member``);
  staff endpoints refuse them with 403 once the record is found (``staff_only``);
- grants.permissions.ROLE_PERMISSIONS: only fund managers manage applications (assign,
  start, panel, offers, clawbacks, information requests), fund managers and IC members
  decide, fund managers and finance officers check claims, finance officers release
  payments; a staff role without ``grants.view_<model>`` does not read those records (403);
- a transition the role lacks the permission for is refused by the workflow (409);
- an assessor sees only applications assigned to them (404 otherwise), and each opens only
  once they have declared no conflict (409 for the conflicted assessor).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.utils import timezone

from fundops.models import Organisation
from grants.models import (
    Application,
    Assignment,
    Claim,
    Clawback,
    CostLine,
    MatchFunding,
    MFADeclaration,
)
from grants.services import applications as app_svc
from grants.services import assessment, claims, payments
from tests.fundops.factories import UserFactory
from tests.grants.conftest import Walk
from tests.grants.factories import CallFactory, pdf
from tests.trust.matrix import PDF, REDIRECT, Row, api_row, page_row, roles

S = Application.Status


def api(default: int, **overrides: int) -> dict[str, int]:
    """Expected statuses on the API: anonymous callers always get 401."""
    return roles(default, anonymous=401, **overrides)


# A write only members of the organisation may make, on a record reached through a selector
# that lets every staff role find it (the service then refuses staff with 403).
MEMBER_WRITE = {"applicant_b": 404}
# The same on an application: assessors not assigned to it do not even find it.
UNASSIGNED = {"assessor": 404, "assessor_conflicted": 404}
# Staff actions on an application no assessor is assigned to: applicant A is refused (403).
STAFF_ACTION = {"applicant_b": 404, **UNASSIGNED}
# Reads of records whose view permission assessors lack (grants.permissions).
NO_VIEW_ASSESSORS = {"assessor": 403, "assessor_conflicted": 403}
ASSESSORS_NO_OUTCOMES = NO_VIEW_ASSESSORS


class MatrixWalk(Walk):
    """The grants test walk, acting as the matrix's own people where the rules matter:
    applicant A applies, the world's fund manager manages and approves claims (so the
    world's finance officer may release them), the world's IC member decides."""

    def __init__(self, world: dict[str, Any]) -> None:
        users = world["users"]
        applicant = users["applicant_a"]
        applicant.test_organisation = Organisation.objects.get(pk=world["org_a"])
        self.applicant = applicant
        self.manager = users["fund_manager"]
        self.ic = users["ic_member"]
        self.ic2 = UserFactory.with_role("ic_member")
        self.assessors = [UserFactory.with_role("assessor"), UserFactory.with_role("assessor")]
        self.finance = UserFactory.with_role("finance_officer")
        self.finance2 = self.finance
        self.call = world["call"]
        self.world = world

    def draft(self, **kwargs: Any) -> Application:
        kwargs.setdefault("call", self.call)
        return super().draft(**kwargs)

    def at_eligibility(self) -> Application:
        return self.submitted()

    def with_matrix_assessors(self, app: Application) -> None:
        """The world's assessor declares no conflict, the conflicted one declares one."""
        for role, conflict in (("assessor", False), ("assessor_conflicted", True)):
            person = self.world["users"][role]
            a = assessment.assignment_create(application=app, assessor=person, by=self.manager)
            assessment.assignment_declare(assignment=a, by=person, conflict=conflict)

    def in_assessment(self, matrix_assessors: bool = False, **kwargs: Any) -> Application:
        app = self.submitted(**kwargs)
        if matrix_assessors:
            self.with_matrix_assessors(app)
        for person in self.assessors:
            a = assessment.assignment_create(application=app, assessor=person, by=self.manager)
            assessment.assignment_declare(assignment=a, by=person, conflict=False)
        return assessment.application_assessment_start(
            application=app, by=self.manager, override_reason="Matrix test."
        )

    def scored(self) -> Application:
        app = self.in_assessment()
        for person in self.assessors:
            self.score(app, person, 4)
        return app

    def sent(self) -> Application:
        from grants.services import offers

        app = self.approved()
        offers.offer_send(application=app, by=self.manager)
        app.refresh_from_db()
        return app

    def draft_claim(self, app: Application) -> Claim:
        return claims.claim_create(
            application=app,
            by=self.applicant,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
        )

    def ready_claim(self) -> Claim:
        claim = self.draft_claim(self.accepted())
        line = claims.claim_line_add(
            claim=claim,
            by=self.applicant,
            cost_line=claim.application.cost_lines.first(),
            amount_defrayed=Decimal("4000.00"),
        )
        for kind in ("invoice", "proof_of_payment"):
            claims.claim_line_evidence_upload(line=line, by=self.applicant, file=pdf(), kind=kind)
        return claim

    def checked_claim(self) -> Claim:
        claim = self.submitted_claim(self.accepted())
        for line in claim.lines.all():
            claims.claim_line_check(line=line, by=self.manager, approved=True)
        return claim


def _walk(world: dict[str, Any]) -> MatrixWalk:
    return world["grants_walk"]


def fresh(make: Callable[[dict[str, Any]], Model], alive: Callable[[Any], bool]) -> Any:
    """A record a write consumes: the last one made is reused while ``alive`` says it is
    still in the state the write needs (so only cells that succeed cost a new one)."""

    def maker(world: dict[str, Any]) -> int:
        cache = world.setdefault("_grants_fresh", {})
        record = cache.get(maker)
        if record is not None:
            try:
                record.refresh_from_db()
            except ObjectDoesNotExist:
                record = None
        if record is None or not alive(record):
            record = make(world)
            cache[maker] = record
        return record.pk

    return maker


def in_status(*statuses: str) -> Callable[[Any], bool]:
    return lambda record: record.status in statuses


def _exists(record: Any) -> bool:
    return True  # refresh_from_db raised if it was deleted


def _cost_line(world: dict[str, Any]) -> CostLine:
    return CostLine.objects.create(
        application_id=world["app_draft"],
        item="Spare sensor",
        category="equipment",
        net_amount=Decimal("100.00"),
    )


def _clawback(world: dict[str, Any]) -> Clawback:
    app = Application.objects.get(pk=world["app_main"])
    return payments.clawback_raise(
        application=app, by=_walk(world).manager, amount=Decimal("1.00"), reason="Overpaid."
    )


def _claim_line(world: dict[str, Any]) -> Any:
    claim = Claim.objects.get(pk=world["claim_draft"])
    return claims.claim_line_add(
        claim=claim,
        by=_walk(world).applicant,
        cost_line=claim.application.cost_lines.first(),
        amount_defrayed=Decimal("1.00"),
    )


def _undeclared_assignment(world: dict[str, Any]) -> Assignment:
    walk = _walk(world)
    return assessment.assignment_create(
        application=walk.at_eligibility(), assessor=world["users"]["assessor"], by=walk.manager
    )


FRESH: dict[str, Any] = {
    "grants_app_fresh_draft": fresh(lambda w: _walk(w).draft(), in_status(S.DRAFT)),
    "grants_app_info": fresh(
        lambda w: app_svc.application_info_request(
            application=_walk(w).at_eligibility(), by=_walk(w).manager, question="Which rig?"
        ),
        in_status(S.MORE_INFO_REQUESTED),
    ),
    "grants_app_elig": fresh(lambda w: _walk(w).at_eligibility(), in_status(S.ELIGIBILITY_CHECK)),
    "grants_app_unassigned": fresh(
        lambda w: _walk(w).at_eligibility(), lambda app: not app.assignments.exists()
    ),
    "grants_app_assessors": fresh(lambda w: _assessors_assigned(w), in_status(S.ELIGIBILITY_CHECK)),
    "grants_app_scored": fresh(lambda w: _walk(w).scored(), in_status(S.IN_ASSESSMENT)),
    "grants_app_panel": fresh(lambda w: _walk(w).at_panel(), in_status(S.PANEL)),
    "grants_app_approved": fresh(lambda w: _walk(w).approved(), in_status(S.APPROVED)),
    "grants_app_sent": fresh(lambda w: _walk(w).sent(), in_status(S.OFFER_SENT)),
    "grants_app_unconfirmed": fresh(
        lambda w: _walk(w).accepted(confirm_mfa=False),
        lambda app: app.offer.mfa_confirmed_at is None,
    ),
    "grants_app_accepted": fresh(
        lambda w: _walk(w).accepted(), lambda app: not app.claims.exists()
    ),
    "grants_cost_line": fresh(_cost_line, _exists),
    "grants_match_funding": fresh(
        lambda w: MatchFunding.objects.create(
            application_id=w["app_draft"], source="Angel", amount=Decimal("100"), kind="private"
        ),
        _exists,
    ),
    "grants_mfa_declaration": fresh(
        lambda w: MFADeclaration.objects.create(
            application_id=w["app_draft"],
            awarding_body="Innovate UK",
            received_on=date(2025, 5, 1),
            amount=Decimal("1000"),
        ),
        _exists,
    ),
    "grants_assignment_undeclared": fresh(
        _undeclared_assignment, lambda a: a.conflict_declared is None
    ),
    "grants_claim_ready": fresh(lambda w: _walk(w).ready_claim(), in_status(Claim.Status.DRAFT)),
    "grants_claim_checked": fresh(
        lambda w: _walk(w).checked_claim(), in_status(Claim.Status.SUBMITTED)
    ),
    "grants_claim_submitted": fresh(
        lambda w: _walk(w).submitted_claim(_walk(w).accepted()),
        in_status(Claim.Status.SUBMITTED),
    ),
    "grants_claim_approved": fresh(
        lambda w: _walk(w).approved_claim(_walk(w).accepted()),
        in_status(Claim.Status.APPROVED),
    ),
    "grants_claim_line": fresh(_claim_line, _exists),
    "grants_clawback": fresh(_clawback, in_status(Clawback.Status.RAISED)),
}


def _assessors_assigned(world: dict[str, Any]) -> Application:
    walk = _walk(world)
    app = walk.at_eligibility()
    for person in walk.assessors:
        a = assessment.assignment_create(application=app, assessor=person, by=walk.manager)
        assessment.assignment_declare(assignment=a, by=person, conflict=False)
    return app


def setup(world: dict[str, Any]) -> None:
    # A large budget: the matrix approves many awards of £5,000 on this call.
    world["call"] = CallFactory(budget=Decimal("10000000.00"))
    world["call_pk"] = world["call"].pk
    walk = MatrixWalk(world)
    world["grants_walk"] = walk
    draft = walk.draft()
    world["app_draft"] = draft.pk
    world["cost_line_draft"] = draft.cost_lines.first().pk
    # In assessment, with the matrix's assessors assigned (one declared a conflict).
    assess = walk.in_assessment(matrix_assessors=True)
    world["app_assess"] = assess.pk
    world["assignment_open"] = assess.assignments.get(assessor=world["users"]["assessor"]).pk
    world["criteria"] = list(assess.call.criteria.values_list("pk", flat=True))
    # Closed after its final claim was paid: offer, claim, payment, outcome reports.
    main = walk.in_assessment(matrix_assessors=True)
    for person in walk.assessors:
        walk.score(main, person, 4)
    main = assessment.application_panel_send(application=main, by=walk.manager)
    from grants.services import decisions, offers

    decisions.application_approve(application=main, by=walk.ic)
    offers.offer_send(application=main, by=walk.manager)
    offers.offer_accept(application=main, by=walk.applicant, confirm_mfa=True)
    main.refresh_from_db()
    paid = walk.paid_claim(main, key="matrix-main", final=True)
    world["app_main"] = main.pk
    world["claim_paid"] = paid.pk
    world["report"] = main.outcome_reports.get(kind="6m").pk
    # Only applicant A's submission consumes it, and everyone after A is refused before the
    # report's state is looked at: no fresh one needed.
    world["report_open"] = main.outcome_reports.get(kind="12m").pk
    # Delivery: a draft claim (with a line) and a submitted one, on two applications.
    claim_draft = walk.draft_claim(walk.accepted())
    world["claim_draft"] = claim_draft.pk
    world["cost_line_claimable"] = claim_draft.application.cost_lines.first().pk
    world["claim_line_draft"] = _claim_line(world).pk
    submitted = walk.submitted_claim(walk.accepted())
    world["claim_line_submitted"] = submitted.lines.first().pk


def _call_payload(ctx: dict[str, Any]) -> dict[str, Any]:
    now = timezone.now()
    return {
        "name": "Matrix call",
        "description": "A call made by the access matrix.",
        "fund": ctx["fund"],
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=30)).isoformat(),
        "budget": "50000.00",
        "min_award": "1000.00",
        "max_award": "25000.00",
        "intervention_rate": "0.5000",
        "eligible_categories": ["equipment"],
        "pass_mark": "60",
        "moderation_spread": "20",
        "criteria": [{"name": "Need", "weight": 1}],
    }


OUTCOMES = {
    "jobs_created": 2,
    "jobs_safeguarded": 1,
    "prototype_built": True,
    "regulatory_submission": False,
    "first_sale": False,
    "new_to_market_product": False,
    "follow_on_private": "0.00",
    "follow_on_public": "0.00",
}
G = "/api/grants"

ROWS: list[Row] = [
    # --- calls
    api_row(
        "api/grants/calls/",
        f"{G}/calls/",
        GET=api(200),
        POST=api(403, fund_manager=201),
        data={"POST": _call_payload},
    ),
    api_row("api/grants/calls/<int:pk>/", f"{G}/calls/{{call_pk}}/", GET=api(200)),
    api_row(
        "api/grants/calls/<int:pk>/budget/",
        f"{G}/calls/{{call_pk}}/budget/",
        GET=api(200, applicant_a=403, applicant_b=403),
    ),
    # --- applications (applicant side)
    api_row(
        "api/grants/applications/",
        f"{G}/applications/",
        GET=api(200),
        # Starting an application: a member, or a fund manager (who manages applications).
        POST=api(403, applicant_a=201, applicant_b=404, fund_manager=201),
        data={
            "POST": lambda ctx: {
                "call": ctx["call_pk"],
                "organisation": ctx["org_a"],
                "title": "Matrix application",
            }
        },
    ),
    api_row(
        "api/grants/applications/<int:pk>/",
        f"{G}/applications/{{app_draft}}/",
        GET=api(200, applicant_b=404, **UNASSIGNED),
        PATCH=api(403, applicant_a=200, applicant_b=404, **UNASSIGNED),
        data={"PATCH": lambda ctx: {"title": "Renamed by the matrix"}},
    ),
    # The same endpoint on an application in assessment: the assessors' side.
    api_row(
        "api/grants/applications/<int:pk>/",
        f"{G}/applications/{{app_assess}}/",
        GET=api(200, applicant_b=404, assessor_conflicted=409),
        # Not a draft any more (409 for the member); staff never edit answers.
        PATCH=api(403, applicant_a=409, applicant_b=404, assessor_conflicted=409),
        data={"PATCH": lambda ctx: {"title": "Renamed by the matrix"}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/cost-lines/",
        f"{G}/applications/{{app_draft}}/cost-lines/",
        POST=api(403, applicant_a=201, **STAFF_ACTION),
        data={
            "POST": lambda ctx: {"item": "Probe", "category": "equipment", "net_amount": "50.00"}
        },
    ),
    api_row(
        "api/grants/applications/<int:pk>/match-funding/",
        f"{G}/applications/{{app_draft}}/match-funding/",
        POST=api(403, applicant_a=201, **STAFF_ACTION),
        data={"POST": lambda ctx: {"source": "Angel", "amount": "500.00", "kind": "private"}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/mfa-declarations/",
        f"{G}/applications/{{app_draft}}/mfa-declarations/",
        POST=api(403, applicant_a=201, **STAFF_ACTION),
        data={
            "POST": lambda ctx: {
                "awarding_body": "Innovate UK",
                "received_on": "2025-05-01",
                "amount": "1000.00",
            }
        },
    ),
    api_row(
        "api/grants/applications/<int:pk>/submit/",
        f"{G}/applications/{{grants_app_fresh_draft}}/submit/",
        POST=api(403, applicant_a=200, **STAFF_ACTION),
    ),
    api_row(
        "api/grants/applications/<int:pk>/withdraw/",
        f"{G}/applications/{{grants_app_fresh_draft}}/withdraw/",
        # The member, or a fund manager (grants.manage_application).
        POST=api(403, applicant_a=200, fund_manager=200, **STAFF_ACTION),
        data={"POST": lambda ctx: {"reason": "No longer needed."}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/respond/",
        f"{G}/applications/{{grants_app_info}}/respond/",
        POST=api(403, applicant_a=200, **STAFF_ACTION),
        data={"POST": lambda ctx: {"answer": "The rig from the quote."}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/offer/",
        f"{G}/applications/{{app_main}}/offer/",
        # Assessors and board members lack grants.view_offer.
        GET=api(200, applicant_b=404, assessor=403, assessor_conflicted=409, board_member=403),
    ),
    api_row(
        "api/grants/applications/<int:pk>/offer/accept/",
        f"{G}/applications/{{grants_app_sent}}/offer/accept/",
        POST=api(403, applicant_a=200, **STAFF_ACTION),
        data={"POST": lambda ctx: {"confirm_mfa": True}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/offer/confirm-mfa/",
        f"{G}/applications/{{grants_app_unconfirmed}}/offer/confirm-mfa/",
        POST=api(403, applicant_a=200, **STAFF_ACTION),
    ),
    api_row(
        "api/grants/applications/<int:pk>/claims/",
        f"{G}/applications/{{grants_app_accepted}}/claims/",
        # Board members lack grants.view_claim; only the grantee claims.
        GET=api(200, applicant_b=404, board_member=403, **UNASSIGNED),
        POST=api(403, applicant_a=201, **STAFF_ACTION),
        data={"POST": lambda ctx: {"period_start": "2026-01-01", "period_end": "2026-03-31"}},
    ),
    # --- applications (staff side)
    api_row(
        "api/grants/applications/<int:pk>/request-info/",
        f"{G}/applications/{{grants_app_elig}}/request-info/",
        POST=api(403, fund_manager=200, **STAFF_ACTION),
        data={"POST": lambda ctx: {"question": "Which rig exactly?"}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/eligibility/",
        f"{G}/applications/{{grants_app_elig}}/eligibility/",
        POST=api(403, fund_manager=200, **STAFF_ACTION),
    ),
    api_row(
        "api/grants/applications/<int:pk>/assignments/",
        f"{G}/applications/{{grants_app_unassigned}}/assignments/",
        POST=api(403, fund_manager=201, **STAFF_ACTION),
        data={"POST": lambda ctx: {"assessor": ctx["grants_walk"].assessors[0].pk}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/start-assessment/",
        f"{G}/applications/{{grants_app_assessors}}/start-assessment/",
        POST=api(403, fund_manager=200, **STAFF_ACTION),
        data={"POST": lambda ctx: {"override_reason": "Checked by hand."}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/send-to-panel/",
        f"{G}/applications/{{grants_app_scored}}/send-to-panel/",
        POST=api(403, fund_manager=200, **STAFF_ACTION),
        data={"POST": lambda ctx: {"moderation_note": "Agreed."}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/approve/",
        f"{G}/applications/{{grants_app_panel}}/approve/",
        POST=api(403, fund_manager=200, ic_member=200, **STAFF_ACTION),
        data={"POST": lambda ctx: {"note": "Good value."}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/reject/",
        f"{G}/applications/{{grants_app_panel}}/reject/",
        # Without grants.decide_application the workflow refuses the move (409).
        POST=api(
            403,
            fund_manager=200,
            ic_member=200,
            finance_officer=409,
            board_member=409,
            **STAFF_ACTION,
        ),
        data={"POST": lambda ctx: {"reason": "Out of scope."}},
    ),
    api_row(
        "api/grants/applications/<int:pk>/offer/send/",
        f"{G}/applications/{{grants_app_approved}}/offer/send/",
        # Without grants.manage_application the workflow refuses the move (409).
        POST=api(
            403,
            fund_manager=200,
            ic_member=409,
            finance_officer=409,
            board_member=409,
            **STAFF_ACTION,
        ),
    ),
    api_row(
        "api/grants/applications/<int:pk>/timings/",
        f"{G}/applications/{{app_assess}}/timings/",
        GET=api(200, applicant_a=403, applicant_b=404, assessor_conflicted=409),
    ),
    api_row(
        "api/grants/applications/<int:pk>/clawbacks/",
        f"{G}/applications/{{app_main}}/clawbacks/",
        POST=api(403, fund_manager=201, applicant_b=404, assessor_conflicted=409),
        data={"POST": lambda ctx: {"amount": "10.00", "reason": "Ineligible spend."}},
    ),
    # --- costs and declarations of a draft
    api_row(
        "api/grants/cost-lines/<int:pk>/",
        f"{G}/cost-lines/{{grants_cost_line}}/",
        PATCH=api(403, applicant_a=200, **MEMBER_WRITE),
        DELETE=api(403, applicant_a=204, **MEMBER_WRITE),
        data={"PATCH": lambda ctx: {"supplier": "Acme Instruments"}},
    ),
    api_row(
        "api/grants/cost-lines/<int:pk>/quote/",
        f"{G}/cost-lines/{{cost_line_draft}}/quote/",
        POST=api(403, applicant_a=201, **MEMBER_WRITE),
        data={"POST": lambda ctx: {"file": SimpleUploadedFile("quote.pdf", PDF)}},
        multipart=True,
    ),
    api_row(
        "api/grants/match-funding/<int:pk>/",
        f"{G}/match-funding/{{grants_match_funding}}/",
        DELETE=api(403, applicant_a=204, **MEMBER_WRITE),
    ),
    api_row(
        "api/grants/mfa-declarations/<int:pk>/",
        f"{G}/mfa-declarations/{{grants_mfa_declaration}}/",
        DELETE=api(403, applicant_a=204, **MEMBER_WRITE),
    ),
    # --- assessment
    api_row(
        "api/grants/assignments/",
        f"{G}/assignments/",
        # Scoped: applicants get an empty list; board members lack grants.view_assignment.
        GET=api(200, board_member=403),
    ),
    api_row(
        "api/grants/assignments/<int:pk>/declare/",
        f"{G}/assignments/{{grants_assignment_undeclared}}/declare/",
        # Only the assessor it names; other assessors and applicants do not find it.
        POST=api(403, assessor=200, applicants=404, assessor_conflicted=404),
        data={"POST": lambda ctx: {"conflict": False}},
    ),
    api_row(
        "api/grants/assignments/<int:pk>/scores/",
        f"{G}/assignments/{{assignment_open}}/scores/",
        POST=api(403, assessor=200, applicants=404, assessor_conflicted=404),
        data={
            "POST": lambda ctx: {
                "scores": [{"criterion": pk, "score": 3} for pk in ctx["criteria"]]
            }
        },
    ),
    # --- claims and payments
    api_row(
        "api/grants/claims/",
        f"{G}/claims/",
        GET=api(200, board_member=403, **NO_VIEW_ASSESSORS),
    ),
    api_row(
        "api/grants/claims/<int:pk>/",
        f"{G}/claims/{{claim_paid}}/",
        GET=api(200, applicant_b=404, board_member=403, **NO_VIEW_ASSESSORS),
    ),
    api_row(
        "api/grants/claims/<int:pk>/lines/",
        f"{G}/claims/{{claim_draft}}/lines/",
        POST=api(403, applicant_a=201, **MEMBER_WRITE),
        data={
            "POST": lambda ctx: {"cost_line": ctx["cost_line_claimable"], "amount_defrayed": "5"}
        },
    ),
    api_row(
        "api/grants/claims/<int:pk>/submit/",
        f"{G}/claims/{{grants_claim_ready}}/submit/",
        POST=api(403, applicant_a=200, **MEMBER_WRITE),
    ),
    api_row(
        "api/grants/claims/<int:pk>/approve/",
        f"{G}/claims/{{grants_claim_checked}}/approve/",
        # Without grants.check_claim the workflow refuses the move (409).
        POST=api(409, applicant_a=403, fund_manager=200, finance_officer=200, **MEMBER_WRITE),
        data={"POST": lambda ctx: {"note": "Evidence matches."}},
    ),
    api_row(
        "api/grants/claims/<int:pk>/reject/",
        f"{G}/claims/{{grants_claim_submitted}}/reject/",
        POST=api(409, applicant_a=403, fund_manager=200, finance_officer=200, **MEMBER_WRITE),
        data={"POST": lambda ctx: {"reason": "No proof of payment."}},
    ),
    api_row(
        "api/grants/claims/<int:pk>/pay/",
        f"{G}/claims/{{grants_claim_approved}}/pay/",
        # Only a finance officer releases (not the claim's approver, the fund manager).
        POST=api(403, finance_officer=201, **MEMBER_WRITE),
        data={"POST": lambda ctx: {"idempotency_key": f"matrix-{ctx['grants_claim_approved']}"}},
    ),
    api_row(
        "api/grants/claim-lines/<int:pk>/",
        f"{G}/claim-lines/{{grants_claim_line}}/",
        DELETE=api(403, applicant_a=204, **MEMBER_WRITE),
    ),
    api_row(
        "api/grants/claim-lines/<int:pk>/evidence/",
        f"{G}/claim-lines/{{claim_line_draft}}/evidence/",
        POST=api(403, applicant_a=201, **MEMBER_WRITE),
        data={"POST": lambda ctx: {"file": SimpleUploadedFile("i.pdf", PDF), "kind": "invoice"}},
        multipart=True,
    ),
    api_row(
        "api/grants/claim-lines/<int:pk>/check/",
        f"{G}/claim-lines/{{claim_line_submitted}}/check/",
        POST=api(403, fund_manager=200, finance_officer=200, **MEMBER_WRITE),
        data={"POST": lambda ctx: {"approved": True}},
    ),
    api_row(
        "api/grants/payments/",
        f"{G}/payments/",
        GET=api(200, **NO_VIEW_ASSESSORS),
    ),
    api_row(
        "api/grants/clawbacks/",
        f"{G}/clawbacks/",
        GET=api(200, board_member=403, **NO_VIEW_ASSESSORS),
    ),
    api_row(
        "api/grants/clawbacks/<int:pk>/resolve/",
        f"{G}/clawbacks/{{grants_clawback}}/resolve/",
        # Repaid needs grants.release_payment: the workflow refuses anyone else (409).
        POST=api(409, applicant_a=403, finance_officer=200, **MEMBER_WRITE),
        data={"POST": lambda ctx: {"to": "repaid"}},
    ),
    # --- outcomes
    api_row(
        "api/grants/outcome-reports/",
        f"{G}/outcome-reports/",
        GET=api(200, **NO_VIEW_ASSESSORS),
    ),
    api_row(
        "api/grants/outcome-reports/<int:pk>/",
        f"{G}/outcome-reports/{{report}}/",
        GET=api(200, applicant_b=404, **NO_VIEW_ASSESSORS),
    ),
    api_row(
        "api/grants/outcome-reports/<int:pk>/submit/",
        f"{G}/outcome-reports/{{report_open}}/submit/",
        POST=api(403, applicant_a=200, **MEMBER_WRITE),
        data={"POST": lambda ctx: OUTCOMES},
    ),
]

# --- pages. The portal signs visitors in first (302 whatever the method), then refuses other
# methods (405). Staff pages sign visitors in and refuse applicants (403) whatever the method.
# Staff actions report their outcome as a message on the page they redirect to (302): the
# status cannot tell a refusal from a success there, so those rows only prove who reaches
# the action at all (the API rows above prove the rules themselves).
SIGN_IN = {"anonymous": REDIRECT}
STAFF_GATE = {"anonymous": REDIRECT, "applicants": 403}
PORTAL_UNASSIGNED = {"applicant_b": 404, **UNASSIGNED}
GP = "/grants/portal"
GS = "/grants/staff"


def portal(route: str, url: str, **expect: dict[str, int]) -> Row:
    return page_row(f"grants/portal/{route}", f"{GP}/{url}", denied=SIGN_IN, **expect)


def staff(route: str, url: str, **expect: dict[str, int]) -> Row:
    return page_row(f"grants/staff/{route}", f"{GS}/{url}", denied=STAFF_GATE, **expect)


def page(default: int, **overrides: int) -> dict[str, int]:
    return roles(default, **SIGN_IN, **overrides)


def staff_page(default: int, **overrides: int) -> dict[str, int]:
    return roles(default, **STAFF_GATE, **overrides)


# Assessors and board members lack grants.view_offer: refused before the application is looked
# up (so the conflicted assessor gets the same 403).
NO_OFFERS = {"assessor": 403, "assessor_conflicted": 403, "board_member": 403}
# Claims and payments are for fund managers, IC members and finance officers (view_claim).
NO_CLAIMS = {"assessor": 403, "assessor_conflicted": 403, "board_member": 403}

PAGES: list[Row] = [
    # --- the applicant portal
    portal("calls/", "calls/", GET=page(200)),
    # Staff belong to no organisation: sent to the organisation page first.
    portal(
        "calls/<int:pk>/apply/",
        "calls/{call_pk}/apply/",
        GET=page(REDIRECT, applicants=200),
        POST=page(REDIRECT, applicants=400),  # an empty form: the errors
    ),
    portal("applications/", "applications/", GET=page(200)),
    portal(
        "applications/<int:pk>/",
        "applications/{app_draft}/",
        GET=page(200, **PORTAL_UNASSIGNED),
    ),
    portal(
        "applications/<int:pk>/edit/",
        "applications/{app_draft}/edit/",
        GET=page(200, **PORTAL_UNASSIGNED),
        POST=page(400, **PORTAL_UNASSIGNED),  # an empty form: the errors
    ),
    portal(
        "applications/<int:pk>/costs/",
        "applications/{app_draft}/costs/",
        POST=page(400, **PORTAL_UNASSIGNED),
    ),
    portal(
        "applications/<int:pk>/match-funding/",
        "applications/{app_draft}/match-funding/",
        POST=page(400, **PORTAL_UNASSIGNED),
    ),
    portal(
        "applications/<int:pk>/mfa-declarations/",
        "applications/{app_draft}/mfa-declarations/",
        POST=page(400, **PORTAL_UNASSIGNED),
    ),
    # Actions answer with a message on the application's page.
    portal(
        "cost-lines/<int:pk>/quote/",
        "cost-lines/{cost_line_draft}/quote/",
        POST=page(REDIRECT, applicant_b=404),
    ),
    portal(
        "cost-lines/<int:pk>/remove/",
        "cost-lines/{grants_cost_line}/remove/",
        POST=page(REDIRECT, applicant_b=404),
    ),
    portal(
        "match-funding/<int:pk>/remove/",
        "match-funding/{grants_match_funding}/remove/",
        POST=page(REDIRECT, applicant_b=404),
    ),
    portal(
        "mfa-declarations/<int:pk>/remove/",
        "mfa-declarations/{grants_mfa_declaration}/remove/",
        POST=page(REDIRECT, applicant_b=404),
    ),
    portal(
        "applications/<int:pk>/submit/",
        "applications/{grants_app_fresh_draft}/submit/",
        POST=page(400, **PORTAL_UNASSIGNED),  # an empty form: the declaration is required
    ),
    portal(
        "applications/<int:pk>/respond/",
        "applications/{grants_app_info}/respond/",
        POST=page(REDIRECT, **PORTAL_UNASSIGNED),
    ),
    portal(
        "applications/<int:pk>/withdraw/",
        "applications/{grants_app_fresh_draft}/withdraw/",
        POST=page(REDIRECT, **PORTAL_UNASSIGNED),
    ),
    # The accepted, closed application: the offer, its claims and outcome reports. Staff read
    # offers with grants.view_offer only; the conflicted assessor never sees the application.
    portal(
        "applications/<int:pk>/offer/",
        "applications/{app_main}/offer/",
        GET=page(200, applicant_b=404, **NO_OFFERS),
        POST=page(400, applicant_b=404, **NO_OFFERS),
    ),
    portal(
        "applications/<int:pk>/claims/new/",
        "applications/{grants_app_accepted}/claims/new/",
        GET=page(200, **PORTAL_UNASSIGNED),
        POST=page(400, **PORTAL_UNASSIGNED),  # an empty form: the errors
    ),
    portal(
        "claims/<int:pk>/",
        "claims/{claim_draft}/",
        GET=page(200, applicant_b=404, **NO_CLAIMS),
    ),
    portal(
        "claims/<int:pk>/lines/",
        "claims/{claim_draft}/lines/",
        POST=page(400, applicant_b=404, **NO_CLAIMS),  # an empty form: the errors
    ),
    portal(
        "claim-lines/<int:pk>/remove/",
        "claim-lines/{grants_claim_line}/remove/",
        POST=page(REDIRECT, applicant_b=404, **NO_CLAIMS),
    ),
    portal(
        "claim-lines/<int:pk>/evidence/",
        "claim-lines/{claim_line_draft}/evidence/",
        POST=page(REDIRECT, applicant_b=404, **NO_CLAIMS),
    ),
    portal(
        "claims/<int:pk>/submit/",
        "claims/{grants_claim_ready}/submit/",
        POST=page(REDIRECT, applicant_b=404, **NO_CLAIMS),
    ),
    portal(
        "outcome-reports/<int:pk>/",
        "outcome-reports/{report}/",
        GET=page(200, applicant_b=404, **ASSESSORS_NO_OUTCOMES),
        POST=page(400, applicant_b=404, **ASSESSORS_NO_OUTCOMES),  # an empty form
    ),
    # --- staff pages
    staff("", "", GET=staff_page(200)),
    staff(
        "applications/<int:pk>/",
        "applications/{app_assess}/",
        # The conflicted assessor is sent back to the queue with the reason.
        GET=staff_page(200, assessor_conflicted=REDIRECT),
    ),
    # Only the assessors assigned; both have declared already, so they are sent on.
    staff(
        "applications/<int:pk>/declare/",
        "applications/{app_assess}/declare/",
        GET=staff_page(404, assessor=REDIRECT, assessor_conflicted=REDIRECT),
        POST=staff_page(404, assessor=REDIRECT, assessor_conflicted=REDIRECT),
    ),
    staff(
        "applications/<int:pk>/score/",
        "applications/{app_assess}/score/",
        GET=staff_page(404, assessor=200, assessor_conflicted=REDIRECT),
        POST=staff_page(404, assessor=400, assessor_conflicted=REDIRECT),  # an empty form
    ),
    *[
        staff(
            f"applications/<int:pk>/{action}/",
            f"applications/{{app_assess}}/{action}/",
            POST=staff_page(REDIRECT),
        )
        for action in (
            "assign",
            "request-info",
            "start-assessment",
            "send-to-panel",
            "reject",
            "send-offer",
            "clawbacks",
        )
    ],
    staff(
        "clawbacks/<int:pk>/resolve/",
        "clawbacks/{grants_clawback}/resolve/",
        POST=staff_page(REDIRECT),
    ),
    # Deciding asks staff to confirm their identity again first (a redirect).
    staff(
        "applications/<int:pk>/approve/",
        "applications/{app_assess}/approve/",
        GET=staff_page(REDIRECT),
        POST=staff_page(REDIRECT),
    ),
    staff("claims/<int:pk>/", "claims/{claim_paid}/", GET=staff_page(200, **NO_CLAIMS)),
    staff(
        "claim-lines/<int:pk>/check/",
        "claim-lines/{claim_line_submitted}/check/",
        POST=staff_page(REDIRECT, **NO_CLAIMS),
    ),
    staff(
        "claims/<int:pk>/approve/",
        "claims/{claim_paid}/approve/",
        POST=staff_page(REDIRECT, **NO_CLAIMS),
    ),
    staff(
        "claims/<int:pk>/reject/",
        "claims/{claim_paid}/reject/",
        POST=staff_page(REDIRECT, **NO_CLAIMS),
    ),
    staff(
        "claims/<int:pk>/release/",
        "claims/{claim_paid}/release/",
        GET=staff_page(REDIRECT),
        POST=staff_page(REDIRECT),
    ),
    # --- letters and the 360Giving export (grants/urls.py)
    page_row(
        "grants/applications/<int:pk>/offer-letter/",
        "/grants/applications/{app_main}/offer-letter/",
        GET=page(200, applicant_b=404, **NO_OFFERS),
        denied=SIGN_IN,
    ),
    page_row(
        "grants/applications/<int:pk>/offer-letter/download/",
        "/grants/applications/{app_main}/offer-letter/download/",
        GET=page(200, applicant_b=404, **NO_OFFERS),
        denied=SIGN_IN,
    ),
    page_row(
        "grants/export/360giving.json",
        "/grants/export/360giving.json",
        GET=page(200, applicants=403),
        denied=SIGN_IN,
    ),
    page_row(
        "grants/export/360giving.csv",
        "/grants/export/360giving.csv",
        GET=page(200, applicants=403),
        denied=SIGN_IN,
    ),
]
ROWS += PAGES

# Routes covered elsewhere.
NOT_IN_MATRIX: set[str] = set()
