"""Deal page tests: a deal walked through the real services (helper Walk of the deal tests),
and signing in with a fresh password check."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from fundops.security import SESSION_AUTH_AT
from tests.fundops.factories import FundCapitalFactory, FundFactory, OrganisationFactory
from tests.portfolio.deals.conftest import Walk


def sign_in(client: Any, user: Any, *, recent_auth: bool = True) -> None:
    """force_login skips the login view, so set the re-authentication clock it would set."""
    client.force_login(user)
    if recent_auth:
        session = client.session
        session[SESSION_AUTH_AT] = int(time.time())
        session.save()


@pytest.fixture
def walk(make_user) -> Walk:  # type: ignore[no-untyped-def]
    applicant = make_user("applicant")
    fund = FundFactory(name="Deal Pages Fund")
    FundCapitalFactory(fund=fund, amount=Decimal("5000000.00"))
    return Walk(
        manager=make_user("fund_manager"),
        applicant=applicant,
        members=[make_user("ic_member") for _ in range(4)],
        fund=fund,
        company=OrganisationFactory(members=[applicant], name="Pulse Diagnostics Ltd"),
    )
