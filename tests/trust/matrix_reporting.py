"""Access matrix rows for the reporting API (/api/reporting/) and pages (/reporting/).

The rules (reporting.permissions.ROLE_PERMISSIONS and reporting.services):

- fund managers and board members read the metrics and dashboards, ask for board packs,
  download them and retry failed ones;
- finance officers read the metrics, the dashboards and the packs (and download them), but
  may not ask for a pack or retry one (403);
- investment committee members, assessors and applicants are refused everything (403);
  anonymous callers get 401 on the API and the sign-in page on pages.

The world's fund has no investments: the figures are zeros and "no IRR" with the reason,
never an error. Packs are fund documents, not anybody's own, so there is no "other
organisation" case here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from fundops.models import Fund, User
from reporting.models import BoardPack
from tests.trust.matrix import REDIRECT, Row, api_row, page_row, roles

REFUSED = {
    "applicants": 403,
    "assessor": 403,
    "assessor_conflicted": 403,
    "ic_member": 403,
}
AS_OF = "2024-12-31"


def api(default: int, **overrides: int) -> dict[str, int]:
    return roles(default, anonymous=401, **overrides)


def _pack(world: dict[str, Any], status: str) -> BoardPack:
    pack = BoardPack.objects.create(
        fund=Fund.objects.get(pk=world["fund"]),
        as_of=date(2024, 12, 31),
        requested_by=User.objects.get(pk=world["users"]["board_member"].pk),
        status=status,
    )
    if status == BoardPack.Status.DONE:
        pack.file.save(pack.filename, ContentFile(b"PK\x03\x04 matrix workbook"), save=False)
        pack.progress = 100
        pack.save()
    return pack


FRESH: dict[str, Any] = {
    # Retrying consumes the failed pack (it is queued again): a new one for every cell.
    "reporting_failed_pack": lambda world: _pack(world, BoardPack.Status.FAILED).pk,
}


def setup(world: dict[str, Any]) -> None:
    world["reporting_pack"] = _pack(world, BoardPack.Status.DONE).pk


R = "/api/reporting"
READ = api(200, **REFUSED)
ASK = api(403, **REFUSED, fund_manager=202, board_member=202)
PACK_INPUT = {"POST": lambda ctx: {"fund": ctx["fund"], "as_of": AS_OF}}

ROWS: list[Row] = [
    api_row(
        "api/reporting/metrics/",
        f"{R}/metrics/?fund={{fund}}&as_of={AS_OF}&group_by=vintage",
        GET=READ,
        denied=REFUSED,
    ),
    api_row(
        "api/reporting/metrics/irr-series/",
        f"{R}/metrics/irr-series/?fund={{fund}}&as_of={AS_OF}",
        GET=READ,
        denied=REFUSED,
    ),
    # Eager Celery, but the matrix's transaction never commits: the first request queues a
    # pack (202) and the second finds it queued (202 again).
    api_row(
        "api/reporting/packs/", f"{R}/packs/", GET=READ, POST=ASK, denied=REFUSED, data=PACK_INPUT
    ),
    api_row(
        "api/reporting/packs/<int:pk>/", f"{R}/packs/{{reporting_pack}}/", GET=READ, denied=REFUSED
    ),
    api_row(
        "api/reporting/packs/<int:pk>/download/",
        f"{R}/packs/{{reporting_pack}}/download/",
        GET=READ,
        denied=REFUSED,
    ),
    api_row(
        "api/reporting/packs/<int:pk>/retry/",
        f"{R}/packs/{{reporting_failed_pack}}/retry/",
        POST=ASK,
        denied=REFUSED,
    ),
]

# --- pages: anonymous visitors are sent to sign in; refused roles get 403.
DENIED = {"anonymous": REDIRECT, **REFUSED}
PAGE = roles(200, **DENIED)

PAGES: list[Row] = [
    page_row(
        "reporting/dashboard/",
        f"/reporting/dashboard/?fund={{fund}}&as_of={AS_OF}",
        GET=PAGE,
        denied=DENIED,
    ),
    replace(
        page_row(
            "reporting/board/",
            f"/reporting/board/?fund={{fund}}&as_of={AS_OF}",
            GET=PAGE,
            # Asked for: back to the page at the pack (302); finance officers may not (403).
            POST=roles(403, **DENIED, fund_manager=REDIRECT, board_member=REDIRECT),
            denied=DENIED,
        ),
        data={"POST": lambda ctx: {"fund": ctx["fund"], "as_of": AS_OF}},
        multipart=True,
    ),
    page_row(
        "reporting/board/packs/<int:pk>/status/",
        "/reporting/board/packs/{reporting_pack}/status/",
        GET=PAGE,
        denied=DENIED,
    ),
    page_row(
        "reporting/board/packs/<int:pk>/download/",
        "/reporting/board/packs/{reporting_pack}/download/",
        GET=PAGE,
        denied=DENIED,
    ),
    page_row(
        "reporting/board/packs/<int:pk>/retry/",
        "/reporting/board/packs/{reporting_failed_pack}/retry/",
        POST=roles(403, **DENIED, fund_manager=REDIRECT, board_member=REDIRECT),
        denied=DENIED,
    ),
]
ROWS += PAGES

NOT_IN_MATRIX: set[str] = set()
