"""Import historical investments, cash flows, valuations and co-investors from a workbook.

All rows are validated first; any error (sheet, row, column, reason) means nothing is
written. Otherwise everything is written through the normal services in one transaction.
Shared by ``manage.py import_portfolio`` and the staff import page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import IO, Any

from django.db import transaction
from openpyxl import load_workbook

from fundops.api.errors import DomainError
from fundops.models import Fund, Organisation, User
from fundops.models.organisation import normalise_company_number
from portfolio.models import CoInvestor, Investment, LedgerEntry, Valuation
from portfolio.services import ledger, valuations
from portfolio.services._common import require_permission
from portfolio.services.import_reader import (  # noqa: F401 - re-exported for callers
    IMPORT_NOT_A_DATE,
    IMPORT_NOT_A_NUMBER,
    IMPORT_NOT_WHOLE,
    IMPORT_REQUIRED,
    ImportProblem,
    ImportRefused,
    ImportResult,
    _Reader,
)
from portfolio.services.import_template import (
    CASH_FLOWS,
    CO_INVESTORS,
    COLUMNS,
    INVESTMENTS,
    VALUATIONS,
)
from portfolio.services.investments import (
    CoInvestment,
    InstrumentTerms,
    RoundSpec,
    check_terms,
    co_investor_get_or_create,
    investment_create,
)

IMPORT_NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx)."
IMPORT_UNKNOWN_COMPANY = "No verified organisation has this Companies House number."
IMPORT_UNKNOWN_FUND = "No fund has this name."
IMPORT_DUPLICATE_REFERENCE = "This reference appears twice in the sheet."
IMPORT_REFERENCE_EXISTS = "An investment with this reference already exists in the fund."
IMPORT_UNKNOWN_REFERENCE = "No investment has this reference (in the sheet or in FundOps)."
IMPORT_CHOICE = "Must be one of: {choices}."
IMPORT_CO_INVESTOR_REFERENCE = "No investment has this reference in the Investments sheet."
IMPORT_CO_INVESTOR_TWICE = "This co-investor is listed twice for the same investment."
IMPORT_AMOUNT_NOT_POSITIVE = "The amount must be more than £0.00."


INVESTMENT_TYPES = {
    "round_date": "date",
    "round_size": "decimal",
    "pre_money_valuation": "decimal",
    "round_price_per_share": "decimal",
    "amount": "decimal",
    "date": "date",
    "shares": "int",
    "price_per_share": "decimal",
    "interest_rate": "decimal",
    "discount": "decimal",
    "cap": "decimal",
    "maturity": "date",
    "term_months": "int",
}


def _typed(reader: _Reader, row: int, values: dict[str, Any], types: dict[str, str]) -> dict:
    return {
        name: reader.get(row, values, name, types.get(name, "text"))
        for name, _, _ in COLUMNS[reader.sheet]
    }


def _check_investments(reader: _Reader) -> dict[str, dict[str, Any]]:
    plans: dict[str, dict[str, Any]] = {}
    funds = {f.name: f for f in Fund.objects.all()}
    for row, values in reader.rows:
        item = _typed(reader, row, values, INVESTMENT_TYPES)
        count = len(reader.problems)
        reference = item["reference"]
        if reference and reference in plans:
            reader.problem(row, "reference", IMPORT_DUPLICATE_REFERENCE)
        fund = funds.get(item["fund"] or "")
        if item["fund"] and fund is None:
            reader.problem(row, "fund", IMPORT_UNKNOWN_FUND)
        if fund and Investment.objects.filter(fund=fund, reference=reference).exists():
            reader.problem(row, "reference", IMPORT_REFERENCE_EXISTS)
        company = Organisation.objects.filter(
            company_number=normalise_company_number(str(item["company_number"] or "")),
            status=Organisation.Status.VERIFIED,
        ).first()
        if item["company_number"] and company is None:
            reader.problem(row, "company_number", IMPORT_UNKNOWN_COMPANY)
        choices = Investment.Instrument.values
        if item["instrument"] and item["instrument"] not in choices:
            reader.problem(row, "instrument", IMPORT_CHOICE.format(choices=", ".join(choices)))
        if len(reader.problems) > count:
            continue
        terms = InstrumentTerms(
            instrument=item["instrument"],
            share_class=item["share_class"] or "",
            shares=item["shares"],
            price_per_share=item["price_per_share"],
            interest_rate=item["interest_rate"],
            discount=item["discount"],
            cap=item["cap"],
            maturity=item["maturity"],
            term_months=item["term_months"],
        )
        try:
            if item["amount"] <= 0:
                raise DomainError("The amount must be more than £0.00.")
            check_terms(terms, item["amount"])
        except DomainError as exc:
            reader.problem(row, "amount" if "amount" in exc.reason else "instrument", exc.reason)
            continue
        plans[reference] = {**item, "row": row, "fund": fund, "company": company, "terms": terms}
    return plans


def _known_dates(plans: dict[str, dict[str, Any]], reference: str) -> date | None:
    if reference in plans:
        return plans[reference]["date"]
    found = Investment.objects.filter(reference=reference).order_by("pk")
    return found.values_list("invested_on", flat=True).first()


def _check_rows(
    reader: _Reader, plans: dict[str, dict[str, Any]], types: dict[str, str]
) -> list[dict[str, Any]]:
    checked = []
    for row, values in reader.rows:
        item = _typed(reader, row, values, types)
        reference = item["investment_reference"]
        if reference and _known_dates(plans, reference) is None:
            reader.problem(row, "investment_reference", IMPORT_UNKNOWN_REFERENCE)
        if reader.sheet == CASH_FLOWS:
            kinds = [k for k in LedgerEntry.Kind.values if k not in ("investment", "write_off")]
            if item["kind"] and item["kind"] not in kinds:
                reader.problem(row, "kind", IMPORT_CHOICE.format(choices=", ".join(kinds)))
            elif item["kind"] and item["amount"] is not None:
                out = item["kind"] in LedgerEntry.OUT_KINDS
                if item["amount"] == 0 or out != (item["amount"] < 0):
                    reader.problem(row, "amount", ledger.LEDGER_SIGN_WRONG)
        else:
            methods = Valuation.Method.values
            if item["method"] and item["method"] not in methods:
                reader.problem(row, "method", IMPORT_CHOICE.format(choices=", ".join(methods)))
            if item["fair_value"] is not None and item["fair_value"] < 0:
                reader.problem(row, "fair_value", valuations.VALUATION_NEGATIVE)
            start = _known_dates(plans, reference) if reference else None
            if start and item["valued_on"] and item["valued_on"] < start:
                reader.problem(row, "valued_on", valuations.VALUATION_BEFORE_INVESTMENT)
        checked.append({"row": row, **item})
    return checked


def _check_co_investors(reader: _Reader, plans: dict[str, dict[str, Any]]) -> None:
    """Co-investors join the round of an investment in the Investments sheet: the plan
    carries them into ``investment_create``, which checks the round's size."""
    for row, values in reader.rows:
        item = _typed(reader, row, values, {"amount": "decimal", "same_terms": "yes_no"})
        reference = item["investment_reference"]
        plan = plans.get(reference or "")
        if reference and plan is None:
            reader.problem(row, "investment_reference", IMPORT_CO_INVESTOR_REFERENCE)
        for column, choices in (
            ("kind", CoInvestor.Kind.values),
            ("source", CoInvestor.Source.values),
        ):
            if item[column] and item[column] not in choices:
                reader.problem(row, column, IMPORT_CHOICE.format(choices=", ".join(choices)))
        if item["amount"] is not None and item["amount"] <= 0:
            reader.problem(row, "amount", IMPORT_AMOUNT_NOT_POSITIVE)
        if plan is None or not item["name"]:
            continue
        listed = plan.setdefault("co_investors", [])
        if item["name"].lower() in (c["name"].lower() for c in listed):
            reader.problem(row, "name", IMPORT_CO_INVESTOR_TWICE)
        listed.append(item)


def portfolio_import(*, file: IO[bytes], by: User) -> ImportResult:
    """Validate the whole workbook, then write it all or nothing. Raises ImportRefused."""
    require_permission(by, "portfolio.import_portfolio")
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not xlsx
        raise ImportRefused([ImportProblem("", 0, "", IMPORT_NOT_A_WORKBOOK)]) from exc
    problems: list[ImportProblem] = []
    readers = {name: _Reader(book, name, problems) for name in COLUMNS}
    plans = _check_investments(readers[INVESTMENTS])
    flows = _check_rows(readers[CASH_FLOWS], plans, {"date": "date", "amount": "decimal"})
    values = _check_rows(readers[VALUATIONS], plans, {"valued_on": "date", "fair_value": "decimal"})
    _check_co_investors(readers[CO_INVESTORS], plans)
    if problems:
        raise ImportRefused(problems)
    try:
        return _write(plans, flows, values, by)
    except _RowRefused as refused:  # a rule only the services know: still all or nothing
        raise ImportRefused([refused.problem]) from refused


class _RowRefused(Exception):
    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@transaction.atomic
def _write(
    plans: dict[str, dict[str, Any]],
    flows: list[dict[str, Any]],
    values: list[dict[str, Any]],
    by: User,
) -> ImportResult:
    result = ImportResult()
    made: dict[str, Investment] = {}
    for reference, plan in sorted(plans.items(), key=lambda item: item[1]["date"]):
        with _row(INVESTMENTS, plan["row"]):
            made[reference] = _create(plan, reference, by)
        result.investments += 1
        result.co_investors += len(plan.get("co_investors", []))

    def investment(reference: str) -> Investment:
        return (
            made.get(reference)
            or Investment.objects.filter(reference=reference).order_by("pk").first()
        )  # type: ignore[return-value]

    for flow in flows:
        with _row(CASH_FLOWS, flow["row"]):
            ledger.ledger_entry_create(
                investment=investment(flow["investment_reference"]),
                kind=flow["kind"],
                date=flow["date"],
                amount=flow["amount"],
                note=flow["note"] or "Imported",
                by=by,
            )
        result.cash_flows += 1
    for value in values:
        with _row(VALUATIONS, value["row"]):
            valuations.valuation_record(
                investment=investment(value["investment_reference"]),
                valued_on=value["valued_on"],
                fair_value=value["fair_value"],
                method=value["method"],
                note=value["note"] or "Imported",
                by=by,
            )
        result.valuations += 1
    return result


@contextmanager
def _row(sheet: str, row: int) -> Iterator[None]:
    try:
        yield
    except DomainError as exc:
        raise _RowRefused(ImportProblem(sheet, row, "", exc.reason)) from exc


def _create(plan: dict[str, Any], reference: str, by: User) -> Investment:
    return investment_create(
        organisation=plan["company"],
        fund=plan["fund"],
        round=RoundSpec(
            name=plan["round_name"],
            date=plan["round_date"],
            total_size=plan["round_size"],
            pre_money_valuation=plan["pre_money_valuation"],
            price_per_share=plan["round_price_per_share"],
        ),
        instrument=plan["terms"],
        amount=plan["amount"],
        date=plan["date"],
        co_investors=[
            CoInvestment(
                co_investor=co_investor_get_or_create(
                    name=item["name"], kind=item["kind"], source=item["source"]
                ),
                amount=item["amount"],
                same_terms=item["same_terms"],
            )
            for item in plan.get("co_investors", [])
        ],
        by=by,
        reference=reference,
    )
