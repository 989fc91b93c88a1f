"""The one place untrusted text enters a spreadsheet or CSV file.

Excel (and LibreOffice, Google Sheets) run a cell as a formula when its text starts with
``=``, ``+``, ``-`` or ``@`` (and, after trimming, a tab or carriage return; full-width
forms such as ``＝`` are folded to ASCII by some versions). An applicant's project title is
untrusted: every exporter writes user text through these helpers, never straight into a
cell (OWASP "CSV injection").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Characters XML 1.0 cannot hold (openpyxl raises on them) and other C0/C1 controls.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: object) -> str:
    """Text with control characters removed (tabs and newlines inside the text are kept)."""
    return CONTROL_CHARS.sub("", str(value))


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES) or text.lstrip(" \t\r\n").startswith(
        FORMULA_PREFIXES[:4] + FORMULA_PREFIXES[7:]
    )


def csv_text(value: object) -> str:
    """A CSV field that a spreadsheet shows as text: a leading apostrophe when it could run."""
    text = clean_text(value)
    return f"'{text}" if looks_like_formula(text) else text


def xlsx_text(cell: Cell, value: object) -> Cell:
    """Write untrusted text into ``cell`` as a string, never a formula.

    The cell is typed as a string (openpyxl would otherwise store ``=...`` as a formula) and,
    when it looks like one, given Excel's quote prefix, so editing the cell later does not
    turn it into a formula either. The text itself is unchanged.
    """
    text = clean_text(value)
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def xlsx_value(cell: Cell, value: Any) -> Cell:
    """Numbers, dates and Decimals as themselves; anything textual through xlsx_text."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        cell.value = value
        return cell
    return xlsx_text(cell, value)


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> int:
    """Append a row of values, each written safely; returns the row number."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        xlsx_value(sheet.cell(row=row, column=column), value)
    return row
