"""Organisations: company numbers keep their zeros; applicants see only their own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fundops.models import Organisation
from fundops.models.organisation import COMPANY_NUMBER_INVALID, POSTCODE_INVALID
from tests.fundops.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Selly Oak Genomics Ltd",
    "company_number": "1234567",
    "registered_postcode": "b296bd",
    "headcount": "9",
    "turnover": "420000.50",
    "balance_sheet_total": "180000",
    "sector": "medtech",
    "sub_sector": "diagnostics",
    "website": "",
}


def test_applicant_registers_their_organisation_in_the_portal(client, make_user):
    applicant = make_user("applicant")
    client.force_login(applicant)

    response = client.post("/portal/organisation/", VALID, follow=True)

    assert "Your organisation has been registered" in response.content.decode()
    organisation = Organisation.objects.get()
    assert organisation.company_number == "01234567"  # leading zero kept
    assert organisation.registered_postcode == "B29 6BD"
    assert organisation.turnover == Decimal("420000.50")
    assert list(organisation.members.all()) == [applicant]
    assert organisation.status == Organisation.Status.PENDING


def test_bad_company_number_and_postcode_are_explained(client, make_user):
    client.force_login(make_user("applicant"))
    response = client.post(
        "/portal/organisation/",
        {**VALID, "company_number": "12-AB", "registered_postcode": "nowhere"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert COMPANY_NUMBER_INVALID in page.replace("&#x27;", "'")
    assert POSTCODE_INVALID in page


def test_scottish_company_numbers_are_accepted():
    organisation = OrganisationFactory.build(company_number="sc123456")
    organisation.full_clean()
    assert organisation.company_number == "SC123456"


def test_api_applicant_sees_only_their_organisation(api_client, applicant, other_applicant):
    api_client.force_authenticate(applicant)

    listing = api_client.get("/api/organisations/").json()
    other = api_client.get(f"/api/organisations/{other_applicant.test_organisation.pk}/")
    events = api_client.get(f"/api/organisations/{other_applicant.test_organisation.pk}/events/")

    assert [row["id"] for row in listing["results"]] == [applicant.test_organisation.pk]
    assert other.status_code == 404
    assert other.json()["error"]["code"] == "not_found"
    assert events.status_code == 404


def test_applicant_cannot_edit_another_organisation(api_client, applicant, other_applicant):
    api_client.force_authenticate(applicant)
    response = api_client.patch(
        f"/api/organisations/{other_applicant.test_organisation.pk}/",
        {"name": "Hijacked"},
        format="json",
    )
    assert response.status_code == 404
    other_applicant.test_organisation.refresh_from_db()
    assert other_applicant.test_organisation.name != "Hijacked"


def test_fund_manager_registers_an_organisation_by_api(api_client, fund_manager):
    api_client.force_authenticate(fund_manager)
    response = api_client.post("/api/organisations/", VALID, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["company_number"] == "01234567"


def test_invalid_api_input_gets_a_400_with_the_field(api_client, fund_manager):
    api_client.force_authenticate(fund_manager)
    response = api_client.post(
        "/api/organisations/", {**VALID, "company_number": "ABC"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "company_number" in error["fields"]


def test_duplicate_company_number_gets_a_400_not_a_500(api_client, fund_manager):
    OrganisationFactory(company_number="01234567")
    api_client.force_authenticate(fund_manager)
    response = api_client.post("/api/organisations/", VALID, format="json")
    assert response.status_code == 400
    assert "company_number" in response.json()["error"]["fields"]


def test_history_is_queryable_by_api_for_staff(api_client, fund_manager, applicant):
    organisation = applicant.test_organisation
    api_client.force_authenticate(applicant)
    api_client.patch(f"/api/organisations/{organisation.pk}/", {"headcount": 15}, format="json")
    api_client.force_authenticate(fund_manager)

    history = api_client.get(f"/api/organisations/{organisation.pk}/history/").json()

    assert history[0]["history_user"] == str(applicant)
    assert {"field": "headcount", "old": "12", "new": "15"} in history[0]["changes"]


def test_applicant_cannot_read_history(api_client, applicant):
    api_client.force_authenticate(applicant)
    response = api_client.get(f"/api/organisations/{applicant.test_organisation.pk}/history/")
    assert response.status_code == 403
