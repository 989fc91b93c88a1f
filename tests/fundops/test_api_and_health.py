from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_swagger_ui_answer(client, fund_manager):
    client.force_login(fund_manager)
    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")
    assert schema.status_code == 200
    assert b"/api/organisations/{id}/transition/" in schema.content
    assert docs.status_code == 200
    # Swagger UI is served by the project, never from a CDN.
    assert b"cdn" not in docs.content.lower()
    assert b"/static/drf_spectacular_sidecar/" in docs.content


def test_every_4xx_has_a_json_reason(api_client):
    unauthenticated = api_client.get("/api/me/")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["error"]["reason"]


def test_token_authentication_works(api_client, fund_manager):
    token = Token.objects.create(user=fund_manager)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    me = api_client.get("/api/me/").json()
    assert me["email"] == fund_manager.email
    assert me["roles"] == ["fund_manager"]


def test_lists_are_paginated(api_client, fund_manager):
    api_client.force_authenticate(fund_manager)
    body = api_client.get("/api/organisations/").json()
    assert set(body) >= {"count", "next", "previous", "results"}


def test_staff_only_endpoint_refuses_an_applicant(api_client, applicant):
    api_client.force_authenticate(applicant)
    response = api_client.get("/api/funds/")
    assert response.status_code == 403
    assert response.json()["error"]["reason"] == "This is a staff endpoint."


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_healthz_reports_an_unreachable_broker_as_503(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


@pytest.mark.redis
def test_healthz_reaches_the_real_broker(client):
    body = client.get("/healthz").json()
    assert body["broker"] == {"ok": True, "mode": "broker", "transport": "redis"}


def test_a_null_character_in_the_query_is_a_400_not_a_500(api_client, fund_manager):
    api_client.force_authenticate(fund_manager)
    response = api_client.get("/api/organisations/?status=%00x")
    assert response.status_code == 400
    assert "null character" in response.json()["error"]["reason"]
