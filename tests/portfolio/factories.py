from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fundops.models import Fund, Organisation, User
from portfolio.models import CoInvestor, Investment
from portfolio.services.investments import (
    CoInvestment,
    InstrumentTerms,
    RoundSpec,
    investment_create,
)
from tests.fundops.factories import FundFactory, OrganisationFactory


def co_investor(name: str, kind: str = "angel", source: str = "private") -> CoInvestor:
    found, _ = CoInvestor.objects.get_or_create(
        name=name, defaults={"kind": kind, "source": source}
    )
    return found


def equity_investment(
    *,
    by: User,
    organisation: Organisation | None = None,
    fund: Fund | None = None,
    shares: int = 10_000,
    price: Decimal = Decimal("5.00"),
    on: date = date(2022, 3, 1),
    round_name: str = "Seed",
    co_investors: list[CoInvestment] | None = None,
    **kwargs: Any,
) -> Investment:
    """An equity investment made through the real service (round, holding, ledger entry)."""
    amount = (shares * price).quantize(Decimal("0.01"))
    return investment_create(
        organisation=organisation or OrganisationFactory(),
        fund=fund or FundFactory(name="Test Fund"),
        round=RoundSpec(name=round_name, date=on, total_size=amount * 4, price_per_share=price),
        instrument=InstrumentTerms(
            instrument="equity", share_class="Ordinary", shares=shares, price_per_share=price
        ),
        amount=amount,
        date=on,
        co_investors=co_investors,
        by=by,
        **kwargs,
    )


def cln_investment(
    *,
    by: User,
    organisation: Organisation | None = None,
    principal: Decimal = Decimal("100000.00"),
    rate: Decimal = Decimal("0.08"),
    discount: Decimal | None = Decimal("0.20"),
    cap: Decimal | None = Decimal("3000000.00"),
    on: date = date(2023, 1, 1),
) -> Investment:
    return investment_create(
        organisation=organisation or OrganisationFactory(),
        fund=FundFactory(name="Test Fund"),
        round=RoundSpec(name="Bridge", date=on, total_size=principal * 2),
        instrument=InstrumentTerms(
            instrument="cln",
            interest_rate=rate,
            discount=discount,
            cap=cap,
            maturity=date(on.year + 2, on.month, on.day),
        ),
        amount=principal,
        date=on,
        by=by,
    )


def loan_investment(
    *,
    by: User,
    organisation: Organisation | None = None,
    fund: Fund | None = None,
    principal: Decimal = Decimal("10000.00"),
    rate: Decimal = Decimal("0.06"),
    term_months: int = 12,
    on: date = date(2024, 1, 15),
) -> Investment:
    return investment_create(
        organisation=organisation or OrganisationFactory(),
        fund=fund or FundFactory(name="Test Fund"),
        round=RoundSpec(name=f"Loan {on.isoformat()}", date=on, total_size=principal * 2),
        instrument=InstrumentTerms(instrument="loan", interest_rate=rate, term_months=term_months),
        amount=principal,
        date=on,
        by=by,
    )
