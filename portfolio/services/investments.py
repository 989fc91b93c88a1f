"""Creating investments: the round, the fund's holding, co-investors and the cash out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from fundops.api.errors import DomainError
from fundops.models import Fund, Organisation, User
from fundops.money import to_pennies
from portfolio.models import CoInvestor, Investment, LedgerEntry, Round, RoundParticipation
from portfolio.services._common import require_permission

ORGANISATION_NOT_VERIFIED = "Money can only go to a verified organisation."
AMOUNT_NOT_POSITIVE = "The amount must be more than £0.00."
EQUITY_COST_MISMATCH = (
    "For equity the amount is shares × price per share to the penny: expected £{expected:,.2f}."
)
EQUITY_TERMS_MISSING = "Equity needs a number of shares and a price per share above 0."
CLN_TERMS_MISSING = "A convertible loan note needs an interest rate and a maturity date."
LOAN_TERMS_MISSING = "A loan needs an interest rate and a term in months."
DISCOUNT_OUT_OF_RANGE = "The discount is a fraction from 0 up to (not including) 1, e.g. 0.20."
ROUND_OTHER_COMPANY = "That round belongs to another company."
CO_INVESTOR_TWICE = "{name} is listed twice in this round."
REFERENCE_TAKEN = "The reference “{reference}” is already used in this fund."
ROUND_SIZE_TOO_SMALL = (
    "The round's total size (£{size:,.2f}) is less than the money recorded in it (£{money:,.2f})."
)


@dataclass(frozen=True)
class RoundSpec:
    """A new round to create (an existing ``Round`` may be passed instead)."""

    name: str
    date: date
    total_size: Decimal
    pre_money_valuation: Decimal | None = None
    price_per_share: Decimal | None = None
    pre_money_shares: int | None = None


@dataclass(frozen=True)
class InstrumentTerms:
    """Equity: share_class, shares, price_per_share. Note: interest_rate, discount, cap,
    maturity. Loan: interest_rate, term_months. Unused terms stay None."""

    instrument: str
    share_class: str = ""
    shares: int | None = None
    price_per_share: Decimal | None = None
    interest_rate: Decimal | None = None
    discount: Decimal | None = None
    cap: Decimal | None = None
    maturity: date | None = None
    term_months: int | None = None


@dataclass(frozen=True)
class CoInvestment:
    co_investor: CoInvestor
    amount: Decimal
    same_terms: bool = True


def co_investor_get_or_create(*, name: str, kind: str, source: str) -> CoInvestor:
    """Look a co-investor up by name in the register (case-insensitive) or add it."""
    existing = CoInvestor.objects.filter(name__iexact=name.strip()).first()
    if existing:
        return existing
    return CoInvestor.objects.create(name=name.strip(), kind=kind, source=source)


def check_terms(terms: InstrumentTerms, amount: Decimal) -> dict[str, object]:
    """The model fields for the instrument, or a DomainError saying what is missing."""
    if terms.instrument == Investment.Instrument.EQUITY:
        if not terms.shares or not terms.price_per_share or terms.price_per_share <= 0:
            raise DomainError(EQUITY_TERMS_MISSING)
        expected = to_pennies(terms.shares * terms.price_per_share)
        if expected != amount:
            raise DomainError(EQUITY_COST_MISMATCH.format(expected=expected))
        return {
            "share_class": terms.share_class or "Ordinary",
            "shares": terms.shares,
            "price_per_share": terms.price_per_share,
        }
    if terms.instrument == Investment.Instrument.CLN:
        if terms.interest_rate is None or terms.interest_rate < 0 or terms.maturity is None:
            raise DomainError(CLN_TERMS_MISSING)
        if terms.discount is not None and not (0 <= terms.discount < 1):
            raise DomainError(DISCOUNT_OUT_OF_RANGE)
        return {
            "interest_rate": terms.interest_rate,
            "discount": terms.discount,
            "cap": terms.cap,
            "maturity": terms.maturity,
        }
    if terms.instrument == Investment.Instrument.LOAN:
        if terms.interest_rate is None or terms.interest_rate < 0 or not terms.term_months:
            raise DomainError(LOAN_TERMS_MISSING)
        return {"interest_rate": terms.interest_rate, "term_months": terms.term_months}
    raise DomainError(f"Unknown instrument “{terms.instrument}”.")


def _round_for(organisation: Organisation, round: Round | RoundSpec) -> Round:
    if isinstance(round, Round):
        if round.organisation_id != organisation.pk:
            raise DomainError(ROUND_OTHER_COMPANY)
        return round
    if round.total_size <= 0:
        raise DomainError(AMOUNT_NOT_POSITIVE)
    found, _ = Round.objects.get_or_create(
        organisation=organisation,
        name=round.name,
        date=round.date,
        defaults={
            "total_size": to_pennies(round.total_size),
            "pre_money_valuation": round.pre_money_valuation,
            "price_per_share": round.price_per_share,
            "pre_money_shares": round.pre_money_shares,
        },
    )
    return found


def round_participations_add(*, round: Round, co_investors: list[CoInvestment]) -> None:
    names = [c.co_investor.name for c in co_investors]
    for name in names:
        if names.count(name) > 1 or round.participations.filter(co_investor__name=name).exists():
            raise DomainError(CO_INVESTOR_TWICE.format(name=name))
    for item in co_investors:
        if item.amount <= 0:
            raise DomainError(AMOUNT_NOT_POSITIVE)
        RoundParticipation.objects.create(
            round=round,
            co_investor=item.co_investor,
            amount=to_pennies(item.amount),
            same_terms=item.same_terms,
            source=item.co_investor.source,
        )


@transaction.atomic
def investment_create(
    *,
    organisation: Organisation,
    fund: Fund,
    round: Round | RoundSpec,
    instrument: InstrumentTerms,
    amount: Decimal,
    date: date,
    co_investors: list[CoInvestment] | None = None,
    by: User,
    reference: str = "",
) -> Investment:
    """Record the fund's money into a company's round: the round (made if new), the holding,
    the co-investors' participations and the ledger entry for the money out (negative).

    A later investment by the same fund in the same company is a follow-on, automatically.
    """
    require_permission(by, "portfolio.add_investment")
    if organisation.status != Organisation.Status.VERIFIED:
        raise DomainError(ORGANISATION_NOT_VERIFIED)
    amount = to_pennies(Decimal(amount))
    if amount <= 0:
        raise DomainError(AMOUNT_NOT_POSITIVE)
    terms = check_terms(instrument, amount)
    if reference and Investment.objects.filter(fund=fund, reference=reference).exists():
        raise DomainError(REFERENCE_TAKEN.format(reference=reference))
    found_round = _round_for(organisation, round)
    # Lock the company's holdings so two people cannot both record "the first" investment.
    earlier = Investment.objects.select_for_update().filter(organisation=organisation, fund=fund)
    is_follow_on = earlier.exists()
    investment = Investment.objects.create(
        organisation=organisation,
        fund=fund,
        round=found_round,
        reference=reference,
        instrument=instrument.instrument,
        is_follow_on=is_follow_on,
        amount=amount,
        invested_on=date,
        created_by=by,
        **terms,
    )
    round_participations_add(round=found_round, co_investors=co_investors or [])
    money_in_round = amount + sum(
        (p.amount for p in found_round.participations.all()), Decimal("0")
    )
    other_fund_money = sum(
        (i.amount for i in found_round.investments.exclude(pk=investment.pk)), Decimal("0")
    )
    if money_in_round + other_fund_money > found_round.total_size:
        raise DomainError(
            ROUND_SIZE_TOO_SMALL.format(
                size=found_round.total_size, money=money_in_round + other_fund_money
            )
        )
    kind = LedgerEntry.Kind.FOLLOW_ON if is_follow_on else LedgerEntry.Kind.INVESTMENT
    entry = LedgerEntry(investment=investment, kind=kind, date=date, amount=-amount, created_by=by)
    entry._history_user = by  # type: ignore[attr-defined]
    entry.save()
    return investment
