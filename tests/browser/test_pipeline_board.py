"""The fund manager's deal pipeline board in a real browser (desktop): dragging a card to
the next column runs the deal's transition; an illegal move, made with the card's own "Move
to" control, is refused with the reason and the card stays where it was."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from fundops.models import WorkflowEvent
from portfolio.models import Deal
from tests.browser.journeys import assert_accessible, staff_member, staff_sign_in, status_message
from tests.fundops.factories import (
    FundCapitalFactory,
    FundFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.portfolio.deals.conftest import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BOARD = "/portfolio/deals/board/"


def test_fund_manager_drags_a_card_and_an_illegal_move_is_refused(open_page, settings):
    settings.STAFF_2FA_REQUIRED = True
    manager, device = staff_member("fund_manager")
    applicant = UserFactory.with_role("applicant")
    fund = FundFactory(name="MedTech Co-investment Fund I")
    FundCapitalFactory(fund=fund, amount=Decimal("5000000.00"))
    walk = Walk(
        manager=manager,
        applicant=applicant,
        members=[],
        fund=fund,
        company=OrganisationFactory(members=[applicant], name="Pulse Diagnostics Ltd"),
    )
    deal = walk.screening()

    page = open_page()
    staff_sign_in(page, manager, device, BOARD)
    screening = page.locator(".board-column[data-stage=screening]")
    due_diligence = page.locator(".board-column[data-stage=due_diligence]")
    card = screening.locator(f"#card-{deal.pk}")
    assert "Pulse Diagnostics Ltd" in card.inner_text()
    assert_accessible(page)

    # Drag and drop: the card's form is submitted to the same move service.
    card.drag_to(due_diligence)
    page.wait_for_url(re.compile(re.escape(BOARD) + "$"))
    assert f"{deal.reference} moved to Due diligence." in status_message(page)
    assert due_diligence.locator(f"#card-{deal.pk}").is_visible()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.DUE_DILIGENCE
    assert WorkflowEvent.objects.filter(
        object_id=deal.pk, from_status="screening", to_status="due_diligence", actor=manager
    ).exists()

    # Due diligence cannot jump to completion: the reason shows, the card does not move.
    card = due_diligence.locator(f"#card-{deal.pk}")
    card.get_by_label("Move Pulse Diagnostics Ltd to").select_option(label="Completion")
    card.get_by_role("button", name="Move").click()
    page.wait_for_url(re.compile(re.escape(BOARD) + "$"))
    assert "A deal cannot move from “Due diligence” to “Completion”." in status_message(page)
    assert due_diligence.locator(f"#card-{deal.pk}").is_visible()
    deal.refresh_from_db()
    assert deal.status == Deal.Status.DUE_DILIGENCE
    assert page.csp_errors == []
