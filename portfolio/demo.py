"""This app's part of the demo fund: ≥ 30 investments from 2020 to 2026 with follow-ons,
co-investors, ledgers, quarterly valuations, exits, write-offs and monitoring returns.

Deterministic: every random value is drawn, in a fixed order, whether or not its records
already exist. Idempotent: a company's records are written only when its first investment
(reference DEMO-nn-1) is not there yet. Written through the services, except valuations and
monitoring returns, which are bulk-created with their history (a few thousand rows).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from fundops.demo import DemoContext
from fundops.models import Fund, Organisation, User
from fundops.money import to_pennies
from portfolio.demo_plan import CO_INVESTORS, COMPANIES, CUTOFF, ROUND_NAMES, Plan, plan_draw
from portfolio.loans import add_months, loan_schedule
from portfolio.models import CoInvestor, Investment, LedgerEntry, MonitoringReturn, Round, Valuation
from portfolio.services.cln import cln_convert
from portfolio.services.exits import exit_record, investment_write_off
from portfolio.services.investments import (
    CoInvestment,
    InstrumentTerms,
    RoundSpec,
    investment_create,
)
from portfolio.services.ledger import ledger_entry_create
from portfolio.services.monitoring import quarter_end_before


def seed(ctx: DemoContext) -> None:
    by = ctx.users["fund_manager"]
    fund = ctx.funds[0]
    register = [
        CoInvestor.objects.get_or_create(name=name, defaults={"kind": kind, "source": source})[0]
        for name, kind, source in CO_INVESTORS
    ]
    verified = sorted(
        (o for o in ctx.organisations if o.status == Organisation.Status.VERIFIED),
        key=lambda o: o.company_number,
    )
    plans = [plan_draw(ctx.rng, n) for n in range(1, COMPANIES + 1)]
    for organisation, plan in zip(verified, plans, strict=False):
        if not Investment.objects.filter(fund=fund, reference=f"DEMO-{plan.number:02d}-1"):
            _write(organisation, plan, fund, by, register)


def _terms(plan: Plan, amount: Decimal) -> tuple[InstrumentTerms, Decimal]:
    if plan.instrument == "equity":
        shares = int(amount / plan.price)
        return (
            InstrumentTerms("equity", "Ordinary", shares, plan.price),
            to_pennies(shares * plan.price),
        )
    if plan.instrument == "cln":
        terms = InstrumentTerms(
            "cln",
            interest_rate=Decimal("0.08"),
            discount=Decimal("0.20"),
            cap=amount * 20,
            maturity=add_months(plan.start, 36),
        )
        return terms, amount
    return InstrumentTerms("loan", interest_rate=Decimal("0.07"), term_months=48), amount


def _co(plan: Plan, index: int, register: list[CoInvestor]) -> list[CoInvestment]:
    return [CoInvestment(register[i], amount, same) for i, amount, same in plan.co[index]]


def _write(
    organisation: Organisation, plan: Plan, fund: Fund, by: User, register: list[CoInvestor]
) -> None:
    terms, amount = _terms(plan, plan.amount)
    co = _co(plan, 0, register)
    size = amount + sum((c.amount for c in co), Decimal("0"))
    first = investment_create(
        organisation=organisation,
        fund=fund,
        round=RoundSpec(
            ROUND_NAMES[0 if plan.instrument != "equity" else 1],
            plan.start,
            size,
            pre_money_valuation=amount * 4,
            price_per_share=plan.price if plan.instrument == "equity" else None,
        ),
        instrument=terms,
        amount=amount,
        date=plan.start,
        co_investors=co,
        by=by,
        reference=f"DEMO-{plan.number:02d}-1",
    )
    holdings = [first]
    price = plan.price
    for n, (day, follow_amount, growth) in enumerate(plan.follow_ons, start=2):
        price = (price * growth).quantize(Decimal("0.01"))
        shares = int(follow_amount / price)
        co = _co(plan, n - 1, register)
        cost = to_pennies(shares * price)
        round = RoundSpec(
            ROUND_NAMES[min(n + 1, 4)],
            day,
            cost + sum(c.amount for c in co),
            pre_money_valuation=cost * 6,
            price_per_share=price,
            pre_money_shares=int(cost * 6 / price),
        )
        holdings.append(
            investment_create(
                organisation=organisation,
                fund=fund,
                round=round,
                instrument=InstrumentTerms("equity", "A Ordinary", shares, price),
                amount=cost,
                date=day,
                co_investors=co,
                by=by,
                reference=f"DEMO-{plan.number:02d}-{n}",
            )
        )
        if first.instrument == "cln" and first.status == Investment.Status.ACTIVE:
            holdings.append(
                cln_convert(
                    note=first,
                    round=Round.objects.get(organisation=organisation, date=day),
                    by=by,
                )
            )
            first.refresh_from_db()
    if plan.instrument == "loan":
        _loan_repayments(first, plan, by)
    _valuations(holdings, plan, by)
    _fate(holdings, plan, by)
    _returns(organisation, plan)


def _loan_repayments(loan: Investment, plan: Plan, by: User) -> None:
    rows = loan_schedule(
        principal=loan.amount,
        annual_rate=loan.interest_rate or Decimal(0),
        term_months=loan.term_months or 48,
        start=loan.invested_on,
    )
    for row in rows:
        if row.due_on > min(CUTOFF, plan.fate_on if plan.fate == "write_off" else CUTOFF):
            break
        if row.interest:
            ledger_entry_create(
                investment=loan,
                kind=LedgerEntry.Kind.INTEREST,
                date=row.due_on,
                amount=row.interest,
                by=by,
            )
        ledger_entry_create(
            investment=loan,
            kind=LedgerEntry.Kind.LOAN_REPAYMENT,
            date=row.due_on,
            amount=row.principal,
            by=by,
        )


def _valuations(holdings: list[Investment], plan: Plan, by: User) -> None:
    rows = []
    end = plan.fate_on if plan.fate in ("exit", "write_off") else CUTOFF
    for holding in holdings:
        if holding.status == Investment.Status.CONVERTED:
            end_of_note = holding.converted_into.invested_on
        else:
            end_of_note = end
        value = holding.amount
        quarter = quarter_end_before(holding.invested_on + timedelta(days=100))
        step = 0
        while quarter <= min(end, end_of_note, CUTOFF) - timedelta(days=1):
            value = to_pennies(value * plan.walk[step % len(plan.walk)])
            method = (
                "recent_investment" if step < 2 else ("milestones" if step < 6 else "multiples")
            )
            rows.append(
                Valuation(
                    investment=holding,
                    valued_on=quarter,
                    fair_value=value,
                    method=method,
                    note="Quarterly review",
                    approved_by=by,
                )
            )
            quarter = quarter_end_before(add_months(quarter, 4))
            step += 1
    bulk_create_with_history(rows, Valuation, default_user=by)


def _fate(holdings: list[Investment], plan: Plan, by: User) -> None:
    if plan.fate == "hold" or plan.fate_on > CUTOFF:
        return
    for holding in holdings:
        if holding.status != Investment.Status.ACTIVE or holding.invested_on > plan.fate_on:
            continue
        if plan.fate == "write_off":
            investment_write_off(
                investment=holding,
                date=plan.fate_on,
                by=by,
                reason="Company entered administration",
            )
        else:
            fraction = Decimal("1") if plan.fate == "exit" else Decimal("0.5")
            exit_record(
                investment=holding,
                date=plan.fate_on,
                fraction=fraction,
                proceeds=to_pennies(holding.amount * fraction * plan.multiple),
                by=by,
                note="Trade sale" if plan.fate == "exit" else "Secondary sale",
            )


def _returns(organisation: Organisation, plan: Plan) -> None:
    rows = []
    quarter = quarter_end_before(plan.start + timedelta(days=100))
    end = plan.fate_on if plan.fate in ("exit", "write_off") else CUTOFF
    for step, kpi in enumerate(plan.kpis):
        if quarter > min(end, CUTOFF):
            break
        revenue, headcount, created, safeguarded, rnd, runway = kpi
        last = quarter == CUTOFF
        status = "overdue" if last and plan.late else ("due" if last else "submitted")
        figures = (
            {}
            if status != "submitted"
            else {
                "revenue": Decimal(revenue * 1000 * (1 + step // 4)),
                "headcount": headcount + step,
                "jobs_created": created,
                "jobs_safeguarded": safeguarded,
                "rnd_spend": Decimal(rnd * 1000),
                "cash_runway_months": runway,
                "follow_on_private_without_fund": Decimal(revenue * 500) if step % 5 == 4 else 0,
                "regulatory_milestones": "UKCA mark granted" if step == 3 else "",
            }
        )
        if status == "submitted":
            figures["submitted_at"] = datetime.combine(
                quarter + timedelta(days=21), time(10), tzinfo=UTC
            )
        rows.append(
            MonitoringReturn(
                organisation=organisation,
                period="quarterly",
                period_end=quarter,
                due_on=quarter + timedelta(days=30),
                status=status,
                **figures,
            )
        )
        quarter = quarter_end_before(add_months(quarter, 4))
    bulk_create_with_history(rows, MonitoringReturn)
