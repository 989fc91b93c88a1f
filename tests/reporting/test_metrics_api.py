"""/api/reporting/: the metrics as JSON, and board packs asked for, followed and downloaded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reporting import services
from reporting.models import BoardPack
from tests.reporting.builders import AS_OF, EXPECTED, build_fund
from tests.reporting.test_packs import FakeExporter

pytestmark = pytest.mark.django_db
API = "/api/reporting"


@pytest.fixture
def fund(fund_manager):  # type: ignore[no-untyped-def]
    return build_fund(fund_manager)


@pytest.fixture
def exporter(monkeypatch):  # type: ignore[no-untyped-def]
    """The workbook builder replaced by a fake (the real one: tests/reporting/test_packs.py)."""
    fake = FakeExporter()
    monkeypatch.setattr(services, "_fingerprint", fake.fingerprint_of)
    monkeypatch.setattr(services, "_build_workbook", fake.build)
    return fake


@pytest.fixture
def board(api_client, board_member):  # type: ignore[no-untyped-def]
    api_client.force_authenticate(board_member)
    return api_client


def test_metrics_as_json(board, fund):
    response = board.get(f"{API}/metrics/", {"fund": fund.pk, "as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    body = response.json()
    assert body["fund"] == {"id": fund.pk, "name": fund.name}
    assert body["as_of"] == AS_OF.isoformat()
    for key in ("cost", "paid_in", "distributed", "fair_value", "total_value"):
        assert body[key] == EXPECTED[key]
    assert body["irr"] is None or isinstance(body["irr"], float)
    assert "groups" not in body


def test_metrics_grouped_by_vintage_add_up_to_the_fund(board, fund):
    body = board.get(
        f"{API}/metrics/", {"fund": fund.pk, "as_of": AS_OF.isoformat(), "group_by": "vintage"}
    ).json()
    assert [g["group"] for g in body["groups"]] == ["2022", "2023", "2024"]
    pennies = sum(round(float(g["cost"]) * 100) for g in body["groups"])
    assert pennies == round(float(EXPECTED["cost"]) * 100)


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"as_of": "2024-13-01"}, "as_of: Date has wrong format"),
        ({"group_by": "colour"}, 'group_by: "colour" is not a valid choice.'),
        ({"fund": 999999}, 'fund: Invalid pk "999999" - object does not exist.'),
        ({"fund": ""}, "fund: This field may not be null."),
        ({"as_of": "2999-01-01"}, "as_of: The as-of date cannot be in the future."),
    ],
)
def test_bad_queries_get_a_400_with_the_reason(board, fund, query, reason):
    params = {"fund": fund.pk, "as_of": AS_OF.isoformat(), **query}
    response = board.get(f"{API}/metrics/", params)
    assert response.status_code == 400
    assert response.json()["error"]["reason"].startswith(reason)


def test_irr_series(board, fund):
    body = board.get(f"{API}/metrics/irr-series/", {"fund": fund.pk, "as_of": "2024-12-31"}).json()
    assert body["fund"] == fund.pk
    dates = [point["date"] for point in body["series"]]
    assert dates[-1] == "2024-12-31"
    assert dates == sorted(dates)
    assert all(p["irr"] is not None or p["reason"] for p in body["series"])


def test_ask_for_a_pack_follow_it_and_download_it(
    board, fund, exporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = board.post(f"{API}/packs/", {"fund": fund.pk, "as_of": "2024-12-31"})
    assert response.status_code == 202
    pack = response.json()
    assert pack["status_url"] == f"{API}/packs/{pack['id']}/"
    status = board.get(pack["status_url"]).json()
    assert (status["status"], status["progress"]) == ("done", 100)  # eager Celery: built
    download = board.get(status["download_url"])
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"workbook for fund")

    again = board.post(f"{API}/packs/", {"fund": fund.pk, "as_of": "2024-12-31"})
    assert again.status_code == 200  # the kept pack, same data
    assert again.json()["id"] == pack["id"]
    listed = board.get(f"{API}/packs/", {"fund": fund.pk}).json()
    assert [p["id"] for p in listed["results"]] == [pack["id"]]
    assert len(exporter.builds) == 1


def test_download_and_retry_answer_409_when_they_do_not_apply(
    board, fund, board_member, exporter, django_capture_on_commit_callbacks
):
    running = BoardPack.objects.create(
        fund=fund, as_of=AS_OF, requested_by=board_member, status=BoardPack.Status.RUNNING
    )
    response = board.get(f"{API}/packs/{running.pk}/download/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_ready"
    response = board.post(f"{API}/packs/{running.pk}/retry/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_retryable"

    BoardPack.objects.filter(pk=running.pk).update(status=BoardPack.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        response = board.post(f"{API}/packs/{running.pk}/retry/")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert board.get(f"{API}/packs/{running.pk}/").json()["status"] == "done"


def test_a_pack_for_a_future_date_is_refused(board, fund):
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = board.post(f"{API}/packs/", {"fund": fund.pk, "as_of": future})
    assert response.status_code == 400
    assert "future" in response.json()["error"]["reason"]


def test_finance_officers_read_but_cannot_ask(api_client, make_user, fund):
    api_client.force_authenticate(make_user("finance_officer"))
    assert api_client.get(f"{API}/metrics/", {"fund": fund.pk}).status_code == 200
    assert api_client.get(f"{API}/packs/").status_code == 200
    response = api_client.post(f"{API}/packs/", {"fund": fund.pk, "as_of": "2024-12-31"})
    assert response.status_code == 403
    assert BoardPack.objects.count() == 0


@pytest.mark.parametrize("role", ["assessor", "ic_member", "applicant"])
def test_other_roles_are_refused(api_client, make_user, fund, role):
    api_client.force_authenticate(make_user(role))
    assert api_client.get(f"{API}/metrics/", {"fund": fund.pk}).status_code == 403
    assert api_client.get(f"{API}/packs/").status_code == 403


def test_the_endpoints_are_in_the_openapi_schema(api_client, fund_manager):
    api_client.force_authenticate(fund_manager)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/reporting/metrics/",
        "/api/reporting/metrics/irr-series/",
        "/api/reporting/packs/",
        "/api/reporting/packs/{id}/",
        "/api/reporting/packs/{id}/download/",
        "/api/reporting/packs/{id}/retry/",
    ):
        assert path in paths, path
    parameters = {p["name"] for p in paths["/api/reporting/metrics/"]["get"]["parameters"]}
    assert parameters == {"fund", "as_of", "group_by"}
    assert set(paths["/api/reporting/packs/"]["post"]["responses"]) == {"200", "202"}
