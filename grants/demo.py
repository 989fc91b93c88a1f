"""The grants part of the demo fund: two calls and 160 applications in every state, built
through the services (so every step has its workflow event, with believable past times).

Deterministic for a seed: every application draws its random values whether or not it
exists. Idempotent: each application is found by its ``demo_key`` before it is built.
Award amounts come from Power to Change Trust's West Midlands small grants
(grants/data/ptc-west-midlands-small-grants.json — "Contains Power to Change Trust grant
data, CC BY 4.0, via 360Giving").
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from fundops.demo import DemoContext
from fundops.models import Organisation, User
from fundops.workflow import transition
from grants import eligibility as rules
from grants.models import (
    Application,
    Approval,
    Call,
    Claim,
    Clawback,
    CostLine,
    Criterion,
    Offer,
    Payment,
)
from grants.services import applications as app_svc
from grants.services import assessment, claims, decisions, offers, outcomes, payments
from grants.services.common import notifications_muted

S = Application.Status
PTC_SAMPLE = Path(__file__).parent / "data" / "ptc-west-midlands-small-grants.json"

CALLS = [
    (
        "MedTech Barrier Grants 2025/26",
        "Grants of £1,000–£25,000 that unblock one barrier to market.",
        -420,
        -300,
        "1500000",
    ),
    (
        "MedTech Barrier Grants 2026/27",
        "Second round: equipment, prototypes, market research, regulatory and clinical steps.",
        -60,
        60,
        "900000",
    ),
]
CRITERIA = [
    ("Need and barrier", "Is the barrier real, and does the grant remove it?", 3),
    ("Deliverability", "Plan, team, suppliers and timetable.", 2),
    ("Market and patient benefit", "Who buys or uses it, and what changes for patients.", 2),
    ("Value for money", "Costs are reasonable and quoted.", 1),
]
# Target states for the closed round (first) and the open round (second), with counts.
PLAN = [
    [
        (S.CLOSED, 28),
        (S.IN_DELIVERY, 20),
        (S.OFFER_ACCEPTED, 6),
        (S.OFFER_SENT, 4),
        (S.APPROVED, 3),
        (S.REJECTED, 16),
        (S.WITHDRAWN, 7),
    ],
    [
        (S.DRAFT, 12),
        (S.SUBMITTED, 3),
        (S.ELIGIBILITY_CHECK, 10),
        (S.MORE_INFO_REQUESTED, 5),
        (S.IN_ASSESSMENT, 12),
        (S.PANEL, 10),
        (S.APPROVED, 5),
        (S.OFFER_SENT, 3),
        (S.REJECTED, 6),
        (S.WITHDRAWN, 4),
    ],
]
ORDER = [
    S.DRAFT,
    S.SUBMITTED,
    S.ELIGIBILITY_CHECK,
    S.IN_ASSESSMENT,
    S.PANEL,
    S.APPROVED,
    S.OFFER_SENT,
    S.OFFER_ACCEPTED,
    S.IN_DELIVERY,
    S.CLOSED,
]
PROJECTS = [
    ("Clinical evaluation of a wound-moisture sensor", "clinical_evaluation"),
    ("Injection-moulded prototype of a single-use cannula guard", "prototype"),
    ("UKCA technical file for a Class I mobility aid", "regulatory"),
    ("Market research with NHS procurement leads", "market_research"),
    ("Bench-top spectrometer for breath diagnostics", "equipment"),
    ("ISO 13485 gap analysis and quality manual", "regulatory"),
    ("Usability study of a remote cardiac monitor", "clinical_evaluation"),
    ("Second-generation prototype of a smart inhaler cap", "prototype"),
]
BARRIER_FOR = {
    "clinical_evaluation": "clinical_evaluation",
    "prototype": "prototype",
    "regulatory": "regulatory",
    "market_research": "market_research",
    "equipment": "equipment",
}
SUPPLIERS = [
    "Tyseley Tooling Ltd",
    "Aston Test House",
    "Midlands Regulatory Partners",
    "Coventry Clinical Research Unit",
    "Black Country Precision",
    "NHS Insight Panel",
]


@dataclass
class Draw:
    """Every random value one application needs, drawn in a fixed order."""

    org_index: int
    project: int
    amount: Decimal
    extra_cost: Decimal
    day: int
    scores: list[int]
    spread: int
    supplier: int
    info: bool
    confirm_mfa: bool


def _amounts() -> list[Decimal]:
    grants = json.loads(PTC_SAMPLE.read_text(encoding="utf-8"))["grants"]
    return [Decimal(str(g["amountAwarded"])).quantize(Decimal("0.01")) for g in grants]


def _draw(rng: random.Random, amounts: list[Decimal], orgs: int) -> Draw:
    return Draw(
        org_index=rng.randrange(orgs),
        project=rng.randrange(len(PROJECTS)),
        amount=max(rng.choice(amounts), Decimal("1500.00")),
        extra_cost=Decimal(rng.randrange(0, 4000)),
        day=rng.randrange(0, 90),
        scores=[rng.randint(2, 5) for _ in range(len(CRITERIA))],
        spread=rng.choice([0, 0, 0, 1, 2]),
        supplier=rng.randrange(len(SUPPLIERS)),
        info=rng.random() < 0.2,
        confirm_mfa=rng.random() < 0.9,
    )


def _eligible(org: Organisation) -> bool:
    sme = rules.sme_check(
        headcount=org.headcount,
        turnover=org.turnover,
        balance_sheet=org.balance_sheet_total,
        eur_to_gbp=settings.GRANTS_EUR_TO_GBP,
    )
    return sme.passed and rules.region_check(postcode=org.registered_postcode).passed


def _calls(ctx: DemoContext, now: datetime) -> list[Call]:
    calls = []
    for name, description, opens, closes, budget in CALLS:
        call, created = Call.objects.get_or_create(
            name=name,
            defaults={
                "description": description,
                "fund": ctx.funds[0] if ctx.funds else None,
                "opens_at": now + timedelta(days=opens),
                "closes_at": now + timedelta(days=closes),
                "budget": Decimal(budget),
                "min_award": Decimal("1000"),
                "max_award": Decimal("25000"),
                "intervention_rate": Decimal("0.5"),
            },
        )
        if created:
            for order, (title, guidance, weight) in enumerate(CRITERIA):
                Criterion.objects.create(
                    call=call, name=title, guidance=guidance, weight=weight, order=order
                )
        calls.append(call)
    return calls


class Builder:
    """Walks one application from draft to its target state through the services."""

    def __init__(self, ctx: DemoContext) -> None:
        users = ctx.users
        self.manager = users["fund_manager"]
        self.approvers = [users["ic_member"], users["ic_member:ic.member2@example.com"]]
        self.assessors = [
            users["assessor"],
            users["assessor:assessor2@example.com"],
            users["assessor:assessor3@example.com"],
        ]
        self.finance = users["finance_officer"]

    def build(
        self, *, key: str, call: Call, org: Organisation, draw: Draw, target: str, start: datetime
    ) -> None:
        applicant: User = org.members.order_by("pk").first()  # type: ignore[assignment]
        title, category = PROJECTS[draw.project]
        at = start
        step = timedelta(days=1)
        app = app_svc.application_create(
            call=call,
            organisation=org,
            by=applicant,
            title=title,
            barrier=BARRIER_FOR[category],
            at=at,
            summary=f"{org.name}: {title.lower()}.",
            answers={
                q["key"]: f"{title}. " + "We have tested the need with clinicians. " * 3
                for q in call.questions
            },
            amount_requested=draw.amount,
            declaration_accepted=True,
            project_start=(at + timedelta(days=60)).date(),
            project_end=(at + timedelta(days=240)).date(),
        )
        Application.objects.filter(pk=app.pk).update(demo_key=key, created_at=at)
        cost = draw.amount * 2 + min(draw.extra_cost, draw.amount)
        app_svc.cost_line_add(
            application=app,
            by=applicant,
            item=title,
            category=category,
            net_amount=cost,
            supplier=SUPPLIERS[draw.supplier],
        )
        app_svc.match_funding_add(
            application=app,
            by=applicant,
            source="Directors' loan",
            amount=cost - draw.amount,
            kind="private",
            secured=True,
        )
        if target == S.DRAFT:
            return
        at += step
        if target == S.SUBMITTED:
            # Received but not yet through the automatic check (e.g. a check paused by
            # staff): the one state the services never leave an application in.
            app.submitted_at = at
            transition(
                app, to=S.SUBMITTED, by=applicant, at=at, extra_update_fields=("submitted_at",)
            )
            return
        app = app_svc.application_submit(application=app, by=applicant, at=at)
        if target == S.ELIGIBILITY_CHECK:
            return
        if target == S.WITHDRAWN and draw.info:
            app_svc.application_withdraw(
                application=app, by=applicant, at=at + step, reason="Funded from another source."
            )
            return
        if target == S.REJECTED and not app.eligibility_passed:
            decisions.application_reject(
                application=app,
                by=self.manager,
                at=at + step,
                reason="Not eligible: see the eligibility results.",
            )
            return
        at = self._assess(app, draw, at, target)
        app.refresh_from_db()
        if app.status != S.PANEL:
            return
        if target == S.WITHDRAWN:
            app_svc.application_withdraw(application=app, by=applicant, at=at + step)
            return
        if target == S.PANEL:
            return
        at += timedelta(days=7)
        if target == S.REJECTED:
            decisions.application_reject(
                application=app,
                by=self.approvers[0],
                at=at,
                reason=f"Scored {app.weighted_score}% against a pass mark of {call.pass_mark}%.",
            )
            return
        for approver in self.approvers:
            app = decisions.application_approve(
                application=app,
                by=approver,
                at=at,
                note=f"Approved at panel with a weighted score of {app.weighted_score}%.",
            )
            if app.status == S.APPROVED:
                break
        if target == S.APPROVED:
            return
        at += step
        offers.offer_send(application=app, by=self.manager, at=at)
        if target == S.OFFER_SENT:
            return
        at += timedelta(days=5)
        # Grantees in delivery have confirmed MFA (payments need it); some who have only
        # accepted have not confirmed yet.
        confirm = draw.confirm_mfa or target != S.OFFER_ACCEPTED
        offers.offer_accept(application=app, by=applicant, confirm_mfa=confirm, at=at)
        if target == S.OFFER_ACCEPTED:
            return
        self._deliver(app, applicant, draw, at, final=target == S.CLOSED, key=key)

    def _assess(self, app: Application, draw: Draw, at: datetime, target: str) -> datetime:
        step = timedelta(days=1)
        pair = [self.assessors[draw.project % 3], self.assessors[(draw.project + 1) % 3]]
        for person in pair:
            a = assessment.assignment_create(
                application=app, assessor=person, by=self.manager, at=at
            )
            assessment.assignment_declare(assignment=a, by=person, conflict=False, at=at + step)
        at += timedelta(days=3)
        if target == S.MORE_INFO_REQUESTED:
            app_svc.application_info_request(
                application=app,
                by=self.manager,
                at=at,
                question="Please send the supplier's quote.",
            )
            return at
        app = assessment.application_assessment_start(
            application=app,
            by=self.manager,
            at=at,
            override_reason="" if app.eligibility_passed else "Staff checked: eligible.",
        )
        if target == S.IN_ASSESSMENT:
            return at
        criteria = list(app.call.criteria.all())
        for offset, person in enumerate(pair):
            at += timedelta(days=4)
            scores = [
                {
                    "criterion": c.pk,
                    "score": max(0, min(5, s - offset * draw.spread)),
                    "comment": "Clear plan." if s >= 4 else "Needs more evidence.",
                }
                for c, s in zip(criteria, draw.scores, strict=True)
            ]
            assessment.assignment_score(
                assignment=app.assignments.get(assessor=person), by=person, scores=scores, at=at
            )
        app.refresh_from_db()
        assessment.application_panel_send(
            application=app,
            by=self.manager,
            at=at + step,
            moderation_note="Moderated: agreed the mean." if app.moderation_required else "",
        )
        app.refresh_from_db()
        return at + step

    def _deliver(
        self, app: Application, applicant: User, draw: Draw, at: datetime, *, final: bool, key: str
    ) -> None:
        line = CostLine.objects.filter(application=app).first()
        halves = [(line.net_amount / 2).quantize(Decimal("0.01"))]  # type: ignore[union-attr]
        if final:
            halves.append(line.net_amount - halves[0])  # type: ignore[union-attr]
        for number, amount in enumerate(halves, start=1):
            at += timedelta(days=45)
            claim = claims.claim_create(
                application=app,
                by=applicant,
                period_start=(at - timedelta(days=44)).date(),
                period_end=at.date(),
                is_final=number == len(halves) and final,
            )
            claim_line = claims.claim_line_add(
                claim=claim, by=applicant, cost_line=line, amount_defrayed=amount
            )
            for kind in ("invoice", "proof_of_payment"):
                claims.claim_line_evidence_upload(
                    line=claim_line,
                    by=applicant,
                    kind=kind,
                    file=SimpleUploadedFile(
                        f"{kind}-{key}-{number}.pdf", b"%PDF-1.4\n% FundOps demo evidence\n"
                    ),
                )
            claims.claim_submit(claim=claim, by=applicant, at=at)
            claims.claim_line_check(
                line=claim_line, by=self.manager, approved=True, at=at + timedelta(days=3)
            )
            claims.claim_approve(claim=claim, by=self.manager, at=at + timedelta(days=4))
            payments.payment_release(
                claim=claim,
                by=self.finance,
                at=at + timedelta(days=6),
                idempotency_key=f"demo-{key}-{number}",
            )
        if final:
            report = app.outcome_reports.filter(kind="6m").first()
            if report and report.due_on <= timezone.localdate() and draw.info is False:
                outcomes.outcome_report_submit(
                    report=report,
                    by=applicant,
                    at=min(at + timedelta(days=190), timezone.now() - timedelta(days=1)),
                    jobs_created=draw.spread + 1,
                    jobs_safeguarded=2,
                    prototype_built=True,
                    regulatory_submission=draw.project % 2 == 0,
                    first_sale=draw.project % 3 == 0,
                    new_to_market_product=True,
                    follow_on_private=draw.amount * 3,
                    follow_on_public=Decimal("0"),
                )
            if draw.spread == 2:
                payments.clawback_raise(
                    application=app,
                    by=self.manager,
                    amount=Decimal("250.00"),
                    at=at + timedelta(days=20),
                    reason="Part of the equipment was resold within a year.",
                )


def seed(ctx: DemoContext) -> None:
    """Per-save history rows would double the seeding time; the demo builds without them and
    then writes one history snapshot per record that carries money or a decision (every step
    still has its WorkflowEvent, with actor and time)."""
    with notifications_muted(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        made = _seed(ctx)
    _history_snapshots(made)


def _history_snapshots(application_ids: list[int]) -> None:
    if not application_ids:
        return
    records = {
        Application: Application.objects.filter(pk__in=application_ids),
        CostLine: CostLine.objects.filter(application_id__in=application_ids),
        Offer: Offer.objects.filter(application_id__in=application_ids),
        Approval: Approval.objects.filter(application_id__in=application_ids),
        Claim: Claim.objects.filter(application_id__in=application_ids),
        Payment: Payment.objects.filter(claim__application_id__in=application_ids),
        Clawback: Clawback.objects.filter(application_id__in=application_ids),
    }
    for model, queryset in records.items():
        model.history.bulk_history_create(  # type: ignore[attr-defined]
            list(queryset), default_change_reason="Demo data"
        )


def _seed(ctx: DemoContext) -> list[int]:
    now = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    calls = _calls(ctx, now)
    amounts = _amounts()
    organisations = list(ctx.organisations) or list(Organisation.objects.order_by("name"))
    eligible = [o for o in organisations if _eligible(o)]
    builder = Builder(ctx)
    made: list[int] = []
    for call, plan in zip(calls, PLAN, strict=True):
        number = 0
        for target, count in plan:
            for _ in range(count):
                number += 1
                key = f"demo-{call.pk}-{number:03d}"
                draw = _draw(ctx.rng, amounts, len(organisations))
                pool = (
                    organisations
                    if target in {S.ELIGIBILITY_CHECK, S.REJECTED, S.DRAFT}
                    else eligible
                )
                org = pool[draw.org_index % len(pool)]
                if Application.objects.filter(demo_key=key).exists():
                    continue
                # Within the call's first weeks, so that every later step is in the past.
                window = 80 if call.closes_at < now else 25
                start = call.opens_at + timedelta(days=draw.day % window, hours=2)
                with transaction.atomic():
                    builder.build(
                        key=key, call=call, org=org, draw=draw, target=target, start=start
                    )
                made.append(Application.objects.get(demo_key=key).pk)
    return made
