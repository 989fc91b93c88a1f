"""Uploads and exports are rate limited per user (settings.RATE_LIMITS "upload" / "export"):
one over the limit answers 429 with the reason, as JSON on the API and as a page otherwise;
the counters live in the cache, so clearing it (as tests/conftest.py does) starts afresh.
A guard walks every URL and fails if a view that takes files or builds a download has no
limit, so a new one cannot slip in."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.parsers import FileUploadParser, MultiPartParser
from rest_framework.settings import api_settings

from fundops.api.errors import RATE_LIMITED
from fundops.models import Document

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
APPS = ("fundops.", "grants.", "portfolio.", "reporting.")


def _api_upload(client: Any, organisation: Any) -> Any:
    return client.post(
        "/api/documents/",
        {"file": SimpleUploadedFile("quote.pdf", PDF), "organisation": organisation.pk},
        format="multipart",
    )


@pytest.mark.django_db
def test_api_upload_over_the_limit_answers_429_until_the_cache_is_cleared(
    api_client, applicant, other_applicant, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "2/m"}
    api_client.force_authenticate(applicant)

    codes = [_api_upload(api_client, applicant.test_organisation).status_code for _ in range(3)]

    assert codes == [201, 201, 429]
    refused = _api_upload(api_client, applicant.test_organisation)
    assert refused.json() == {
        "error": {"status": 429, "code": "rate_limited", "reason": RATE_LIMITED}
    }
    assert Document.objects.count() == 2
    # The budget is the user's, not everyone's: another applicant still uploads.
    api_client.force_authenticate(other_applicant)
    assert _api_upload(api_client, other_applicant.test_organisation).status_code == 201
    cache.clear()
    api_client.force_authenticate(applicant)
    assert _api_upload(api_client, applicant.test_organisation).status_code == 201


@pytest.mark.django_db
def test_page_upload_over_the_limit_shows_the_429_page_but_plain_posts_pass(
    client, applicant, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "2/m"}
    client.force_login(applicant)

    def upload() -> Any:
        return client.post(
            "/portal/organisation/",
            {"file": SimpleUploadedFile("plan.pdf", PDF), "description": "plan"},
        )

    codes = [upload().status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    page = upload()
    assert page.status_code == 429
    assert RATE_LIMITED in page.content.decode()
    assert applicant.test_organisation.documents.count() == 2
    # Saving the organisation's details on the same page carries no file and is not capped.
    assert client.post("/portal/organisation/", {"name": ""}).status_code == 400
    cache.clear()
    assert upload().status_code == 302


@pytest.mark.django_db
def test_exports_over_the_limit_answer_429(client, applicant, fund_manager, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": "2/m"}
    client.force_login(fund_manager)

    codes = [client.get("/portfolio/import/template.xlsx").status_code for _ in range(2)]
    # One budget for every export: the 360Giving file is the third this minute.
    third = client.get("/grants/export/360giving.csv")

    assert codes == [200, 200]
    assert third.status_code == 429
    assert RATE_LIMITED in third.content.decode()
    assert "Content-Disposition" not in third
    client.force_login(applicant)
    assert client.get("/accounts/my-data.json").status_code == 200
    cache.clear()
    client.force_login(fund_manager)
    assert client.get("/portfolio/import/template.xlsx").status_code == 200


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, Callable]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _handlers(callback: Callable) -> Iterator[tuple[str, Callable, bool]]:
    """(method, handler, takes files by its parser) for a function or class-based view."""
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        yield "view", callback, False
        return
    # Only parsers a view declares itself: DRF's defaults accept multipart everywhere.
    parsers = next(
        (vars(k)["parser_classes"] for k in view_class.__mro__ if "parser_classes" in vars(k)),
        (),
    )
    if parsers is api_settings.DEFAULT_PARSER_CLASSES:
        parsers = ()
    multipart = any(issubclass(p, MultiPartParser | FileUploadParser) for p in parsers)
    for method in ("get", "post", "put", "patch"):
        handler = getattr(view_class, method, None)
        if handler is not None:
            yield method, handler, multipart and method != "get"


def _source(handler: Callable) -> str:
    try:
        return inspect.getsource(inspect.unwrap(handler))
    except (OSError, TypeError):
        return ""


def test_every_upload_and_export_view_is_rate_limited():
    """Uploads: a handler reading request.FILES or behind a multipart parser. Exports: one
    setting Content-Disposition or building an attachment. Serving a stored document
    (fundops.api.views.document_file_response) is a download, not an export: not counted."""
    missing: list[str] = []
    checked = 0
    for route, callback in _patterns(get_resolver()):
        if not getattr(callback, "__module__", "").startswith(APPS):
            continue
        for method, handler, multipart in _handlers(callback):
            source = _source(handler)
            needs = None
            if multipart or "request.FILES" in source:
                needs = "upload"
            elif "Content-Disposition" in source or "as_attachment=True" in source:
                needs = "export"
            if needs is None:
                continue
            checked += 1
            if getattr(handler, "rate_limit", None) != needs:
                missing.append(f"{route} {method}: needs @{needs}s_limited")
    print(f"{checked} upload/export handlers checked, {len(missing)} without a rate limit")
    assert not missing, "\n".join(missing)
    assert checked >= 12
