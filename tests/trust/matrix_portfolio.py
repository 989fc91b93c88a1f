"""Access matrix rows for the portfolio API (/api/portfolio/) and pages (/portfolio/).

The rules (portfolio.permissions.ROLE_PERMISSIONS and the services):

- the portfolio is staff-only (applicants 403 whatever the method), except monitoring
  returns, which applicants see and submit for their own company (404 for another's);
- assessors read only monitoring returns: every other portfolio record is refused (403);
- fund managers record investments, exits, write-offs, conversions and valuations; fund
  managers and finance officers append and reverse ledger entries and submit returns;
- a status change the role lacks the permission for is refused by the workflow (409).

Applicant A's organisation is the portfolio company, so its records are "A's records".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile

from fundops.models import Fund, Organisation
from portfolio.models import Investment, LedgerEntry, MonitoringReturn
from portfolio.services.ledger import ledger_entry_create
from portfolio.services.monitoring import monitoring_return_create
from portfolio.services.valuations import valuation_record
from tests.portfolio.factories import cln_investment, equity_investment, loan_investment
from tests.trust.matrix import PDF, REDIRECT, Row, api_row, page_row, roles

ASSESSORS = {"assessor": 403, "assessor_conflicted": 403}
# Refused whatever the method: applicants (staff-only API) and assessors (no view permission).
NO_READ = {"applicants": 403, **ASSESSORS}


def api(default: int, **overrides: int) -> dict[str, int]:
    """Expected statuses on the API: anonymous callers always get 401."""
    return roles(default, anonymous=401, **overrides)


def _manager(world: dict[str, Any]) -> Any:
    return world["users"]["fund_manager"]


def _org(world: dict[str, Any]) -> Organisation:
    return Organisation.objects.get(pk=world["org_a"])


_rounds = count()


def _equity(world: dict[str, Any], on: date = date(2022, 3, 1)) -> Investment:
    # Each in its own round: a round's size caps the money recorded in it.
    return equity_investment(
        by=_manager(world),
        organisation=_org(world),
        fund=Fund.objects.get(pk=world["fund"]),
        on=on,
        round_name=f"Round {next(_rounds)}",
    )


def fresh(make: Callable[[dict[str, Any]], Any], alive: Callable[[Any], bool]) -> Any:
    """A record a write consumes: the last one made is reused while still usable."""

    def maker(world: dict[str, Any]) -> int:
        cache = world.setdefault("_portfolio_fresh", {})
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


_quarters = count()


def _return(world: dict[str, Any]) -> MonitoringReturn:
    # Each return needs its own period; all of them ended in the past (submittable).
    n = next(_quarters)
    return monitoring_return_create(
        organisation=_org(world),
        period=MonitoringReturn.Period.QUARTERLY,
        period_end=date(2020 - n // 4, 3 * (n % 4) + 1, 28),
        due_on=date(2026, 1, 31),
        by=_manager(world),
    )


FRESH: dict[str, Any] = {
    "portfolio_open_investment": fresh(
        lambda w: _equity(w), lambda i: i.status == Investment.Status.ACTIVE
    ),
    "portfolio_note": fresh(
        # A day apart: each note in its own bridge round (a round's size caps its money).
        lambda w: cln_investment(
            by=_manager(w), organisation=_org(w), on=date(2023, 1, 1 + next(_rounds) % 28)
        ),
        lambda i: i.status == Investment.Status.ACTIVE,
    ),
    "portfolio_entry": fresh(
        lambda w: ledger_entry_create(
            investment=Investment.objects.get(pk=w["investment"]),
            kind=LedgerEntry.Kind.DIVIDEND,
            date=date(2024, 5, 1),
            amount=Decimal("150.00"),
            by=_manager(w),
        ),
        lambda e: not LedgerEntry.objects.filter(reverses=e).exists(),
    ),
    "portfolio_return_open": fresh(
        _return, lambda r: r.status != MonitoringReturn.Status.SUBMITTED
    ),
}


def setup(world: dict[str, Any]) -> None:
    investment = _equity(world)
    world["investment"] = investment.pk
    world["round"] = investment.round_id
    world["coinvestor"] = _coinvestor().pk
    world["ledger_entry"] = investment.ledger_entries.first().pk
    world["valuation"] = valuation_record(
        investment=investment,
        valued_on=date(2024, 3, 31),
        fair_value=Decimal("60000.00"),
        method="recent_investment",
        by=_manager(world),
    ).pk
    # A later equity round of the same company: the one a note converts into.
    world["round_later"] = _equity(world, on=date(2024, 6, 1)).round_id
    world["return"] = _return(world).pk
    world["loan"] = loan_investment(
        by=_manager(world),
        organisation=_org(world),
        fund=Fund.objects.get(pk=world["fund"]),
        on=date(2024, 2, 1),
    ).pk


def _coinvestor() -> Any:
    from tests.portfolio.factories import co_investor

    return co_investor("Matrix Angels")


RETURN_FIGURES = {
    "revenue": "120000.00",
    "headcount": 6,
    "jobs_created": 1,
    "jobs_safeguarded": 2,
    "rnd_spend": "15000.00",
    "cash_runway_months": 14,
    "follow_on_private_with_fund": "0.00",
    "follow_on_private_without_fund": "0.00",
    "follow_on_public_with_fund": "0.00",
    "follow_on_public_without_fund": "0.00",
    "regulatory_milestones": "",
}
P = "/api/portfolio"
READ = api(200, **NO_READ)

ROWS: list[Row] = [
    api_row("api/portfolio/investments/", f"{P}/investments/", GET=READ, denied=NO_READ),
    api_row(
        "api/portfolio/investments/<int:pk>/",
        f"{P}/investments/{{investment}}/",
        GET=READ,
        denied=NO_READ,
    ),
    api_row(
        "api/portfolio/investments/<int:pk>/loan-schedule/",
        f"{P}/investments/{{loan}}/loan-schedule/",
        GET=READ,
        denied=NO_READ,
    ),
    # Status changes: fund managers only (portfolio.record_exit / add_investment); the
    # workflow refuses every other staff role (409).
    api_row(
        "api/portfolio/investments/<int:pk>/exit/",
        f"{P}/investments/{{portfolio_open_investment}}/exit/",
        POST=api(409, applicants=403, fund_manager=201),
        denied={"applicants": 403},
        data={"POST": lambda ctx: {"date": "2024-09-30", "proceeds": "80000.00", "fraction": "1"}},
    ),
    api_row(
        "api/portfolio/investments/<int:pk>/write-off/",
        f"{P}/investments/{{portfolio_open_investment}}/write-off/",
        POST=api(409, applicants=403, fund_manager=201),
        denied={"applicants": 403},
        data={"POST": lambda ctx: {"date": "2024-09-30", "reason": "Went into administration."}},
    ),
    api_row(
        "api/portfolio/investments/<int:pk>/convert/",
        f"{P}/investments/{{portfolio_note}}/convert/",
        POST=api(409, applicants=403, fund_manager=201),
        denied={"applicants": 403},
        data={"POST": lambda ctx: {"round": ctx["round_later"]}},
    ),
    api_row("api/portfolio/rounds/", f"{P}/rounds/", GET=READ, denied=NO_READ),
    api_row("api/portfolio/rounds/<int:pk>/", f"{P}/rounds/{{round}}/", GET=READ, denied=NO_READ),
    api_row("api/portfolio/co-investors/", f"{P}/co-investors/", GET=READ, denied=NO_READ),
    api_row(
        "api/portfolio/co-investors/<int:pk>/",
        f"{P}/co-investors/{{coinvestor}}/",
        GET=READ,
        denied=NO_READ,
    ),
    api_row(
        "api/portfolio/ledger/",
        f"{P}/ledger/",
        GET=READ,
        POST=api(403, fund_manager=201, finance_officer=201),
        denied=NO_READ,
        data={
            "POST": lambda ctx: {
                "investment": ctx["investment"],
                "kind": "dividend",
                "date": "2024-07-01",
                "amount": "250.00",
            }
        },
    ),
    api_row(
        "api/portfolio/ledger/<int:pk>/",
        f"{P}/ledger/{{ledger_entry}}/",
        GET=READ,
        denied=NO_READ,
    ),
    api_row(
        "api/portfolio/ledger/<int:pk>/reverse/",
        f"{P}/ledger/{{portfolio_entry}}/reverse/",
        POST=api(403, fund_manager=201, finance_officer=201),
        denied={"applicants": 403},
        data={"POST": lambda ctx: {"reason": "Typed the wrong amount."}},
    ),
    api_row(
        "api/portfolio/valuations/",
        f"{P}/valuations/",
        GET=READ,
        POST=api(403, fund_manager=201),
        denied=NO_READ,
        data={
            "POST": lambda ctx: {
                "investment": ctx["investment"],
                "valued_on": "2024-12-31",
                "fair_value": "65000.00",
                "method": "recent_investment",
            }
        },
    ),
    api_row(
        "api/portfolio/valuations/<int:pk>/",
        f"{P}/valuations/{{valuation}}/",
        GET=READ,
        denied=NO_READ,
    ),
    api_row("api/portfolio/monitoring-returns/", f"{P}/monitoring-returns/", GET=api(200)),
    api_row(
        "api/portfolio/monitoring-returns/<int:pk>/",
        f"{P}/monitoring-returns/{{return}}/",
        GET=api(200, applicant_b=404),
    ),
    api_row(
        "api/portfolio/monitoring-returns/<int:pk>/submit/",
        f"{P}/monitoring-returns/{{portfolio_return_open}}/submit/",
        # The company, or staff who keep returns (portfolio.change_monitoringreturn).
        POST=api(403, applicant_a=200, applicant_b=404, fund_manager=200, finance_officer=200),
        data={"POST": lambda ctx: RETURN_FIGURES},
    ),
]


# --- pages: staff pages send anonymous visitors to sign in and refuse applicants and
# assessors (403); a form posted with a refused rule is shown again with the reason (400).
DENIED = {"anonymous": REDIRECT, "applicants": 403, **ASSESSORS}
PAGE = roles(200, **DENIED)


def form_row(route: str, url: str, post: dict[str, int], data: Any) -> Row:
    """A staff form page: GET shows it, POST (form-encoded ``data``) acts and redirects."""
    row = page_row(route, url, GET=PAGE, POST=post, denied=DENIED)
    return replace(row, data={"POST": data}, multipart=True)


def _posted(ok: tuple[str, ...]) -> dict[str, int]:
    """The roles allowed by the rule are sent back to the company (302), the others see the
    form again with the refusal (400)."""
    return roles(400, **DENIED, **dict.fromkeys(ok, REDIRECT))


_periods = count()


def _staff_return(ctx: dict[str, Any]) -> dict[str, Any]:
    n = next(_periods)
    return {
        "period": "quarterly",
        "period_end": date(2010 - n // 4, 3 * (n % 4) + 1, 28).isoformat(),
        **RETURN_FIGURES,
    }


PAGES: list[Row] = [
    page_row("portfolio/", "/portfolio/", GET=PAGE, denied=DENIED),
    page_row(
        "portfolio/companies/<int:pk>/", "/portfolio/companies/{org_a}/", GET=PAGE, denied=DENIED
    ),
    # An empty form: the errors, for every role that may see it.
    page_row(
        "portfolio/companies/<int:pk>/invest/",
        "/portfolio/companies/{org_a}/invest/",
        GET=PAGE,
        POST=roles(400, **DENIED),
        denied=DENIED,
    ),
    replace(
        page_row(
            "portfolio/companies/<int:pk>/documents/",
            "/portfolio/companies/{org_a}/documents/",
            POST=roles(REDIRECT, **DENIED),
            denied=DENIED,
        ),
        data={
            "POST": lambda ctx: {
                "file": SimpleUploadedFile("board-pack.pdf", PDF),
                "description": "Board pack",
            }
        },
        multipart=True,
    ),
    form_row(
        "portfolio/companies/<int:pk>/returns/new/",
        "/portfolio/companies/{org_a}/returns/new/",
        _posted(("fund_manager", "finance_officer")),
        _staff_return,
    ),
    form_row(
        "portfolio/investments/<int:pk>/cash-flow/",
        "/portfolio/investments/{investment}/cash-flow/",
        _posted(("fund_manager", "finance_officer")),
        lambda ctx: {"kind": "dividend", "date": "2024-08-01", "amount": "90.00"},
    ),
    form_row(
        "portfolio/investments/<int:pk>/revalue/",
        "/portfolio/investments/{investment}/revalue/",
        _posted(("fund_manager",)),
        lambda ctx: {
            "valued_on": "2025-03-31",
            "fair_value": "70000.00",
            "method": "recent_investment",
        },
    ),
    form_row(
        "portfolio/investments/<int:pk>/exit/",
        "/portfolio/investments/{portfolio_open_investment}/exit/",
        _posted(("fund_manager",)),
        lambda ctx: {
            "kind": "exit",
            "date": "2024-10-31",
            "proceeds": "90000.00",
            "fraction": "1",
            "note": "Trade sale.",
        },
    ),
    form_row(
        "portfolio/ledger/<int:pk>/reverse/",
        "/portfolio/ledger/{portfolio_entry}/reverse/",
        _posted(("fund_manager", "finance_officer")),
        lambda ctx: {"reason": "Typed the wrong amount."},
    ),
    # An empty upload: the errors (importing itself is tested in tests/portfolio/test_import.py).
    page_row(
        "portfolio/import/",
        "/portfolio/import/",
        GET=PAGE,
        POST=roles(400, **DENIED),
        denied=DENIED,
    ),
    page_row(
        "portfolio/import/template.xlsx", "/portfolio/import/template.xlsx", GET=PAGE, denied=DENIED
    ),
    # The portal: function views check the method first (405 for everyone), then sign-in.
    page_row(
        "portfolio/portal/returns/",
        "/portfolio/portal/returns/",
        GET=roles(200, anonymous=REDIRECT),
    ),
    replace(
        page_row(
            "portfolio/portal/returns/<int:pk>/",
            "/portfolio/portal/returns/{portfolio_return_open}/",
            GET=roles(200, anonymous=REDIRECT, applicant_b=404),
            # The company, or staff who keep returns (the others see the refusal: 400).
            POST=roles(
                400,
                anonymous=REDIRECT,
                applicant_a=REDIRECT,
                applicant_b=404,
                fund_manager=REDIRECT,
                finance_officer=REDIRECT,
            ),
        ),
        data={"POST": lambda ctx: RETURN_FIGURES},
        multipart=True,
    ),
]
ROWS += PAGES

NOT_IN_MATRIX: set[str] = set()
