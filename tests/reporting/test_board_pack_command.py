"""``manage.py board_pack``: writes the workbook as of the date; clear errors otherwise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reporting.management.commands import board_pack as command
from tests.fundops.factories import FundFactory
from tests.reporting.builders import EXPECTED, build_fund
from tests.reporting.xlsx_eval import Evaluator

pytestmark = pytest.mark.django_db


def test_writes_the_pack_as_of_the_date(fund_manager, tmp_path, capsys):  # type: ignore[no-untyped-def]
    fund = build_fund(fund_manager)
    output = tmp_path / "pack.xlsx"

    call_command("board_pack", "--as-of", "2024-12-31", "--output", str(output))

    assert "written to" in capsys.readouterr().out
    workbook = load_workbook(output)
    assert workbook["Summary"]["B2"].value == fund.name
    assert workbook["Summary"]["D2"].value.date() == date(2024, 12, 31)
    flows = [r[0].value.date() for r in workbook["Cash flows"].iter_rows(min_row=5, max_row=12)]
    assert max(flows) == date(2024, 7, 15)  # the 2025 dividend is left out
    paid_in = Evaluator(workbook).value("Summary", "B8")
    assert workbook["Summary"]["A8"].value == "Paid-in"
    assert paid_in == D(EXPECTED["paid_in"])


def test_fund_option_picks_the_fund(fund_manager, tmp_path):  # type: ignore[no-untyped-def]
    build_fund(fund_manager)
    other = FundFactory(name="Second Fund")
    output = tmp_path / "second.xlsx"

    call_command(
        "board_pack", "--as-of", "2024-12-31", "--output", str(output), "--fund", str(other.pk)
    )

    workbook = load_workbook(output)
    assert workbook["Summary"]["B2"].value == "Second Fund"
    assert workbook["Summary"]["B5"].value == 0  # no holdings


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--as-of", "31/12/2024", "--output", "pack.xlsx"], "YYYY-MM-DD"),
        (["--as-of", "2024-12-31", "--output", "pack.csv"], ".xlsx"),
        (["--as-of", "2024-12-31", "--output", "pack.xlsx", "--fund", "999999"], "No fund"),
        (["--as-of", "2024-12-31", "--output", "missing/pack.xlsx"], "does not exist"),
    ],
)
def test_refuses_bad_arguments_clearly(fund_manager, tmp_path, arguments, message):  # type: ignore[no-untyped-def]
    FundFactory()
    arguments = [str(tmp_path / a) if a.endswith((".xlsx", ".csv")) else a for a in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("board_pack", *arguments)


def test_no_fund_at_all(db, tmp_path):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match=command.NO_FUND):
        call_command("board_pack", "--as-of", "2024-12-31", "--output", str(tmp_path / "p.xlsx"))
