"""Access matrix: every API endpoint and page × every role × every method, one table.

Each row names a URL (with placeholders for records of applicant A's organisation, so
applicant B is the "other organisation"), then per method the expected status per role.
A URL pattern of the project that has no row fails the coverage test, so a new endpoint
cannot ship without its row. Another organisation's record must answer 404, never 403 or
200: ``leaks`` counts any cell where a role got more than the table allows.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from fundops.models import Organisation
from fundops.services.documents import document_upload
from tests.fundops.factories import FundFactory, OrganisationFactory, UserFactory
from tests.trust.matrix import (
    METHODS,
    PDF,
    REDIRECT,
    ROLE_SLUGS,
    ROLES,
    STAFF_ONLY,
    STAFF_PAGE,
    Row,
    api_row,
    page_row,
    roles,
)

# Each app's rows, in tests/trust/matrix_<app>.py.
APP_MATRICES: list[str] = [
    "tests.trust.matrix_grants",
    "tests.trust.matrix_portfolio",
    "tests.trust.matrix_deals",
    "tests.trust.matrix_deal_pages",
    "tests.trust.matrix_reporting",
]
APPS = [import_module(name) for name in APP_MATRICES]

ORG_PAYLOAD = {
    "name": "Matrix Test Ltd",
    "company_number": "09999999",
    "registered_postcode": "B4 7ET",
    "headcount": 3,
    "turnover": "1000.00",
    "balance_sheet_total": "1000.00",
    "sector": "medtech",
    "sub_sector": "diagnostics",
}

MATRIX: list[Row] = [
    api_row("api/me/", "/api/me/", GET=roles(200, anonymous=401)),
    api_row(
        "api/organisations/",
        "/api/organisations/",
        GET=roles(200, anonymous=401),
        POST=roles(403, anonymous=401, fund_manager=201),
        data={"POST": lambda ctx: ORG_PAYLOAD},
    ),
    api_row(
        "api/organisations/<int:pk>/",
        "/api/organisations/{org_a}/",
        GET=roles(200, anonymous=401, applicant_b=404),
        PATCH=roles(403, anonymous=401, applicant_a=200, applicant_b=404, fund_manager=200),
        data={"PATCH": lambda ctx: {"headcount": 14}},
    ),
    api_row(
        "api/organisations/<int:pk>/transition/",
        "/api/organisations/{org_pending}/transition/",
        # Everyone but the fund manager lacks the permission: the transition says so (409).
        POST=roles(409, anonymous=401, applicants=404, fund_manager=200),
        data={"POST": lambda ctx: {"to": "verified", "reason": "checked"}},
    ),
    api_row(
        "api/organisations/<int:pk>/events/",
        "/api/organisations/{org_a}/events/",
        GET=roles(200, anonymous=401, applicant_b=404),
    ),
    api_row(
        "api/organisations/<int:pk>/history/",
        "/api/organisations/{org_a}/history/",
        GET=roles(200, anonymous=401, applicants=403),
        denied={"applicants": 403},
    ),
    api_row(
        "api/funds/",
        "/api/funds/",
        GET=roles(200, anonymous=401, applicants=403),
        denied={"applicants": 403},
    ),
    api_row(
        "api/funds/<int:pk>/",
        "/api/funds/{fund}/",
        GET=roles(200, anonymous=401, applicants=403),
        denied={"applicants": 403},
    ),
    api_row(
        "api/events/",
        "/api/events/",
        GET=roles(200, anonymous=401, applicants=403, board_member=403),
        denied={"applicants": 403, "board_member": 403},
    ),
    api_row(
        "api/documents/",
        "/api/documents/",
        GET=roles(200, anonymous=401),
        # Upload to applicant A's organisation: B cannot even see it exists.
        POST=roles(201, anonymous=401, applicant_b=404),
        data={
            "POST": lambda ctx: {
                "file": SimpleUploadedFile("quote.pdf", PDF),
                "organisation": ctx["org_a"],
            }
        },
        multipart=True,
    ),
    api_row(
        "api/documents/<int:pk>/download/",
        "/api/documents/{doc_a}/download/",
        GET=roles(200, anonymous=401, applicant_b=404),
    ),
    api_row("api/schema/", "/api/schema/", GET=roles(200), denied={"anonymous": 405}),
    api_row("api/docs/", "/api/docs/", GET=roles(200), denied={"anonymous": 405}),
]

PAGES: list[Row] = [
    page_row("", "/", GET=roles(REDIRECT)),
    page_row("healthz", "/healthz", GET=roles(200)),
    page_row("staff/", "/staff/", GET=STAFF_PAGE, denied=STAFF_ONLY),
    page_row("staff/organisations/", "/staff/organisations/", GET=STAFF_PAGE, denied=STAFF_ONLY),
    page_row(
        "staff/organisations/<int:pk>/",
        "/staff/organisations/{org_a}/",
        GET=STAFF_PAGE,
        POST=roles(REDIRECT),  # staff: back to the page with a message
        denied=STAFF_ONLY,
    ),
    page_row("staff/funds/", "/staff/funds/", GET=STAFF_PAGE, denied=STAFF_ONLY),
    # Function views check the method first: 405 for everyone, then sign-in.
    page_row("portal/", "/portal/", GET=roles(200, anonymous=REDIRECT)),
    page_row(
        "portal/organisation/",
        "/portal/organisation/",
        GET=roles(200, anonymous=REDIRECT),
        POST=roles(400, anonymous=REDIRECT),  # an empty form: the errors, nothing saved
    ),
    page_row(
        "documents/<int:pk>/download/",
        "/documents/{doc_a}/download/",
        GET=roles(200, anonymous=REDIRECT, applicant_b=404),
    ),
    page_row(
        "accounts/profile/",
        "/accounts/profile/",
        GET=roles(200, anonymous=REDIRECT),
        POST=roles(200, anonymous=REDIRECT),  # an empty post shows the form again
    ),
    # Signed-in people are sent home whatever the method; visitors get the form.
    page_row(
        "accounts/login/",
        "/accounts/login/",
        GET=roles(REDIRECT, anonymous=200),
        POST=roles(REDIRECT, anonymous=200),
        denied={role: REDIRECT for role in ROLES if role != "anonymous"},
    ),
    page_row(
        "accounts/my-data.json",
        "/accounts/my-data.json",
        GET=roles(200, anonymous=REDIRECT),  # each person gets only their own data
    ),
    page_row(
        "accounts/register/",
        "/accounts/register/",
        GET=roles(REDIRECT, anonymous=200),
        POST=roles(REDIRECT, anonymous=400),  # an empty form: the errors
    ),
    # Django's admin index answers any method; staff roles only.
    *[page_row("admin/", "/admin/", **{m: roles(200, **STAFF_ONLY) for m in METHODS})],
]

# Routes covered elsewhere (their own tests) or that are Django's and carry no records.
NOT_IN_MATRIX = {
    "accounts/register/<uidb64>/<token>/",  # one-time links: tests/fundops/test_registration.py
    "accounts/logout/",
    "accounts/2fa/setup/",
    "accounts/2fa/verify/",
    "accounts/reauthenticate/",
    "accounts/password/change/",
    "accounts/password/change/done/",
    "accounts/password/reset/",
    "accounts/password/reset/sent/",
    "accounts/password/reset/<uidb64>/<token>/",
    "accounts/password/reset/complete/",
}


def all_rows() -> list[Row]:
    return [*MATRIX, *PAGES, *(row for app in APPS for row in app.ROWS)]


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLPattern):
            found.append(route)
        elif not route.startswith(("admin/", "static/", "media/")):
            found.extend(_routes(entry, route))
    return found


def test_every_route_has_a_row_in_the_matrix():
    covered = {row.route for row in all_rows()} | NOT_IN_MATRIX
    for app in APPS:
        covered |= app.NOT_IN_MATRIX
    missing = sorted(set(_routes(get_resolver())) - covered)
    assert missing == [], f"Add these routes to the access matrix: {missing}"


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    users = {
        role: UserFactory.with_role(ROLE_SLUGS.get(role, role))
        for role in ROLES
        if role != "anonymous"
    }
    org_a = OrganisationFactory(members=[users["applicant_a"]])
    OrganisationFactory(members=[users["applicant_b"]])
    doc = document_upload(
        file=SimpleUploadedFile("plan.pdf", PDF), attach_to=org_a, by=users["applicant_a"]
    )
    world = {
        "users": users,
        "org_a": org_a.pk,
        "doc_a": doc.pk,
        "fund": FundFactory().pk,
    }
    for app in APPS:
        app.setup(world)
    return world


# Records a write may consume are made again for every cell that names them.
FRESH: dict[str, Any] = {
    "org_pending": lambda world: OrganisationFactory(status=Organisation.Status.PENDING).pk,
}
for _app in APPS:
    FRESH.update(_app.FRESH)


def _context(world: dict[str, Any], row: Row) -> dict[str, Any]:
    context = dict(world)
    for key, make in FRESH.items():
        if "{" + key + "}" in row.url:
            context[key] = make(world)
    return context


def _call(client: APIClient, method: str, url: str, data: Any, multipart: bool) -> int:
    kwargs: dict[str, Any] = {}
    if data is not None:
        kwargs = {"data": data, "format": "multipart" if multipart else "json"}
    return getattr(client, method.lower())(url, **kwargs).status_code


def test_access_matrix(world, capsys):
    cells = 0
    mismatches: list[str] = []
    leaks: list[str] = []
    for row in all_rows():
        for method, expected_by_role in row.expect.items():
            for role in ROLES:
                client = APIClient()
                if role != "anonymous":
                    client.force_authenticate(world["users"][role])
                    client.force_login(world["users"][role])
                context = _context(world, row)
                url = row.url.format(**context)
                data = row.data[method](context) if method in row.data else None
                if isinstance(data, dict) and "company_number" in data:
                    data = {**data, "company_number": f"{90000000 + cells:08d}"}
                status = _call(client, method, url, data, row.multipart)
                cells += 1
                expected = expected_by_role[role]
                if status != expected:
                    cell = f"{method} {url} as {role}: got {status}, expected {expected}"
                    mismatches.append(cell)
                    # A leak: more access than the table allows (a success, or anything but
                    # 404 where another organisation's record must stay invisible).
                    if (200 <= status < 300 and not 200 <= expected < 300) or (
                        expected == 404 and status != 404
                    ):
                        leaks.append(cell)
    endpoints = len(all_rows())
    with capsys.disabled():
        print(
            f"\naccess matrix: {endpoints} endpoints × {len(ROLES)} roles × {len(METHODS)} "
            f"methods = {cells} cells, {len(leaks)} leaks"
        )
    assert leaks == []
    assert mismatches == []
