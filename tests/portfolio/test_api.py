from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portfolio.models import LedgerEntry, MonitoringReturn
from portfolio.services.ledger import LEDGER_SIGN_WRONG
from tests.portfolio.factories import equity_investment

pytestmark = pytest.mark.django_db


def _return(organisation) -> MonitoringReturn:  # type: ignore[no-untyped-def]
    return MonitoringReturn.objects.create(
        organisation=organisation,
        period="quarterly",
        period_end=date(2025, 3, 31),
        due_on=date(2025, 4, 30),
    )


def test_applicant_sees_only_their_own_monitoring_returns(api_client, applicant, other_applicant):
    mine = _return(applicant.test_organisation)
    theirs = _return(other_applicant.test_organisation)
    api_client.force_authenticate(applicant)
    listed = api_client.get("/api/portfolio/monitoring-returns/").json()["results"]
    assert [item["id"] for item in listed] == [mine.pk]
    assert api_client.get(f"/api/portfolio/monitoring-returns/{theirs.pk}/").status_code == 404
    response = api_client.post(
        f"/api/portfolio/monitoring-returns/{theirs.pk}/submit/", {"revenue": "1.00"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == MonitoringReturn.Status.DUE


def test_applicant_submits_their_return_once(api_client, applicant):
    mine = _return(applicant.test_organisation)
    api_client.force_authenticate(applicant)
    url = f"/api/portfolio/monitoring-returns/{mine.pk}/submit/"
    body = {"revenue": "125000.00", "headcount": 14, "jobs_created": 3, "cash_runway_months": 18}
    response = api_client.post(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    assert response.json()["revenue"] == "125000.00"
    again = api_client.post(url, body, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["reason"] == "This return has already been submitted."


def test_applicants_cannot_see_the_book(api_client, applicant):
    api_client.force_authenticate(applicant)
    for url in ["investments/", "ledger/", "valuations/", "rounds/", "co-investors/"]:
        assert api_client.get(f"/api/portfolio/{url}").status_code == 403


def test_staff_append_and_reverse_ledger_entries_but_never_edit(api_client, fund_manager):
    investment = equity_investment(by=fund_manager)
    api_client.force_authenticate(fund_manager)
    created = api_client.post(
        "/api/portfolio/ledger/",
        {"investment": investment.pk, "kind": "fee", "date": "2023-02-01", "amount": "-250.00"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api_client.patch(f"/api/portfolio/ledger/{pk}/", {"amount": "-1"}).status_code == 405
    assert api_client.delete(f"/api/portfolio/ledger/{pk}/").status_code == 405
    reversed_ = api_client.post(
        f"/api/portfolio/ledger/{pk}/reverse/",
        {"reason": "charged twice", "corrected_amount": "25.00"},
        format="json",
    )
    assert reversed_.status_code == 201, reversed_.json()
    assert reversed_.json()["reversal"]["amount"] == "250.00"
    assert reversed_.json()["correction"]["amount"] == "-25.00"
    twice = api_client.post(f"/api/portfolio/ledger/{pk}/reverse/", {"reason": "again"})
    assert twice.status_code == 409
    fees = LedgerEntry.objects.filter(investment=investment, kind="fee")
    assert sum(e.amount for e in fees) == Decimal("-25.00")


def test_wrong_sign_is_a_400_with_the_reason(api_client, fund_manager):
    investment = equity_investment(by=fund_manager)
    api_client.force_authenticate(fund_manager)
    response = api_client.post(
        "/api/portfolio/ledger/",
        {"investment": investment.pk, "kind": "dividend", "date": "2023-02-01", "amount": "-5"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["reason"] == LEDGER_SIGN_WRONG


def test_exit_and_valuation_through_the_api(api_client, fund_manager, board_member):
    investment = equity_investment(by=fund_manager)
    api_client.force_authenticate(board_member)
    refused = api_client.post(
        "/api/portfolio/valuations/",
        {
            "investment": investment.pk,
            "valued_on": "2023-03-31",
            "fair_value": "1",
            "method": "dcf",
        },
        format="json",
    )
    assert refused.status_code == 403
    api_client.force_authenticate(fund_manager)
    valued = api_client.post(
        "/api/portfolio/valuations/",
        {
            "investment": investment.pk,
            "valued_on": "2023-03-31",
            "fair_value": "64000",
            "method": "milestones",
        },
        format="json",
    )
    assert valued.status_code == 201
    detail = api_client.get(f"/api/portfolio/investments/{investment.pk}/").json()
    assert detail["latest_fair_value"] == "64000.00"
    sold = api_client.post(
        f"/api/portfolio/investments/{investment.pk}/exit/",
        {"date": "2024-01-01", "proceeds": "90000", "fraction": "1"},
        format="json",
    )
    assert sold.status_code == 201, sold.json()
    assert sold.json()["status"] == "realised"
    assert sold.json()["realised"] == "90000.00"
    again = api_client.post(
        f"/api/portfolio/investments/{investment.pk}/write-off/",
        {"date": "2024-02-01", "reason": "x"},
        format="json",
    )
    assert again.status_code == 400


def test_loan_schedule_through_the_api_matches_numpy_financial(api_client, fund_manager):
    import numpy_financial as npf

    from tests.portfolio.factories import loan_investment

    loan = loan_investment(by=fund_manager, principal=Decimal("10000.00"), rate=Decimal("0.06"))
    api_client.force_authenticate(fund_manager)
    body = api_client.get(f"/api/portfolio/investments/{loan.pk}/loan-schedule/").json()

    assert body["term_months"] == 12 and len(body["rows"]) == 12
    first = body["rows"][0]
    assert first["due_on"] == "2024-02-15"
    assert first["payment"] == "860.66"
    assert first["interest"] == "50.00" and first["principal"] == "810.66"
    assert Decimal(first["payment"]) == round(Decimal(str(-npf.pmt(0.005, 12, 10000))), 2)
    assert sum(Decimal(row["principal"]) for row in body["rows"]) == Decimal("10000.00")
    assert body["rows"][-1]["balance"] == "0.00"
    assert Decimal(body["total_payments"]) == Decimal("10000.00") + Decimal(body["total_interest"])


def test_loan_schedule_of_an_equity_holding_is_a_404_with_the_reason(api_client, fund_manager):
    holding = equity_investment(by=fund_manager)
    api_client.force_authenticate(fund_manager)
    response = api_client.get(f"/api/portfolio/investments/{holding.pk}/loan-schedule/")
    assert response.status_code == 404
    assert "not a loan" in response.json()["error"]["reason"]
