"""The dashboard and the board page: figures, charts' data, the pack form, progress, download."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from reporting.models import BoardPack
from tests.reporting.builders import AS_OF, EXPECTED, build_fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(fund_manager):  # type: ignore[no-untyped-def]
    return build_fund(fund_manager)


@pytest.fixture
def finance_officer(make_user):  # type: ignore[no-untyped-def]
    return make_user("finance_officer")


def figure(html: str, name: str) -> str:
    """The text of the headline cell ``data-figure=name`` (tags dropped)."""
    match = re.search(rf'data-figure="{name}">(.*?)</td>', html, re.S)
    assert match, f"no figure {name}"
    return re.sub(r"<[^>]+>", " ", match.group(1)).split("  ")[0].strip()


def charts(html: str) -> dict:
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html)
    assert match
    return json.loads(match.group(1))


def test_dashboard_shows_the_headline_figures_and_the_charts_data(client, fund_manager, fund):
    client.force_login(fund_manager)
    response = client.get(reverse("reporting:dashboard"), {"fund": fund.pk, "as_of": AS_OF})
    html = response.content.decode()

    assert response.status_code == 200
    assert figure(html, "paid_in") == "£97,500.00"
    assert figure(html, "distributed") == "£41,800.00"
    assert figure(html, "fair_value") == "£104,000.00"
    assert figure(html, "total_value") == "£145,800.00"
    assert EXPECTED["paid_in"] == "97500.00"
    data = charts(html)
    assert data["vintage"]["labels"] == ["2022", "2023", "2024"]
    # Cost by vintage adds up to the fund's cost.
    assert sum(data["vintage"]["cost"]) == float(EXPECTED["cost"])
    assert data["irr"]["labels"][-1] == AS_OF.isoformat()
    assert set(data["grants"]["labels"]) >= {"Committed", "Paid", "Remaining"}
    assert [label for label in data["leverage"]["labels"]][-1] == "Grants (match funding)"
    # Charts are drawn by a static file; the page carries no inline script (strict CSP).
    assert "reporting/dashboard_charts.js" in html and "vendor/chart.umd.min.js" in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == []


def test_the_board_page_shows_the_same_figures_as_the_dashboard(
    client, board_member, fund_manager, fund
):
    query = {"fund": fund.pk, "as_of": AS_OF}
    client.force_login(fund_manager)
    dashboard = client.get(reverse("reporting:dashboard"), query).content.decode()
    client.force_login(board_member)
    board = client.get(reverse("reporting:board"), query).content.decode()
    for name in ("paid_in", "distributed", "fair_value", "total_value", "tvpi", "gross_irr"):
        assert figure(board, name) == figure(dashboard, name)
    assert "Build the board pack" in board


def test_a_bad_date_is_a_form_error_not_a_crash(client, fund_manager, fund):
    client.force_login(fund_manager)
    response = client.get(reverse("reporting:dashboard"), {"fund": fund.pk, "as_of": "31/02/x"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.get(reverse("reporting:dashboard"), {"fund": fund.pk, "as_of": future})
    assert response.status_code == 400
    assert "The as-of date cannot be in the future." in response.content.decode()


def test_a_board_member_asks_for_a_pack_and_downloads_it(
    client, board_member, fund, django_capture_on_commit_callbacks
):
    """Eager Celery: the real exporter builds the workbook once the request commits."""
    from openpyxl import load_workbook

    client.force_login(board_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:board"), {"fund": fund.pk, "as_of": AS_OF})
    assert response.status_code == 302
    pack = BoardPack.objects.get()
    assert pack.status == BoardPack.Status.DONE, pack.error
    assert response["Location"].endswith(f"#pack-{pack.pk}")

    page = client.get(response["Location"]).content.decode()
    assert reverse("reporting:pack-download", args=[pack.pk]) in page
    download = client.get(reverse("reporting:pack-download", args=[pack.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"].endswith("spreadsheetml.sheet")
    import io

    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames[:2] == ["Summary", "Schedule of investments"]

    # Asking again for the same fund, date and data gives the kept pack.
    again = client.post(reverse("reporting:board"), {"fund": fund.pk, "as_of": AS_OF}, follow=True)
    assert BoardPack.objects.count() == 1
    assert "here is that pack" in again.content.decode()


def test_the_progress_cell_polls_while_running_and_stops_when_done(client, board_member, fund):
    pack = BoardPack.objects.create(
        fund=fund,
        as_of=AS_OF,
        requested_by=board_member,
        status=BoardPack.Status.RUNNING,
        progress=40,
        step="Cash flows",
    )
    client.force_login(board_member)
    url = reverse("reporting:pack-status", args=[pack.pk])
    cell = client.get(url).content.decode()
    assert '<progress value="40" max="100"' in cell
    assert "Cash flows" in cell
    assert f'hx-get="{url}"' in cell and 'hx-trigger="every 1s"' in cell

    BoardPack.objects.filter(pk=pack.pk).update(status=BoardPack.Status.FAILED, error="boom")
    cell = client.get(url).content.decode()
    assert "hx-get" not in cell and "boom" in cell and "Retry" in cell


def test_a_failed_pack_is_retried_from_the_page(
    client, board_member, fund, django_capture_on_commit_callbacks
):
    pack = BoardPack.objects.create(
        fund=fund, as_of=AS_OF, requested_by=board_member, status=BoardPack.Status.FAILED
    )
    client.force_login(board_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:pack-retry", args=[pack.pk]))
    assert response.status_code == 302
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.DONE and pack.file  # eager: rebuilt at once


def test_finance_officers_read_but_do_not_ask(client, finance_officer, fund):
    client.force_login(finance_officer)
    page = client.get(reverse("reporting:board"), {"fund": fund.pk, "as_of": AS_OF})
    assert page.status_code == 200
    assert "Build the board pack" not in page.content.decode()
    response = client.post(reverse("reporting:board"), {"fund": fund.pk, "as_of": AS_OF})
    assert response.status_code == 403
    assert BoardPack.objects.count() == 0


@pytest.mark.parametrize("role", ["ic_member", "assessor", "applicant"])
def test_other_roles_are_refused(client, make_user, role, fund):
    client.force_login(make_user(role))
    for name in ("reporting:dashboard", "reporting:board"):
        assert client.get(reverse(name)).status_code == 403


def test_navigation_offers_the_pages_to_board_members(client, board_member, fund):
    client.force_login(board_member)
    html = client.get(reverse("staff:home")).content.decode()
    assert f'href="{reverse("reporting:board")}"' in html
    assert f'href="{reverse("reporting:dashboard")}"' in html


def test_without_a_date_the_pages_show_today(client, fund_manager, fund):
    client.force_login(fund_manager)
    html = client.get(reverse("reporting:dashboard")).content.decode()
    assert f"headline figures as of {timezone.localdate().isoformat()}" in html


def test_the_admin_lists_packs_and_links_the_authorised_download(client, make_user, fund):
    admin = make_user("board_member")
    admin.is_superuser = True
    admin.save()
    pack = BoardPack.objects.create(
        fund=fund, as_of=AS_OF, requested_by=admin, status=BoardPack.Status.DONE, size=12
    )
    pack.file.save(pack.filename, ContentFile(b"PK\x03\x04 test"), save=True)
    client.force_login(admin)
    assert client.get("/admin/reporting/boardpack/").status_code == 200
    page = client.get(f"/admin/reporting/boardpack/{pack.pk}/change/").content.decode()
    assert reverse("reporting:pack-download", args=[pack.pk]) in page
    assert "/media/" not in page


def test_the_pipeline_chart_counts_deals_and_money_per_stage_in_funnel_order(
    client, fund_manager, fund, monkeypatch
):
    from decimal import Decimal

    from portfolio import reporting_selectors

    deal = reporting_selectors.PipelineDeal
    deals = [
        deal(1, "A Ltd", "due_diligence", "Due diligence", Decimal("250000.00"), 40, True, "FM"),
        deal(2, "B Ltd", "screening", "Screening", Decimal("100000.50"), 3, False, "FM"),
        deal(3, "C Ltd", "due_diligence", "Due diligence", Decimal("50000.00"), 2, False, "FM"),
    ]
    monkeypatch.setattr(reporting_selectors, "pipeline_for_fund", lambda fund_id: deals)
    client.force_login(fund_manager)
    html = client.get(reverse("reporting:dashboard"), {"fund": fund.pk, "as_of": AS_OF})
    data = charts(html.content.decode())
    assert data["pipeline"] == {
        "labels": ["Screening", "Due diligence"],
        "deals": [1, 2],
        "amount_sought": [100000.5, 300000.0],
    }
    assert "£300,000.00" in html.content.decode()
