"""Access matrix rows for the deal pipeline API (/api/portfolio/deals/ …).

The rules (portfolio.permissions and the services):

- applicants see, draft, submit, withdraw and answer questions on their own organisation's
  deals (another organisation's deal is a 404); staff-only actions on their own deal are 403;
- staff read deals with portfolio.view_deal (every staff role but assessors: 403);
- fund managers (portfolio.manage_deal / decide_deal) run the pipeline, the due diligence
  and record the committee's decision; other staff roles are refused (403);
- IC members (portfolio.vote_deal) declare conflicts and vote; others are refused (403);
- due diligence and committee records are the fund's own: applicants get 404 on them.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import count
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from fundops.models import Fund, Organisation, User
from portfolio.models import DDItem, Deal, DealClarification, ICCondition
from portfolio.services import committee, deals, diligence
from tests.fundops.factories import FundCapitalFactory, FundFactory, UserFactory
from tests.trust.matrix import PDF, Row, api_row, roles
from tests.trust.matrix_portfolio import fresh

P = "/api/portfolio"
ASSESSORS = {"assessor": 403, "assessor_conflicted": 403}
_names = count()

TERMS: dict[str, Any] = {
    "amount_sought": Decimal("100000.00"),
    "round_size": Decimal("250000.00"),
    "instrument": "equity",
    "pre_money_valuation": Decimal("1500000.00"),
    "use_of_funds": "UKCA marking and the first NHS sites.",
    "product_stage": "prototype",
    "regulatory_pathway": "ukca",
}


def api(default: int, **overrides: int) -> dict[str, int]:
    return roles(default, anonymous=401, **overrides)


def _users(world: dict[str, Any]) -> dict[str, User]:
    return world["users"]


def _draft(world: dict[str, Any]) -> Deal:
    users = _users(world)
    deal = deals.deal_create(
        organisation=Organisation.objects.get(pk=world["org_a"]),
        fund=Fund.objects.get(pk=world["deal_fund"]),
        by=users["applicant_a"],
        **TERMS,
    )
    deals.deal_co_investor_add(
        deal=deal, by=users["applicant_a"], name="Matrix Angels", amount=Decimal("150000")
    )
    return deal


def _enquiry(world: dict[str, Any]) -> Deal:
    return deals.deal_submit(deal=_draft(world), by=_users(world)["applicant_a"])


def _in_dd(world: dict[str, Any]) -> Deal:
    manager = _users(world)["fund_manager"]
    deal = deals.deal_move(deal=_enquiry(world), to="screening", by=manager)
    return diligence.dd_start(deal=deal, by=manager)


def _dd_done(world: dict[str, Any]) -> Deal:
    deal = _in_dd(world)
    deal.dd_items.update(status=DDItem.Status.DONE)
    return deal


def _at_ic(world: dict[str, Any]) -> Deal:
    return diligence.dd_complete(deal=_dd_done(world), by=_users(world)["fund_manager"])


def _voted(world: dict[str, Any]) -> Deal:
    deal = _at_ic(world)
    for pk in world["deal_voters"]:
        member = User.objects.get(pk=pk)
        committee.ic_conflict_declare(deal=deal, by=member, conflicted=False)
        committee.ic_vote_cast(deal=deal, by=member, vote="approve")
    return deal


def _approved(world: dict[str, Any], conditions: tuple[str, ...] = ()) -> Deal:
    deal = _voted(world)
    committee.ic_decision_record(
        deal=deal, by=_users(world)["fund_manager"], outcome="approved", conditions=conditions
    )
    deal.refresh_from_db()
    return deal


def _status(*statuses: str) -> Any:
    return lambda deal: deal.status in statuses


FRESH: dict[str, Any] = {
    "deal_fresh_draft": fresh(_draft, _status("draft")),
    "deal_fresh_open": fresh(_enquiry, _status("enquiry")),
    "deal_fresh_dd_done": fresh(_dd_done, _status("due_diligence")),
    "deal_fresh_voted": fresh(_voted, _status("investment_committee")),
    "deal_fresh_approved": fresh(_approved, _status("approved")),
    "deal_fresh_question": fresh(
        lambda w: deals.deal_clarification_ask(
            deal=Deal.objects.get(pk=w["deal"]),
            by=_users(w)["fund_manager"],
            question="Who owns the patent?",
        ),
        lambda c: c.is_open,
    ),
    "deal_fresh_co_investor": fresh(
        lambda w: deals.deal_co_investor_add(
            deal=Deal.objects.get(pk=w["deal_draft"]),
            by=_users(w)["applicant_a"],
            name=f"Removable Angel {next(_names)}",
            amount=Decimal("1000"),
        ),
        lambda row: True,
    ),
    "deal_fresh_condition": fresh(
        lambda w: ICCondition.objects.get(deal=_approved(w, conditions=("Term sheet signed",))),
        lambda c: not c.is_met,
    ),
}


def setup(world: dict[str, Any]) -> None:
    fund = FundFactory(name="Matrix Deal Fund")
    FundCapitalFactory(fund=fund, amount=Decimal("50000000.00"))
    world["deal_fund"] = fund.pk
    world["deal_voters"] = [UserFactory.with_role("ic_member").pk for _ in range(3)]
    world["deal"] = _enquiry(world).pk
    world["deal_draft"] = _draft(world).pk
    dd = _in_dd(world)
    world["deal_dd"] = dd.pk
    world["dd_item"] = dd.dd_items.first().pk
    world["deal_ic"] = _at_ic(world).pk
    ic_voting = _at_ic(world)
    committee.ic_conflict_declare(deal=ic_voting, by=_users(world)["ic_member"], conflicted=False)
    world["deal_ic_voting"] = ic_voting.pk
    assert DealClarification.objects.count() == 0


READ = api(200, applicant_a=403, applicant_b=404, **ASSESSORS)
FM_ONLY_POST = api(403, applicant_b=404, fund_manager=200)
FM_ONLY_CREATE = api(403, applicant_b=404, fund_manager=201)
STAFF_RECORD = api(403, applicants=404, fund_manager=200)


def _upload(ctx: dict[str, Any]) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("deck.pdf", PDF), "kind": "pitch_deck"}


ROWS: list[Row] = [
    api_row(
        "api/portfolio/deals/",
        f"{P}/deals/",
        GET=api(200, **ASSESSORS),
        POST=api(403, applicant_a=201, applicant_b=404, fund_manager=201, **ASSESSORS),
        denied=ASSESSORS,
        data={
            "POST": lambda ctx: {
                "organisation": ctx["org_a"],
                "fund": ctx["deal_fund"],
                "amount_sought": "90000.00",
            }
        },
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/",
        f"{P}/deals/{{deal_draft}}/",
        GET=api(200, applicant_b=404, **ASSESSORS),
        PATCH=api(403, applicant_a=200, applicant_b=404, fund_manager=200),
        denied=ASSESSORS,
        data={"PATCH": lambda ctx: {"use_of_funds": "Clinical evaluation at two sites."}},
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/submit/",
        f"{P}/deals/{{deal_fresh_draft}}/submit/",
        POST=api(403, applicant_a=200, applicant_b=404, fund_manager=200),
        denied=ASSESSORS,
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/withdraw/",
        f"{P}/deals/{{deal_fresh_open}}/withdraw/",
        POST=api(403, applicant_a=200, applicant_b=404, fund_manager=200),
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"reason": "Raised the round elsewhere."}},
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/move/",
        f"{P}/deals/{{deal_fresh_open}}/move/",
        POST=FM_ONLY_POST,
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"to": "screening"}},
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/owner/",
        f"{P}/deals/{{deal}}/owner/",
        POST=FM_ONLY_POST,
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"owner": ctx["users"]["fund_manager"].pk}},
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/clarifications/",
        f"{P}/deals/{{deal}}/clarifications/",
        POST=FM_ONLY_CREATE,
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"question": "What is the device class?"}},
    ),
    api_row(
        "api/portfolio/deal-clarifications/<int:pk>/answer/",
        f"{P}/deal-clarifications/{{deal_fresh_question}}/answer/",
        # Only the company answers: staff who can see it are refused (403).
        POST=api(403, applicant_a=200, applicant_b=404),
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"answer": "The founders, assigned in 2024."}},
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/co-investors/",
        f"{P}/deals/{{deal_draft}}/co-investors/",
        POST=api(403, applicant_a=201, applicant_b=404, fund_manager=201),
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"name": f"Matrix VC {next(_names)}", "amount": "5000.00"}},
    ),
    api_row(
        "api/portfolio/deal-co-investors/<int:pk>/",
        f"{P}/deal-co-investors/{{deal_fresh_co_investor}}/",
        PATCH=api(403, applicant_a=200, applicant_b=404, fund_manager=200),
        DELETE=api(403, applicant_a=204, applicant_b=404, fund_manager=204),
        denied=ASSESSORS,
        data={"PATCH": lambda ctx: {"amount": "1600.00"}},
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/documents/",
        f"{P}/deals/{{deal}}/documents/",
        POST=api(403, applicant_a=201, applicant_b=404, fund_manager=201),
        denied=ASSESSORS,
        data={"POST": _upload},
        multipart=True,
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/rules/",
        f"{P}/deals/{{deal}}/rules/",
        GET=READ,
        denied=ASSESSORS,
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/dd-items/",
        f"{P}/deals/{{deal_dd}}/dd-items/",
        GET=READ,
        POST=api(403, applicant_b=404, fund_manager=201),
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"workstream": "legal", "title": "Lease of the lab"}},
    ),
    api_row(
        "api/portfolio/dd-items/<int:pk>/",
        f"{P}/dd-items/{{dd_item}}/",
        GET=api(200, applicants=404, **ASSESSORS),
        PATCH=STAFF_RECORD,
        denied=ASSESSORS,
        data={"PATCH": lambda ctx: {"status": "in_progress", "rag": "amber"}},
    ),
    api_row(
        "api/portfolio/dd-items/<int:pk>/documents/",
        f"{P}/dd-items/{{dd_item}}/documents/",
        POST=api(403, applicants=404, fund_manager=201),
        denied=ASSESSORS,
        data={"POST": _upload},
        multipart=True,
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/dd-complete/",
        f"{P}/deals/{{deal_fresh_dd_done}}/dd-complete/",
        POST=FM_ONLY_POST,
        denied=ASSESSORS,
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/committee/",
        f"{P}/deals/{{deal_ic}}/committee/",
        GET=READ,
        denied=ASSESSORS,
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/conflicts/",
        f"{P}/deals/{{deal_ic}}/conflicts/",
        POST=api(403, applicant_b=404, ic_member=201),
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"conflicted": False}},
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/votes/",
        f"{P}/deals/{{deal_ic_voting}}/votes/",
        POST=api(403, applicant_b=404, ic_member=201),
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"vote": "approve", "comment": "Strong team."}},
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/decision/",
        f"{P}/deals/{{deal_fresh_voted}}/decision/",
        POST=api(403, applicant_b=404, fund_manager=201),
        denied=ASSESSORS,
        data={"POST": lambda ctx: {"outcome": "approved", "conditions": ["Board seat"]}},
    ),
    api_row(
        "api/portfolio/ic-conditions/<int:pk>/meet/",
        f"{P}/ic-conditions/{{deal_fresh_condition}}/meet/",
        POST=api(403, applicants=404, fund_manager=200),
        denied=ASSESSORS,
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/ic-paper/",
        f"{P}/deals/{{deal_ic}}/ic-paper/",
        GET=READ,
        denied=ASSESSORS,
    ),
    api_row(
        "api/portfolio/deals/<int:pk>/complete/",
        f"{P}/deals/{{deal_fresh_approved}}/complete/",
        POST=FM_ONLY_POST,
        denied=ASSESSORS,
        data={
            "POST": lambda ctx: {
                "completed_on": "2026-06-01",
                "instrument": "equity",
                "shares": 50000,
                "price_per_share": "2.00",
            }
        },
    ),
]

NOT_IN_MATRIX: set[str] = set()
