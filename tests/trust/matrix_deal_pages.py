"""Access matrix rows for the deal pipeline pages (/portfolio/deals/ and the portal's
/portfolio/portal/deals/), with their own deals (world keys ``dp_*``).

The rules:

- staff pages (board, list, deal page, IC paper, every staff form): anonymous visitors are
  sent to sign in, applicants and assessors (no portfolio.view_deal) are refused (403);
  reading roles see them (200). Every staff form answers a redirect back to the page: the
  service's refusal, if any, is a message there (tested in tests/portfolio/web/), so a
  posted form is a 302 for each reading role;
- the committee's decision and the completion need a fresh password check: a redirect to
  re-authenticate (302) for every reading role here (the matrix signs in without one);
- the portal: applicant A's deals answer, applicant B gets 404, staff without
  portfolio.view_deal (assessors) get 404 as well (the selector shows them no deal).
"""

from __future__ import annotations

from decimal import Decimal
from itertools import count
from typing import Any

from fundops.models import Fund, Organisation, User
from portfolio.models import DDItem, Deal, ICCondition
from portfolio.services import committee, deals, diligence
from tests.fundops.factories import FundCapitalFactory, FundFactory, UserFactory
from tests.trust.matrix import REDIRECT, Row, page_row, roles
from tests.trust.matrix_portfolio import fresh

ASSESSORS_403 = {"assessor": 403, "assessor_conflicted": 403}
ASSESSORS_404 = {"assessor": 404, "assessor_conflicted": 404}
DENIED = {"anonymous": REDIRECT, "applicants": 403, **ASSESSORS_403}
PAGE = roles(200, **DENIED)
FORM = roles(REDIRECT, **DENIED)
PORTAL_RECORD = {"anonymous": REDIRECT, "applicant_b": 404, **ASSESSORS_404}

NOT_IN_MATRIX: set[str] = set()
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


def _manager(world: dict[str, Any]) -> User:
    return world["users"]["fund_manager"]


def _draft(world: dict[str, Any]) -> Deal:
    applicant = world["users"]["applicant_a"]
    deal = deals.deal_create(
        organisation=Organisation.objects.get(pk=world["org_a"]),
        fund=Fund.objects.get(pk=world["dp_fund"]),
        by=applicant,
        **TERMS,
    )
    deals.deal_co_investor_add(
        deal=deal, by=applicant, name="Page Angels", amount=Decimal("150000.00"), is_lead=True
    )
    return deal


def _enquiry(world: dict[str, Any]) -> Deal:
    return deals.deal_submit(deal=_draft(world), by=world["users"]["applicant_a"])


def _in_dd(world: dict[str, Any]) -> Deal:
    deal = deals.deal_move(deal=_enquiry(world), to="screening", by=_manager(world))
    return diligence.dd_start(deal=deal, by=_manager(world))


def _condition(world: dict[str, Any]) -> ICCondition:
    deal = _in_dd(world)
    deal.dd_items.update(status=DDItem.Status.DONE)
    deal = diligence.dd_complete(deal=deal, by=_manager(world))
    for pk in world["dp_voters"]:
        member = User.objects.get(pk=pk)
        committee.ic_conflict_declare(deal=deal, by=member, conflicted=False)
        committee.ic_vote_cast(deal=deal, by=member, vote="approve")
    committee.ic_decision_record(
        deal=deal, by=_manager(world), outcome="approved", conditions=("Term sheet signed",)
    )
    return ICCondition.objects.get(deal=deal)


FRESH: dict[str, Any] = {
    "dp_fresh_draft": fresh(_draft, lambda deal: deal.status == "draft"),
    "dp_fresh_question": fresh(
        lambda w: deals.deal_clarification_ask(
            deal=Deal.objects.get(pk=w["dp_deal"]), by=_manager(w), question="Who owns the IP?"
        ),
        lambda question: question.is_open,
    ),
    "dp_fresh_co_investor": fresh(
        lambda w: deals.deal_co_investor_add(
            deal=Deal.objects.get(pk=w["dp_draft"]),
            by=w["users"]["applicant_a"],
            name=f"Removable Page Angel {next(_names)}",
            amount=Decimal("1000.00"),
        ),
        lambda row: True,
    ),
    "dp_fresh_condition": fresh(_condition, lambda condition: not condition.is_met),
}


def setup(world: dict[str, Any]) -> None:
    fund = FundFactory(name="Matrix Deal Pages Fund")
    FundCapitalFactory(fund=fund, amount=Decimal("50000000.00"))
    world["dp_fund"] = fund.pk
    world["dp_voters"] = [UserFactory.with_role("ic_member").pk for _ in range(3)]
    world["dp_deal"] = _enquiry(world).pk
    draft = _draft(world)
    world["dp_draft"] = draft.pk
    world["dp_co_investor"] = draft.co_investors.get().pk
    in_dd = _in_dd(world)
    world["dp_dd"] = in_dd.pk
    world["dp_dd_item"] = in_dd.dd_items.first().pk


def _page(route: str, url: str) -> Row:
    return page_row(route, url, GET=PAGE)


def _form(route: str, url: str) -> Row:
    # Posted empty: the form's errors come back as a message, nothing is written.
    return page_row(route, url, POST=FORM)


D = "portfolio/deals"

STAFF_ROWS: list[Row] = [
    _page(f"{D}/", "/portfolio/deals/"),
    _page(f"{D}/board/", "/portfolio/deals/board/"),
    _page(f"{D}/<int:pk>/", "/portfolio/deals/{dp_deal}/"),
    _page(f"{D}/<int:pk>/ic-paper/", "/portfolio/deals/{dp_deal}/ic-paper/"),
    _page(f"{D}/<int:pk>/ic-paper.xlsx", "/portfolio/deals/{dp_deal}/ic-paper.xlsx"),
    _form(f"{D}/<int:pk>/move/", "/portfolio/deals/{dp_deal}/move/"),
    _form(f"{D}/<int:pk>/terms/", "/portfolio/deals/{dp_draft}/terms/"),
    _form(f"{D}/<int:pk>/co-investors/", "/portfolio/deals/{dp_draft}/co-investors/"),
    _form(f"{D}/co-investors/<int:pk>/", "/portfolio/deals/co-investors/{dp_co_investor}/"),
    # Really removed by the fund manager: a new one for every cell.
    _form(
        f"{D}/co-investors/<int:pk>/remove/",
        "/portfolio/deals/co-investors/{dp_fresh_co_investor}/remove/",
    ),
    _form(f"{D}/<int:pk>/documents/", "/portfolio/deals/{dp_deal}/documents/"),
    _form(f"{D}/<int:pk>/owner/", "/portfolio/deals/{dp_deal}/owner/"),
    _form(f"{D}/<int:pk>/questions/", "/portfolio/deals/{dp_deal}/questions/"),
    _form(f"{D}/<int:pk>/decline/", "/portfolio/deals/{dp_deal}/decline/"),
    _form(f"{D}/dd-items/<int:pk>/", "/portfolio/deals/dd-items/{dp_dd_item}/"),
    _form(f"{D}/dd-items/<int:pk>/documents/", "/portfolio/deals/dd-items/{dp_dd_item}/documents/"),
    # Refused for everyone: the checklist has open items.
    _form(f"{D}/<int:pk>/dd-complete/", "/portfolio/deals/{dp_dd}/dd-complete/"),
    _form(f"{D}/<int:pk>/conflict/", "/portfolio/deals/{dp_deal}/conflict/"),
    _form(f"{D}/<int:pk>/vote/", "/portfolio/deals/{dp_deal}/vote/"),
    _form(f"{D}/conditions/<int:pk>/met/", "/portfolio/deals/conditions/{dp_fresh_condition}/met/"),
    page_row(
        f"{D}/<int:pk>/decision/",
        "/portfolio/deals/{dp_deal}/decision/",
        GET=FORM,
        POST=FORM,
        denied=DENIED,
    ),
    page_row(
        f"{D}/<int:pk>/complete/",
        "/portfolio/deals/{dp_deal}/complete/",
        GET=FORM,
        POST=FORM,
        denied=DENIED,
    ),
]

PD = "portfolio/portal/deals"
# Staff have no organisation to apply for: they are sent to the organisation page.
STAFF_NO_ORG = {
    "fund_manager": REDIRECT,
    "ic_member": REDIRECT,
    "finance_officer": REDIRECT,
    "board_member": REDIRECT,
    "assessor": REDIRECT,
    "assessor_conflicted": REDIRECT,
}

PORTAL_ROWS: list[Row] = [
    page_row(f"{PD}/", "/portfolio/portal/deals/", GET=roles(200, anonymous=REDIRECT)),
    page_row(
        f"{PD}/new/",
        "/portfolio/portal/deals/new/",
        GET=roles(200, anonymous=REDIRECT, **STAFF_NO_ORG),
        # Posted empty: the form's errors (400) for applicants.
        POST=roles(400, anonymous=REDIRECT, **STAFF_NO_ORG),
    ),
    page_row(
        f"{PD}/<int:pk>/", "/portfolio/portal/deals/{dp_deal}/", GET=roles(200, **PORTAL_RECORD)
    ),
    page_row(
        f"{PD}/<int:pk>/edit/",
        "/portfolio/portal/deals/{dp_draft}/edit/",
        # The applicant's draft, or a fund manager (who may correct it); the others are sent
        # to its status page. Posted empty: the form's errors (400).
        GET=roles(REDIRECT, applicant_a=200, fund_manager=200, **PORTAL_RECORD),
        POST=roles(REDIRECT, applicant_a=400, fund_manager=400, **PORTAL_RECORD),
    ),
    page_row(
        f"{PD}/<int:pk>/co-investors/",
        "/portfolio/portal/deals/{dp_draft}/co-investors/",
        POST=roles(REDIRECT, **PORTAL_RECORD),
    ),
    page_row(
        f"{PD}/co-investors/<int:pk>/remove/",
        "/portfolio/portal/deals/co-investors/{dp_fresh_co_investor}/remove/",
        POST=roles(REDIRECT, **PORTAL_RECORD),
    ),
    page_row(
        f"{PD}/<int:pk>/documents/",
        "/portfolio/portal/deals/{dp_draft}/documents/",
        POST=roles(REDIRECT, **PORTAL_RECORD),
    ),
    page_row(
        f"{PD}/<int:pk>/submit/",
        "/portfolio/portal/deals/{dp_fresh_draft}/submit/",
        POST=roles(REDIRECT, **PORTAL_RECORD),
    ),
    page_row(
        f"{PD}/questions/<int:pk>/answer/",
        "/portfolio/portal/deals/questions/{dp_fresh_question}/answer/",
        POST=roles(REDIRECT, **PORTAL_RECORD),
    ),
    page_row(
        f"{PD}/<int:pk>/withdraw/",
        "/portfolio/portal/deals/{dp_deal}/withdraw/",
        POST=roles(REDIRECT, **PORTAL_RECORD),
    ),
]

ROWS: list[Row] = [*STAFF_ROWS, *PORTAL_ROWS]
