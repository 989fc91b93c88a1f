from __future__ import annotations

import pytest

from tests.fundops.factories import UserFactory
from tests.portfolio.factories import co_investor, equity_investment

pytestmark = pytest.mark.django_db


def test_admin_lists_the_book_read_only(client, fund_manager):
    investment = equity_investment(by=fund_manager)
    co_investor(name="Arden Ventures", kind="vc")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for model in [
        "investment",
        "round",
        "coinvestor",
        "ledgerentry",
        "valuation",
        "exit",
        "monitoringreturn",
    ]:
        assert client.get(f"/admin/portfolio/{model}/").status_code == 200, model
    entry = investment.ledger_entries.get()
    assert client.get(f"/admin/portfolio/ledgerentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/portfolio/ledgerentry/add/").status_code == 403
    assert client.get(f"/admin/portfolio/ledgerentry/{entry.pk}/delete/").status_code == 403
    response = client.post(f"/admin/portfolio/ledgerentry/{entry.pk}/change/", {"amount": "-1"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.amount == investment.amount * -1
    assert client.get(f"/admin/portfolio/ledgerentry/{entry.pk}/history/").status_code == 200
