"""This app's deal pipeline in the demo fund: 45 deals over every stage, walked through the
real services with back-dated stage moves (so days in stage vary and some are overdue), DD
checklists part-done, committee votes, declined and withdrawn deals.

Two deals tell the "rule blocks the vote" story (issue 4's "done when"):
- DEMO_SHORT_AT_SCREENING sits at screening with private money short of the fund's: moving it
  to due diligence is refused, naming the rule and the figures;
- DEMO_SHORT_IN_DD is in due diligence with part of its checklist done; its lead investor cut
  their commitment after screening, so once DD is complete the committee's vote is refused
  until the co-investor amounts are fixed.

Deterministic: each deal draws from its own Random(seed, number), so a rerun (or a partly
seeded database) makes the same choices. Idempotent: a deal is written only when its
``demo_key`` is not there yet. Registered in settings.DEMO_SEEDERS after portfolio.demo.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from fundops.demo import DemoContext
from fundops.models import Fund, Organisation, User
from fundops.money import to_pennies
from portfolio.models import CoInvestmentPolicy, DDItem, Deal, DealCoInvestor, Investment
from portfolio.services import committee, completion, deals, diligence
from portfolio.services.deal_common import deal_notifications_muted
from portfolio.services.investments import InstrumentTerms

S = Deal.Status
DEMO_SHORT_AT_SCREENING = "demo-deal-13"
DEMO_SHORT_IN_DD = "demo-deal-16"
# (stage the deal ends in, how many): 45 deals.
PLAN: list[tuple[str, int]] = [
    (S.DRAFT, 3),
    (S.ENQUIRY, 6),
    (S.SCREENING, 6),
    (S.DUE_DILIGENCE, 8),
    (S.INVESTMENT_COMMITTEE, 6),
    (S.APPROVED, 3),
    (S.COMPLETION, 2),
    (S.INVESTED, 3),
    (S.DECLINED, 5),
    (S.WITHDRAWN, 3),
]
ORDER = [S.ENQUIRY, S.SCREENING, S.DUE_DILIGENCE, S.INVESTMENT_COMMITTEE, S.APPROVED]
TICKETS = [75_000, 100_000, 150_000, 200_000, 250_000, 300_000, 400_000, 500_000]
LEADS = ["Midlands Angels", "Minerva Business Angels", "Mercia Ventures", "Arden Ventures"]
FOLLOWERS = ["Birmingham Tech Syndicate", "Coventry University Enterprises", "Angel Investor"]
DIGITAL = {"digital_health", "health_data_ai", "wellbeing"}
USES = [
    "UKCA marking, a clinical evaluation at two NHS trusts and the first sales hires.",
    "ISO 13485 certification, manufacturing scale-up and a US 510(k) submission.",
    "DTAC assessment, NHS pilots in three ICBs and the data platform's security review.",
    "A randomised evaluation to meet the NICE evidence standards, and a commercial lead.",
]
QUESTIONS = [
    "Please send the latest cap table, fully diluted.",
    "Who owns the patent family: the founders or the university?",
]
DECLINE_REASONS = [
    "Outside the fund's thesis: no route to NHS adoption within the fund's horizon.",
    "The freedom-to-operate review found a blocking patent.",
    "Valuation too high for the stage of the clinical evidence.",
]
WITHDRAW_REASONS = ["Raised the round from a corporate investor.", "Paused the raise."]


def seed(ctx: DemoContext) -> None:
    fund = ctx.funds[0]
    CoInvestmentPolicy.objects.get_or_create(fund=fund)
    diligence.dd_templates_ensure()
    manager = ctx.users["fund_manager"]
    members = [user for key, user in sorted(ctx.users.items()) if key.startswith("ic_member")]
    companies = _eligible(ctx, fund)
    number = 0
    with deal_notifications_muted():
        for stage, how_many in PLAN:
            for _ in range(how_many):
                number += 1
                key = f"demo-deal-{number:02d}"
                rng = random.Random(f"{ctx.seed}-deal-{number}")  # noqa: S311 - demo data
                company = companies[(number * 7) % len(companies)]
                if not Deal.objects.filter(demo_key=key).exists():
                    _write(key, rng, stage, company, fund, manager, members)


def _eligible(ctx: DemoContext, fund: Fund) -> list[Organisation]:
    """Verified companies with room under the follow-on rules (at most one earlier
    investment and £500,000): every demo deal then passes screening unless made not to."""
    held = {
        row["organisation_id"]: row
        for row in Investment.objects.filter(fund=fund)
        .values("organisation_id")
        .annotate(n=Count("pk"), total=Sum("amount"))
    }
    companies = sorted(
        (
            o
            for o in ctx.organisations
            if o.status == Organisation.Status.VERIFIED and o.members.exists()
        ),
        key=lambda o: o.company_number,
    )
    roomy = [
        o
        for o in companies
        if o.pk not in held or (held[o.pk]["n"] <= 1 and held[o.pk]["total"] <= Decimal("500000"))
    ]
    return roomy or companies


def _write(
    key: str,
    rng: random.Random,
    stage: str,
    company: Organisation,
    fund: Fund,
    manager: User,
    members: list[User],
) -> None:
    applicant = company.members.order_by("pk").first()
    ticket = Decimal(rng.choice(TICKETS))
    round_size = to_pennies(ticket * Decimal(rng.choice(["2.5", "3", "4"])))
    instrument = rng.choices(["equity", "cln", "loan"], weights=[7, 2, 1])[0]
    deal = deals.deal_create(
        organisation=company,
        fund=fund,
        by=applicant,
        amount_sought=ticket,
        round_size=round_size,
        instrument=instrument,
        pre_money_valuation=round_size * rng.choice([3, 4, 5, 6]),
        use_of_funds=rng.choice(USES),
        product_stage=rng.choice(Deal.ProductStage.values),
        deal_type="digital_health" if company.sub_sector in DIGITAL else "device",
        regulatory_pathway=rng.choice(["ukca", "ukca_ce", "ce", "dtac"]),
    )
    Deal.objects.filter(pk=deal.pk).update(demo_key=key, owner=manager)
    deal.refresh_from_db()
    short = key == DEMO_SHORT_AT_SCREENING
    lead = ticket * (Decimal("0.6") if short else Decimal(rng.choice(["1", "1.2", "1.5"])))
    deals.deal_co_investor_add(
        deal=deal, by=applicant, name=rng.choice(LEADS), amount=to_pennies(lead), is_lead=True
    )
    if rng.random() < 0.5:
        deals.deal_co_investor_add(
            deal=deal,
            by=applicant,
            name=rng.choice(FOLLOWERS),
            amount=to_pennies(ticket * Decimal("0.2")),
        )
    if stage == S.DRAFT:
        return
    _walk(deal, rng, stage, manager, members, applicant)


def _times(rng: random.Random, moves: int) -> list[datetime]:
    """Back-dated moments for the moves, the last one some days before now."""
    gaps = [timedelta(days=rng.randint(3, 24), hours=rng.randint(0, 8)) for _ in range(moves)]
    at = timezone.now() - timedelta(days=rng.randint(1, 40)) - sum(gaps[1:], timedelta())
    times = [at]
    for gap in gaps[1:]:
        at += gap
        times.append(at)
    return times


def _walk(
    deal: Deal,
    rng: random.Random,
    stage: str,
    manager: User,
    members: list[User],
    applicant: User,
) -> None:
    end = {
        S.DECLINED: rng.choice([S.SCREENING, S.DUE_DILIGENCE, S.INVESTMENT_COMMITTEE]),
        S.WITHDRAWN: rng.choice([S.ENQUIRY, S.SCREENING]),
        S.COMPLETION: S.APPROVED,
        S.INVESTED: S.APPROVED,
    }.get(stage, stage)
    steps = ORDER[: ORDER.index(end) + 1]
    times = _times(rng, len(steps) + 2)
    deals.deal_submit(deal=deal, by=applicant, at=times[0])
    for n, step in enumerate(steps[1:], start=1):
        if step == S.SCREENING:
            deals.deal_move(deal=deal, to=S.SCREENING, by=manager, at=times[n])
        elif step == S.DUE_DILIGENCE:
            diligence.dd_start(deal=deal, by=manager, at=times[n])
        elif step == S.INVESTMENT_COMMITTEE:
            _close_items(deal, manager, rng)
            diligence.dd_complete(deal=deal, by=manager, at=times[n])
        elif step == S.APPROVED:
            _vote(deal, members, ["approve", "approve", rng.choice(["approve", "abstain"])])
            conditions = ["Lead investor's term sheet signed", "Key-person insurance in place"]
            committee.ic_decision_record(
                deal=deal, by=manager, outcome="approved", conditions=conditions, at=times[n]
            )
    deal.refresh_from_db()
    last = times[len(steps)]
    if end == S.ENQUIRY and rng.random() < 0.5:
        question = deals.deal_clarification_ask(
            deal=deal, by=manager, question=rng.choice(QUESTIONS), at=last
        )
        if rng.random() < 0.5:
            deals.deal_clarification_answer(
                clarification=question, by=applicant, answer="Attached to this message.", at=last
            )
    if end == S.DUE_DILIGENCE:
        _part_done(deal, manager, rng, deal.demo_key == DEMO_SHORT_IN_DD)
    if stage == S.INVESTMENT_COMMITTEE:
        _vote(deal, members, rng.choice([[], ["approve"], ["approve", "decline"]]))
    if stage == S.DECLINED:
        if end == S.INVESTMENT_COMMITTEE:
            _vote(deal, members, ["decline", "decline", "approve"])
            committee.ic_decision_record(
                deal=deal, by=manager, outcome="declined", note=rng.choice(DECLINE_REASONS), at=last
            )
        else:
            deals.deal_decline(deal=deal, by=manager, reason=rng.choice(DECLINE_REASONS), at=last)
    if stage == S.WITHDRAWN:
        deals.deal_withdraw(deal=deal, by=applicant, reason=rng.choice(WITHDRAW_REASONS), at=last)
    if stage in (S.COMPLETION, S.INVESTED):
        for condition in deal.ic_conditions.all():
            committee.ic_condition_meet(condition=condition, by=manager, note="Seen.", at=last)
        deals.deal_move(deal=deal, to=S.COMPLETION, by=manager, at=last)
    elif stage == S.APPROVED:
        first = deal.ic_conditions.order_by("pk").first()
        committee.ic_condition_meet(condition=first, by=manager, note="Signed.", at=last)
    if stage == S.INVESTED:
        completion.deal_complete(
            deal=deal, completed_on=timezone.localdate(), terms=_terms(deal), by=manager
        )


def _close_items(deal: Deal, manager: User, rng: random.Random) -> None:
    items = list(deal.dd_items.order_by("order", "pk"))
    for n, item in enumerate(items):
        if n == len(items) - 1 and rng.random() < 0.5:
            diligence.dd_item_update(
                item=item,
                by=manager,
                status=DDItem.Status.WAIVED,
                waived_reason="Covered by the lead investor's own diligence.",
            )
        else:
            rag = rng.choices(["green", "amber", "red"], weights=[6, 3, 1])[0]
            diligence.dd_item_update(
                item=item, by=manager, status=DDItem.Status.DONE, rag=rag, findings=_finding(rag)
            )


def _part_done(deal: Deal, manager: User, rng: random.Random, story: bool) -> None:
    items = list(deal.dd_items.order_by("order", "pk"))
    done = rng.randint(len(items) // 3, len(items) - 2)
    for item in items[:done]:
        rag = rng.choices(["green", "amber", "red"], weights=[6, 3, 1])[0]
        diligence.dd_item_update(
            item=item, by=manager, status=DDItem.Status.DONE, rag=rag, findings=_finding(rag)
        )
    if done < len(items):
        diligence.dd_item_update(item=items[done], by=manager, status=DDItem.Status.IN_PROGRESS)
    if story:
        # The lead cut their commitment after screening: the vote will be refused.
        lead = DealCoInvestor.objects.get(deal=deal, is_lead=True)
        short = to_pennies((deal.amount_sought or Decimal("0")) * Decimal("0.4"))
        deals.deal_co_investor_update(co_investor=lead, by=manager, amount=short)
        deal.co_investors.filter(is_lead=False).delete()


def _finding(rag: str) -> str:
    return {
        "green": "No issues found.",
        "amber": "Minor gaps: a plan to close them before completion is agreed.",
        "red": "Material risk: see the attached note; a condition of investment is proposed.",
    }[rag]


def _vote(deal: Deal, members: list[User], votes: list[str]) -> None:
    for member, vote in zip(members, votes, strict=False):
        committee.ic_conflict_declare(deal=deal, by=member, conflicted=False)
        committee.ic_vote_cast(deal=deal, by=member, vote=vote, comment=f"I {vote}.")


def _terms(deal: Deal) -> InstrumentTerms:
    amount = deal.amount_sought or Decimal("0")
    today = timezone.localdate()
    if deal.instrument == "cln":
        return InstrumentTerms(
            "cln",
            interest_rate=Decimal("0.08"),
            discount=Decimal("0.20"),
            cap=(deal.pre_money_valuation or amount) * 2,
            maturity=today + timedelta(days=730),
        )
    if deal.instrument == "loan":
        return InstrumentTerms("loan", interest_rate=Decimal("0.10"), term_months=36)
    price = Decimal("2.50")
    return InstrumentTerms("equity", "Ordinary", shares=int(amount / price), price_per_share=price)
