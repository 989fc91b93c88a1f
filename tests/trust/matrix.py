"""The access matrix's vocabulary: roles, methods, and rows of expected statuses.

Each app adds its rows in ``tests/trust/matrix_<app>.py`` (``ROWS``, ``NOT_IN_MATRIX`` and
``setup(world)`` adding the records its URLs name); ``test_access_matrix`` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = [
    "anonymous",
    "applicant_a",
    "applicant_b",
    "assessor",
    "assessor_conflicted",
    "fund_manager",
    "ic_member",
    "finance_officer",
    "board_member",
]
ROLE_SLUGS = {
    "applicant_a": "applicant",
    "applicant_b": "applicant",
    "assessor_conflicted": "assessor",
}
STAFF = [
    "assessor",
    "assessor_conflicted",
    "fund_manager",
    "ic_member",
    "finance_officer",
    "board_member",
]
METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def roles(default: int, **overrides: int) -> dict[str, int]:
    """Expected status for every role: ``default`` unless overridden (``staff=`` sets all
    staff roles, ``applicants=`` both applicants)."""
    expected = dict.fromkeys(ROLES, default)
    for key, status in overrides.items():
        targets = {"staff": STAFF, "applicants": ["applicant_a", "applicant_b"]}.get(key, [key])
        for role in targets:
            expected[role] = status
    return expected


@dataclass
class Row:
    route: str  # the URL pattern as Django writes it, for the coverage check
    url: str  # with {org_a}, {doc_a}, {fund} placeholders
    expect: dict[str, dict[str, int]]  # method -> role -> status
    data: dict[str, Callable[[dict[str, Any]], Any]] = field(default_factory=dict)
    multipart: bool = False


def api_row(
    route: str,
    url: str,
    *,
    denied: dict[str, int] | None = None,
    data: dict[str, Callable[[dict[str, Any]], Any]] | None = None,
    multipart: bool = False,
    **expect: dict[str, int],
) -> Row:
    """Methods not named answer 401 to anonymous, ``denied``'s status to roles the endpoint
    refuses whatever the method (DRF checks permissions before the method), else 405."""
    other = roles(405, **{"anonymous": 401, **(denied or {})})
    full = {method: expect.get(method, other) for method in METHODS}
    return Row(route, url, full, data or {}, multipart)


REDIRECT = 302
STAFF_PAGE = roles(200, anonymous=REDIRECT, applicants=REDIRECT)
STAFF_ONLY = {"anonymous": REDIRECT, "applicants": REDIRECT}


def page_row(
    route: str, url: str, *, denied: dict[str, int] | None = None, **expect: dict[str, int]
) -> Row:
    """Methods not named answer 405, except to roles sent away first (``denied``: the login
    page for anonymous visitors, the portal for applicants on staff pages)."""
    other = roles(405, **(denied or {}))
    return Row(route, url, {method: expect.get(method, other) for method in METHODS})
