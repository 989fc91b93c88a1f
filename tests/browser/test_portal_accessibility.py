"""Every applicant-portal page, in each state an applicant meets it, at a phone's size:
0 serious or critical axe-core violations of WCAG 2.0–2.2 A/AA. Prints the figure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from grants.models import OutcomeReport
from grants.services import claims, offers
from portfolio.models import Deal, MonitoringReturn
from portfolio.services import deals
from tests.browser.conftest import axe_violations
from tests.browser.journeys import sign_in
from tests.fundops.factories import (
    FundCapitalFactory,
    FundFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.grants.conftest import Walk
from tests.portfolio.deals.conftest import TERMS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _portal_pages(applicant) -> list[str]:  # type: ignore[no-untyped-def]
    """Seed one record per state the portal shows differently; return the pages to visit."""
    walk = Walk(UserFactory.with_role, applicant)
    draft = walk.draft()
    submitted = walk.submitted()
    offered = walk.approved()
    offers.offer_send(application=offered, by=walk.manager)
    claiming = walk.accepted()
    claim = claims.claim_create(
        application=claiming,
        by=applicant,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )
    closed = walk.accepted()
    paid = walk.paid_claim(closed, final=True)
    report = OutcomeReport.objects.filter(application=closed).first()
    fund = FundFactory(name="Portal Pages Fund")
    FundCapitalFactory(fund=fund, amount=Decimal("5000000.00"))
    deal = deals.deal_create(
        organisation=applicant.test_organisation, fund=fund, by=applicant, **TERMS
    )
    monitoring = MonitoringReturn.objects.create(
        organisation=applicant.test_organisation,
        period="quarterly",
        period_end=date(2026, 3, 31),
        due_on=date(2026, 4, 30),
    )
    assert deal.status == Deal.Status.DRAFT and report is not None
    g = "/grants/portal"
    return [
        "/portal/",
        "/portal/organisation/",
        "/accounts/profile/",
        "/accounts/password/change/",
        "/accounts/2fa/setup/",
        f"{g}/calls/",
        f"{g}/calls/{draft.call_id}/apply/",
        f"{g}/applications/",
        f"{g}/applications/{draft.pk}/",
        f"{g}/applications/{draft.pk}/edit/",
        f"{g}/applications/{submitted.pk}/",
        f"{g}/applications/{offered.pk}/",
        f"{g}/applications/{offered.pk}/offer/",
        f"/grants/applications/{offered.pk}/offer-letter/",
        f"{g}/applications/{claiming.pk}/",
        f"{g}/applications/{claiming.pk}/claims/new/",
        f"{g}/claims/{claim.pk}/",
        f"{g}/applications/{closed.pk}/",
        f"{g}/claims/{paid.pk}/",
        f"{g}/outcome-reports/{report.pk}/",
        "/portfolio/portal/deals/",
        "/portfolio/portal/deals/new/",
        f"/portfolio/portal/deals/{deal.pk}/",
        f"/portfolio/portal/deals/{deal.pk}/edit/",
        "/portfolio/portal/returns/",
        f"/portfolio/portal/returns/{monitoring.pk}/",
    ]


def test_every_applicant_portal_page_passes_axe(page, capsys):
    applicant = UserFactory.with_role("applicant")
    applicant.test_organisation = OrganisationFactory(members=[applicant])
    paths = _portal_pages(applicant)
    sign_in(page, applicant)
    page.wait_for_url("**/portal/")

    found: dict[str, list[dict[str, object]]] = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    with capsys.disabled():
        count = sum(len(v) for v in found.values())
        print(f"\naxe-core: {len(paths)} applicant-portal pages, {count} serious/critical")
    assert found == {}
    assert page.csp_errors == []
