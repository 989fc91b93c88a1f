"""A small fund with figures worked out by hand (see ``EXPECTED``), for the frames, metrics
and board-pack tests. Money goes in through the portfolio's own services; grant records are
made directly (their workflow is tested in tests/grants)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D

from fundops.models import Fund, Organisation, User
from grants.models import (
    Application,
    Call,
    Claim,
    CostLine,
    MatchFunding,
    OutcomeReport,
    Payment,
)
from portfolio.models import MonitoringReturn
from portfolio.services.investments import CoInvestment
from portfolio.services.ledger import ledger_entry_create
from portfolio.services.valuations import valuation_record
from tests.fundops.factories import FundFactory, OrganisationFactory, UserFactory
from tests.portfolio.factories import co_investor, equity_investment, loan_investment

AS_OF = date(2024, 12, 31)
PAYLOAD = "=cmd|' /c calc'!A0"

# As of AS_OF (flows, valuations and reports after it are in the data and must be ignored):
# cost 50,000 + 12,000 + 10,000 + 25,000; fees 500; back 1,500 + 300 + 40,000;
# fair value 80,000 + 15,000 + 9,000 (Gamma sold, no value left).
EXPECTED = {
    "cost": "97000.00",
    "fees": "500.00",
    "paid_in": "97500.00",
    "distributed": "41800.00",
    "fair_value": "104000.00",
    "total_value": "145800.00",
    "fund_money": "97000.00",
    "private_coinvestment": "56000.00",
}


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def build_fund(by: User, alpha_name: str = "Alpha Diagnostics Ltd") -> Fund:
    fund = FundFactory(name="Test Fund")
    alpha = OrganisationFactory(name=alpha_name)
    seed = equity_investment(
        by=by,
        organisation=alpha,
        fund=fund,
        shares=10_000,
        price=D("5.00"),
        on=date(2022, 3, 1),
        co_investors=[
            CoInvestment(co_investor("Angel One"), D("20000")),
            CoInvestment(
                co_investor("Regional Bank", "public_body", "public"), D("10000"), same_terms=False
            ),
        ],
    )
    money = {"by": by, "investment": seed}
    ledger_entry_create(**money, kind="fee", date=date(2022, 3, 1), amount=D("-500"))
    valuation_record(
        investment=seed,
        valued_on=date(2023, 3, 31),
        fair_value=D("80000"),
        method="milestones",
        by=by,
        note=PAYLOAD,
    )
    ledger_entry_create(**money, kind="dividend", date=date(2023, 6, 30), amount=D("1500"))
    follow_on = equity_investment(
        by=by,
        organisation=alpha,
        fund=fund,
        shares=2_000,
        price=D("6.00"),
        on=date(2023, 9, 1),
        round_name="Series A",
        co_investors=[CoInvestment(co_investor("Venture Fund", "vc"), D("36000"))],
    )
    valuation_record(
        investment=follow_on,
        valued_on=date(2024, 6, 30),
        fair_value=D("15000"),
        method="recent_investment",
        by=by,
    )
    # After the as-of date: must not count.
    ledger_entry_create(**money, kind="dividend", date=date(2025, 2, 1), amount=D("9999"))
    valuation_record(
        investment=seed, valued_on=date(2025, 1, 31), fair_value=D("1000000"), method="dcf", by=by
    )
    loan = loan_investment(
        by=by,
        organisation=OrganisationFactory(name="Beta Devices Ltd"),
        principal=D("10000"),
        on=date(2024, 1, 15),
    )
    ledger_entry_create(
        by=by, investment=loan, kind="interest", date=date(2024, 7, 15), amount=D("300")
    )
    valuation_record(
        investment=loan,
        valued_on=date(2024, 12, 31),
        fair_value=D("9000"),
        method="net_assets",
        by=by,
    )
    gamma = equity_investment(
        by=by,
        organisation=OrganisationFactory(name="Gamma Health Ltd"),
        fund=fund,
        shares=5_000,
        price=D("5.00"),
        on=date(2023, 1, 10),
    )
    ledger_entry_create(
        by=by, investment=gamma, kind="exit_proceeds", date=date(2024, 6, 1), amount=D("40000")
    )
    MonitoringReturn.objects.create(
        organisation=alpha,
        period="quarterly",
        period_end=date(2023, 3, 31),
        due_on=date(2023, 4, 30),
        status="submitted",
        jobs_created=5,
        follow_on_private_without_fund=D("75000"),
        regulatory_milestones=PAYLOAD,
    )
    MonitoringReturn.objects.create(  # after the as-of date
        organisation=alpha,
        period="quarterly",
        period_end=date(2025, 3, 31),
        due_on=date(2025, 4, 30),
        status="submitted",
        jobs_created=50,
    )
    build_grants(fund)
    return fund


def build_grants(fund: Fund) -> Call:
    call = Call.objects.create(
        name="Barrier grants 2024",
        fund=fund,
        opens_at=at(date(2024, 1, 1)),
        closes_at=at(date(2024, 12, 1)),
        budget=D("100000.00"),
        min_award=D("1000"),
        max_award=D("50000"),
        intervention_rate=D("0.5"),
    )
    staff = UserFactory(), UserFactory()

    def apply(status: str, submitted: date, **extra: object) -> Application:
        return Application.objects.create(
            call=call,
            organisation=OrganisationFactory(),
            created_by=staff[0],
            title=f"Project {status}",
            barrier="prototype",
            status=status,
            amount_requested=D("20000"),
            submitted_at=at(submitted),
            **extra,
        )

    funded = apply(
        "in_delivery",
        date(2024, 2, 1),
        amount_awarded=D("20000"),
        decided_at=at(date(2024, 3, 2)),
        days_to_decision=30,
    )
    CostLine.objects.create(
        application=funded, item="Rig", category="equipment", net_amount=D("30000")
    )
    CostLine.objects.create(
        application=funded, item="Build", category="prototype", net_amount=D("10000")
    )
    MatchFunding.objects.create(
        application=funded, source="Angel", amount=D("15000"), kind="private", secured=True
    )
    claim = Claim.objects.create(
        application=funded,
        period_start=date(2024, 3, 1),
        period_end=date(2024, 5, 31),
        status="paid",
    )
    Payment.objects.create(
        claim=claim,
        amount=D("8000"),
        idempotency_key="p1",
        approved_by=staff[0],
        released_by=staff[1],
        released_at=at(date(2024, 6, 1)),
    )
    OutcomeReport.objects.create(
        application=funded,
        kind="6m",
        due_on=date(2024, 9, 1),
        submitted_at=at(date(2024, 9, 1)),
        jobs_created=2,
        new_to_market_product=True,
        follow_on_private=D("5000"),
    )
    OutcomeReport.objects.create(
        application=funded,
        kind="12m",
        due_on=date(2025, 3, 1),
        submitted_at=at(date(2025, 3, 1)),
        jobs_created=4,
    )
    apply("rejected", date(2024, 2, 5), decided_at=at(date(2024, 4, 5)), days_to_decision=60)
    apply("in_assessment", date(2024, 11, 1))
    apply("submitted", date(2025, 1, 10))  # after the as-of date
    return call


def organisation_named(name: str) -> Organisation:
    return Organisation.objects.get(name=name)
