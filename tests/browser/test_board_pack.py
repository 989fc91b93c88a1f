"""The board member's board pack in a real browser (desktop): ask for a pack, watch its
progress bar (htmx polls the status cell), then download the workbook.

The Celery task is held (its ``apply_async`` captured) so the bar is seen while the pack
waits for a worker; the test then does the worker's job, calling the same service the task
calls. The status polls are routed through the test, so none is served during the build."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest

from reporting import services
from reporting.models import BoardPack
from reporting.tasks import board_pack_build
from tests.browser.journeys import assert_accessible, staff_member, staff_sign_in, status_message
from tests.fundops.factories import FundCapitalFactory, FundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BOARD = "/reporting/board/"


def test_board_member_asks_for_a_pack_sees_its_progress_and_downloads_it(
    open_page, settings, monkeypatch, tmp_path
):
    settings.STAFF_2FA_REQUIRED = True
    fund = FundFactory(name="MedTech Co-investment Fund I")
    FundCapitalFactory(fund=fund, amount=Decimal("5000000.00"))
    member, device = staff_member("board_member")
    queued: list[tuple[list[int], str]] = []
    monkeypatch.setattr(
        board_pack_build,
        "apply_async",
        lambda args, task_id, **kwargs: queued.append((args, task_id)),
    )

    page = open_page()
    staff_sign_in(page, member, device, BOARD)
    ask = page.locator("form", has=page.get_by_role("button", name="Build the board pack"))
    ask.get_by_label("Fund").select_option(str(fund.pk))
    ask.get_by_role("button", name="Build the board pack").click()
    page.wait_for_url(re.compile(r"/reporting/board/\?"))
    pack = BoardPack.objects.get()
    assert f"Board pack #{pack.pk} is being built" in status_message(page)
    bar = page.get_by_role("progressbar", name=f"Board pack #{pack.pk} progress")
    assert bar.get_attribute("value") == "0"
    assert "Queued: 0%" in page.locator(f"#pack-{pack.pk}-status").inner_text()
    assert_accessible(page)

    # The worker: one queued task for this pack, run once the page has polled once more.
    assert [args for args, _ in queued] == [[pack.pk]]
    # From here on, each poll waits in the browser until the test next talks to it (the
    # route handler runs then), so no request is served while the worker builds.
    polls = re.compile(rf"/board/packs/{pack.pk}/status/")
    with page.expect_response(polls):
        pass
    page.route(polls, lambda route: route.continue_())
    services.board_pack_build(pk=pack.pk, task_id=queued[0][1])

    # The page polls and swaps the bar for the download link, with no reload.
    link = page.get_by_role("link", name=f"Download {pack.filename}")
    link.wait_for()
    assert bar.count() == 0
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == pack.filename
    workbook = openpyxl.load_workbook(saved)
    assert workbook.sheetnames[0] == "Summary"
    assert "Schedule of investments" in workbook.sheetnames
    assert page.csp_errors == []
