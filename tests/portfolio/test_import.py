from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from portfolio.models import CoInvestor, Investment, LedgerEntry, Round, Valuation
from portfolio.services.import_template import COLUMNS, template_workbook
from portfolio.services.importer import (
    IMPORT_NOT_A_DATE,
    IMPORT_UNKNOWN_REFERENCE,
    ImportRefused,
    portfolio_import,
)
from tests.fundops.factories import FundFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _filled(*, bad_date: bool = False) -> bytes:
    """The downloaded template, filled in the way a user would."""
    book = load_workbook(io.BytesIO(template_workbook()))
    book["Investments"].append(
        [
            "INV-001",
            "00120001",
            "Import Fund",
            "Seed",
            date(2021, 5, 1),
            400000,
            2000000,
            2.5,
            "equity",
            50000,
            date(2021, 5, 1),
            "A Ordinary",
            20000,
            2.5,
        ]
    )
    book["Investments"].append(
        [
            "INV-002",
            "120001",
            "Import Fund",
            "Bridge",
            date(2022, 2, 1),
            150000,
            None,
            None,
            "cln",
            75000,
            "2022-02-01",
            None,
            None,
            None,
            0.08,
            0.2,
            4000000,
            date(2024, 2, 1),
        ]
    )
    book["CashFlows"].append(["INV-002", date(2022, 8, 1), "fee", -1500, "Arrangement fee"])
    book["CashFlows"].append(
        ["INV-001", "not a date" if bad_date else date(2023, 3, 31), "dividend", 2000.5, None]
    )
    book["Valuations"].append(["INV-001", date(2021, 12, 31), 65000, "milestones", "Trial done"])
    book["CoInvestors"].append(["INV-001", "Import Angels", "syndicate", "private", 250000, "yes"])
    book["CoInvestors"].append(["INV-001", "West Mids VC", "vc", "private", 100000, "no"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def setup(db):  # type: ignore[no-untyped-def]
    FundFactory(name="Import Fund")
    OrganisationFactory(company_number="00120001")


def test_template_has_the_four_sheets_with_their_headers_and_imports_nothing(setup, fund_manager):
    book = load_workbook(io.BytesIO(template_workbook()))
    for sheet, columns in COLUMNS.items():
        assert [c.value for c in book[sheet][1]] == [name for name, _, _ in columns]
    result = portfolio_import(file=io.BytesIO(template_workbook()), by=fund_manager)
    assert (result.investments, result.cash_flows, result.valuations) == (0, 0, 0)


def test_one_bad_row_is_refused_with_its_row_and_reason_and_nothing_is_written(setup, fund_manager):
    with pytest.raises(ImportRefused) as refused:
        portfolio_import(file=io.BytesIO(_filled(bad_date=True)), by=fund_manager)
    problem = refused.value.problems[0]
    assert (problem.sheet, problem.row, problem.column, problem.reason) == (
        "CashFlows",
        3,
        "date",
        IMPORT_NOT_A_DATE,
    )
    assert str(problem) == "CashFlows row 3, column date: Not a date."
    assert not Investment.objects.exists()
    assert not Round.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert not Valuation.objects.exists()


def test_fixed_workbook_imports_everything(setup, fund_manager):
    result = portfolio_import(file=io.BytesIO(_filled()), by=fund_manager)
    assert (result.investments, result.cash_flows, result.valuations) == (2, 2, 1)
    equity = Investment.objects.get(reference="INV-001")
    assert equity.shares == 20000 and equity.amount == Decimal("50000.00")
    note = Investment.objects.get(reference="INV-002")
    assert note.is_follow_on and note.discount == Decimal("0.2000")
    flows = LedgerEntry.objects.order_by("date").values_list("kind", "amount")
    assert list(flows) == [
        ("investment", Decimal("-50000.00")),
        ("follow_on", Decimal("-75000.00")),
        ("fee", Decimal("-1500.00")),
        ("dividend", Decimal("2000.50")),
    ]
    assert Valuation.objects.get().approved_by == fund_manager
    seed = equity.round.participations.order_by("co_investor__name")
    assert [(p.co_investor.name, p.amount, p.same_terms) for p in seed] == [
        ("Import Angels", Decimal("250000.00"), True),
        ("West Mids VC", Decimal("100000.00"), False),
    ]
    assert CoInvestor.objects.get(name="Import Angels").kind == "syndicate"


def test_bad_co_investor_rows_are_refused_with_their_reasons(setup, fund_manager):
    book = load_workbook(io.BytesIO(_filled()))
    book["CoInvestors"].append(["INV-404", "Ghost Angels", "angel", "private", 1000, "yes"])
    book["CoInvestors"].append(["INV-001", "Import Angels", "family", "private", -5, "maybe"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(ImportRefused) as refused:
        portfolio_import(file=out, by=fund_manager)
    found = {(p.sheet, p.row, p.column) for p in refused.value.problems}
    assert found == {
        ("CoInvestors", 4, "investment_reference"),
        ("CoInvestors", 5, "kind"),
        ("CoInvestors", 5, "amount"),
        ("CoInvestors", 5, "same_terms"),
        ("CoInvestors", 5, "name"),
    }
    assert not Investment.objects.exists() and not CoInvestor.objects.exists()


def test_co_investors_bigger_than_the_round_roll_everything_back(setup, fund_manager):
    book = load_workbook(io.BytesIO(_filled()))
    book["CoInvestors"].append(["INV-001", "Huge Fund", "vc", "private", 360000, "yes"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(ImportRefused) as refused:
        portfolio_import(file=out, by=fund_manager)
    problem = refused.value.problems[0]
    assert (problem.sheet, problem.row) == ("Investments", 2)
    assert "less than the money recorded in it" in problem.reason
    assert not Investment.objects.exists()


def test_a_workbook_from_the_first_template_without_co_investors_still_imports(setup, fund_manager):
    book = load_workbook(io.BytesIO(_filled()))
    del book["CoInvestors"]
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = portfolio_import(file=out, by=fund_manager)
    assert (result.investments, result.co_investors) == (2, 0)


def test_a_service_rule_found_while_writing_still_rolls_everything_back(setup, fund_manager):
    book = load_workbook(io.BytesIO(_filled()))
    book["Investments"]["F3"] = 50000  # round smaller than the note put into it
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(ImportRefused) as refused:
        portfolio_import(file=out, by=fund_manager)
    assert refused.value.problems[0].sheet == "Investments"
    assert refused.value.problems[0].row == 3
    assert not Investment.objects.exists()


def test_command_reports_problems_and_imports_when_fixed(setup, fund_manager, tmp_path: Path):
    bad = tmp_path / "bad.xlsx"
    book = load_workbook(io.BytesIO(_filled()))
    book["Valuations"]["A2"] = "INV-999"
    book.save(bad)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_portfolio", str(bad), "--by", fund_manager.email, stderr=err)
    assert f"Valuations row 2, column investment_reference: {IMPORT_UNKNOWN_REFERENCE}" in (
        err.getvalue()
    )
    good = tmp_path / "good.xlsx"
    good.write_bytes(_filled())
    out = io.StringIO()
    call_command("import_portfolio", str(good), "--by", fund_manager.email, stdout=out)
    assert (
        "Imported 2 investments, 2 cash flows, 1 valuations and 2 co-investor amounts."
        in out.getvalue()
    )
