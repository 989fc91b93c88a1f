"""Real-browser fixtures: Debian's Chromium driven by Playwright against a live server.

Playwright cannot download its own browsers here, so it launches /usr/bin/chromium (installed
by .ci/run with apt). A failing test leaves a screenshot in ci-artifacts/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "ci-artifacts"
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which(CHROMIUM) is None:
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# Applicant pages are checked at a phone's size, staff pages at a desktop's.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _new_page(browser, base_url: str, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_errors = []  # any Content-Security-Policy refusal the browser reports
    page.on(
        "console",
        lambda msg: (
            page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return page


def _screenshot_if_failed(request, pages) -> None:  # type: ignore[no-untyped-def]
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    for number, page in enumerate(pages):
        suffix = f"-{number + 1}" if len(pages) > 1 else ""
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}{suffix}.png"), full_page=True)


@pytest.fixture
def page(browser, live_server, request):  # type: ignore[no-untyped-def]
    page = _new_page(browser, live_server.url, PHONE)
    yield page
    _screenshot_if_failed(request, [page])
    page.context.close()


@pytest.fixture
def open_page(browser, live_server, request):  # type: ignore[no-untyped-def]
    """``open_page(viewport)``: a fresh browser context (its own cookies: one person each),
    so a journey can have two staff members side by side. All are screenshotted on failure."""
    pages: list = []

    def open_(viewport: dict[str, int] = DESKTOP):  # type: ignore[no-untyped-def]
        pages.append(_new_page(browser, live_server.url, viewport))
        return pages[-1]

    yield open_
    _screenshot_if_failed(request, pages)
    for opened in pages:
        opened.context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def axe_violations(page) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Serious and critical axe-core violations of WCAG 2.0-2.2 A/AA rules on this page."""
    # Evaluated through the DevTools protocol, not as an inline <script>: the page's CSP
    # (rightly) refuses inline scripts, and the tests must not weaken it.
    page.evaluate(AXE + "\n;0")
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'wcag22aa']}
        })"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
