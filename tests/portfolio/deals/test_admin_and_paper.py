from __future__ import annotations

from decimal import Decimal

import pytest

from portfolio.ic_paper import ic_paper_for
from tests.fundops.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_deals_read_only_and_edits_policy_and_templates(client, walk):
    deal = walk.at_ic()
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for model in ["deal", "dditem", "ddtemplate", "coinvestmentpolicy", "icconflict", "icdecision"]:
        assert client.get(f"/admin/portfolio/{model}/").status_code == 200, model
    assert client.get(f"/admin/portfolio/deal/{deal.pk}/change/").status_code == 200
    assert client.get(f"/admin/portfolio/deal/{deal.pk}/history/").status_code == 200
    assert client.get("/admin/portfolio/deal/add/").status_code == 403
    assert client.get("/admin/portfolio/coinvestmentpolicy/add/").status_code == 200


def test_ic_paper_holds_terms_findings_rules_and_leverage(walk):
    deal = walk.at_ic()
    item = deal.dd_items.get(title="Freedom to operate")
    item.rag, item.findings = "red", "A competitor patent needs a licence."
    item.save()
    walk.vote(deal, "approve", "decline")
    paper = ic_paper_for(deal=deal)
    assert paper.company == walk.company.name
    assert paper.leverage == 1.5  # £150,000 private ÷ £100,000
    assert paper.rules_pass and len(paper.rules) == 5
    fto = next(f for f in paper.findings if f.title == "Freedom to operate")
    assert (fto.rag, fto.findings) == ("Red", "A competitor patent needs a licence.")
    assert paper.rag_counts["Red"] == 1
    assert (paper.tally.approves, paper.tally.declines, paper.tally.quorum_met) == (1, 1, False)


def test_every_payload_in_the_ic_paper_download_stays_text(walk):
    import io

    from openpyxl import load_workbook

    from portfolio.ic_paper import ic_paper_xlsx
    from portfolio.services import deals
    from tests.fundops.test_exports import STORED_PAYLOADS as PAYLOADS

    deal = walk.in_dd(use_of_funds=" / ".join(PAYLOADS))
    for number, payload in enumerate(PAYLOADS):
        deals.deal_co_investor_add(
            deal=deal, by=walk.manager, name=f"{payload} #{number}", amount=Decimal("1000.00")
        )
    for item, payload in zip(deal.dd_items.all(), PAYLOADS, strict=False):
        item.findings = payload
        item.save()

    book = load_workbook(io.BytesIO(ic_paper_xlsx(ic_paper_for(deal=deal))))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert "=cmd|' /c calc'!A0" in texts  # the findings, shown exactly as typed
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
