from __future__ import annotations

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
