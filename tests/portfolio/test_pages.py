from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portfolio.models import Investment, LedgerEntry, MonitoringReturn, Valuation
from portfolio.services.ledger import ledger_entry_create
from portfolio.services.valuations import valuation_record
from tests.fundops.factories import FundFactory, OrganisationFactory
from tests.portfolio.factories import co_investor, equity_investment

pytestmark = pytest.mark.django_db


def _portfolio(by, companies: int, start: int = 0) -> list[Investment]:  # type: ignore[no-untyped-def]
    made = []
    for n in range(start, start + companies):
        investment = equity_investment(by=by, organisation=OrganisationFactory(), reference=f"P{n}")
        valuation_record(
            investment=investment,
            valued_on=date(2023, 3, 31),
            fair_value=Decimal("60000"),
            method="milestones",
            by=by,
        )
        ledger_entry_create(
            investment=investment,
            kind="dividend",
            date=date(2023, 6, 30),
            amount=Decimal("100"),
            by=by,
        )
        made.append(investment)
    return made


def test_portfolio_list_shows_figures_in_a_bounded_number_of_queries(
    client, fund_manager, django_assert_max_num_queries
):
    _portfolio(fund_manager, 3)
    client.force_login(fund_manager)
    with django_assert_max_num_queries(12):
        small = client.get("/portfolio/")
    _portfolio(fund_manager, 6, start=3)
    with django_assert_max_num_queries(12):
        response = client.get("/portfolio/?instrument=equity&status=active")
    assert small.status_code == response.status_code == 200
    page = response.content.decode()
    assert page.count("£60,000.00") == 9
    assert "£540,000.00" in page  # total latest fair value
    assert "£900.00" in page  # total realised (dividends)


def test_company_page_shows_everything_in_a_bounded_number_of_queries(
    client, fund_manager, django_assert_max_num_queries
):
    investment = _portfolio(fund_manager, 1)[0]
    MonitoringReturn.objects.create(
        organisation=investment.organisation,
        period="quarterly",
        period_end=date(2023, 3, 31),
        due_on=date(2023, 4, 30),
        status="submitted",
        revenue=Decimal("120000"),
        headcount=9,
    )
    client.force_login(fund_manager)
    with django_assert_max_num_queries(30):
        response = client.get(f"/portfolio/companies/{investment.organisation_id}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "£60,000.00" in page and "Milestones" in page
    assert 'id="kpi-data"' in page and "portfolio/company_charts.js" in page
    assert "<script>" not in page.replace('<script id="kpi-data" type="application/json">', "")


def test_applicants_cannot_open_staff_pages(client, applicant, fund_manager):
    investment = equity_investment(by=fund_manager)
    client.force_login(applicant)
    for url in [
        "/portfolio/",
        f"/portfolio/companies/{investment.organisation_id}/",
        "/portfolio/import/",
    ]:
        assert client.get(url).status_code in (302, 403)


def test_new_user_journey_follow_on_reverse_and_revalue(client, fund_manager):
    investment = equity_investment(by=fund_manager)
    company = investment.organisation
    client.force_login(fund_manager)
    response = client.post(
        f"/portfolio/companies/{company.pk}/invest/",
        {
            "fund": investment.fund_id,
            "round_name": "Series A",
            "round_date": "2024-02-01",
            "round_size": "500000",
            "instrument": "equity",
            "amount": "80000.00",
            "date": "2024-02-01",
            "share_class": "A",
            "shares": "10000",
            "price_per_share": "8.00",
            "co-TOTAL_FORMS": "3",
            "co-INITIAL_FORMS": "0",
            "co-0-name": "Mercia Angels",
            "co-0-kind": "syndicate",
            "co-0-source": "private",
            "co-0-amount": "100000",
            "co-0-same_terms": "on",
            "co-1-name": "West Midlands Combined Authority",
            "co-1-kind": "public_body",
            "co-1-source": "public",
            "co-1-amount": "50000",
            "co-2-source": "private",
        },
    )
    assert response.status_code == 302, response.content.decode()
    follow_on = company.investments.get(is_follow_on=True)
    assert follow_on.round.participations.count() == 2

    wrong = ledger_entry_create(
        investment=follow_on,
        kind="fee",
        date=date(2024, 2, 2),
        amount=Decimal("-5000"),
        by=fund_manager,
    )
    response = client.post(
        f"/portfolio/ledger/{wrong.pk}/reverse/",
        {"reason": "Fee was £500", "corrected_amount": "500"},
    )
    assert response.status_code == 302
    fees = LedgerEntry.objects.filter(investment=follow_on, kind="fee")
    assert sum(e.amount for e in fees) == Decimal("-500.00")

    response = client.post(
        f"/portfolio/investments/{follow_on.pk}/revalue/",
        {
            "valued_on": "2024-06-30",
            "fair_value": "95000",
            "method": "multiples",
            "note": "Comparable exits",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/portfolio/companies/{company.pk}/").content.decode()
    assert "£95,000.00" in page
    assert f"reverses #{wrong.pk}" in page and f"corrects #{wrong.pk}" in page
    assert "Mercia Angels" in page and "not on the same terms" in page

    again = client.post(f"/portfolio/ledger/{wrong.pk}/reverse/", {"reason": "again"})
    assert again.status_code == 400
    assert "already been reversed" in again.content.decode()


def test_import_page_refuses_a_bad_row_then_imports_the_fixed_workbook(client, fund_manager):
    FundFactory(name="Page Fund")
    OrganisationFactory(company_number="00777777")
    client.force_login(fund_manager)
    template = client.get("/portfolio/import/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.content))
    book["Investments"].append(
        [
            "X-1",
            "00777777",
            "Page Fund",
            "Seed",
            date(2021, 1, 4),
            100000,
            None,
            None,
            "loan",
            40000,
            date(2021, 1, 4),
            None,
            None,
            None,
            0.07,
            None,
            None,
            None,
            36,
        ]
    )
    book["Valuations"].append(["X-1", date(2021, 12, 31), 38000, "guesswork"])

    def upload():  # type: ignore[no-untyped-def]
        out = io.BytesIO()
        book.save(out)
        out.seek(0)
        out.name = "portfolio.xlsx"
        return client.post("/portfolio/import/", {"file": out})

    refused = upload()
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "<td>Valuations</td><td>2</td><td>method</td>" in page
    assert not Investment.objects.exists()
    book["Valuations"]["D2"] = "net_assets"
    assert upload().status_code == 302
    assert Investment.objects.get(reference="X-1").instrument == "loan"
    assert Valuation.objects.get().fair_value == Decimal("38000.00")
    page = client.get(f"/portfolio/companies/{Investment.objects.get().organisation_id}/")
    assert "Repayment schedule" in page.content.decode()


def test_co_investor_register_keeps_history_across_deals(fund_manager):
    angels = co_investor(name="Birmingham Angels")
    from portfolio.services.investments import CoInvestment

    for _ in range(2):
        equity_investment(by=fund_manager, co_investors=[CoInvestment(angels, Decimal("1000"))])
    assert angels.participations.count() == 2


def test_exit_and_cash_flow_pages(client, fund_manager):
    investment = equity_investment(by=fund_manager)
    client.force_login(fund_manager)
    url = f"/portfolio/investments/{investment.pk}/exit/"
    too_many = client.post(
        url,
        {
            "kind": "exit",
            "date": "2024-05-01",
            "proceeds": "1000",
            "shares_sold": "99999",
            "note": "Sale",
        },
    )
    assert too_many.status_code == 400
    assert "Only 10,000 shares are left" in too_many.content.decode()
    flow = client.post(
        f"/portfolio/investments/{investment.pk}/cash-flow/",
        {"kind": "dividend", "date": "2024-03-31", "amount": "750"},
    )
    assert flow.status_code == 302
    assert investment.ledger_entries.get(kind="dividend").amount == Decimal("750.00")
    assert (
        client.post(
            url, {"kind": "write_off", "date": "2024-06-30", "note": "Administration"}
        ).status_code
        == 302
    )
    investment.refresh_from_db()
    assert investment.status == Investment.Status.WRITTEN_OFF
    page = client.get(f"/portfolio/companies/{investment.organisation_id}/").content.decode()
    assert "Write-off" in page and "-£50,000.00" in page
