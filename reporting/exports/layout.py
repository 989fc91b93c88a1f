"""Workbook layout for the board pack: typed columns, Excel tables, frozen headers, and live
total rows. openpyxl write-only mode (rows are streamed to disk, so a large portfolio does not
sit in memory as cell objects).

Every value goes through ``fundops.exports.xlsx_value``: text that came from a user (company
names, titles, notes) is written as text, never as a formula. The only formulas in a pack are
the ones written here (``formula``): totals (``SUBTOTAL(109, …)``, which also follows the
table's filter) and the summary's references to them.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook import Workbook
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from fundops.exports import clean_text, looks_like_formula, xlsx_text, xlsx_value

MONEY = '"£"#,##0.00;[Red]-"£"#,##0.00'
RATE = "0.0%"
MULTIPLE = '0.00"x"'
DATE = "dd mmm yyyy"
INTEGER = "#,##0"
DAYS = "#,##0.0"
FORMATS = {
    "money": MONEY,
    "rate": RATE,
    "multiple": MULTIPLE,
    "date": DATE,
    "int": INTEGER,
    "days": DAYS,
    "year": "0",
    "text": "@",
}
WIDTHS = {"money": 16, "rate": 10, "multiple": 10, "date": 13, "int": 10, "days": 10, "year": 8}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
TOTAL_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
NONE_YET = "None on or before the as-of date."


class Formula(str):
    """A formula this module wrote (a reference to a total, a ratio of two cells): the only
    strings written as formulas. Anything else that looks like one is written as text."""


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, money, rate, multiple, date, int, days
    total: bool = False  # a SUBTOTAL under the column
    width: int | None = None

    @property
    def size(self) -> int:
        return self.width or WIDTHS.get(self.kind, 18)


def widths(*tables: Sequence[Column]) -> list[int]:
    """Per column, the widest of the tables that share a sheet."""
    count = max((len(t) for t in tables), default=0)
    return [max((t[i].size for t in tables if i < len(t)), default=10) for i in range(count)]


@dataclass
class Block:
    """Where a table landed: rows of data, and the cell of each column's total."""

    sheet: str
    header_row: int
    first_row: int
    last_row: int  # == header_row when there are no rows
    totals: dict[str, str] = field(default_factory=dict)  # header -> "'Sheet'!H12"
    columns: dict[str, str] = field(default_factory=dict)  # header -> column letter

    def ref(self, header: str) -> str:
        """The total's cell, or 0 when the table is empty (no total row)."""
        return self.totals.get(header, "0")

    def range(self, header: str) -> str:
        letter = self.columns[header]
        return f"{quote_sheetname(self.sheet)}!${letter}${self.first_row}:${letter}${self.last_row}"


def clean(value: Any) -> Any:
    """NaN and pandas' missing markers → None (an empty cell); numpy scalars → Python."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, Decimal | date):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value.__class__.__name__ in {"NAType", "NaTType"}:
        return None
    return value


class Sheet:
    """One worksheet written top to bottom. A write-only sheet writes its column widths and
    panes before its first row, so they are given here: ``widths`` per column (the widest
    table on the sheet decides), ``freeze_below`` the row of the first table's header."""

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        widths: Sequence[int] = (),
        freeze_below: int | None = None,
    ) -> None:
        self.ws = workbook.create_sheet(title)
        self.title = title
        self.row = 0
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        if freeze_below is not None:
            self.ws.freeze_panes = f"A{freeze_below + 1}"

    def cell(self, value: Any, number_format: str | None = None, font: Font | None = None) -> Any:
        cell = WriteOnlyCell(self.ws)
        xlsx_value(cell, clean(value))
        if number_format:
            cell.number_format = number_format
        if font:
            cell.font = font
        return cell

    def formula(self, text: str, number_format: str | None = None, font: Font | None = None) -> Any:
        """A formula of our own (never user text)."""
        cell = WriteOnlyCell(self.ws, value=text)
        if number_format:
            cell.number_format = number_format
        if font:
            cell.font = font
        return cell

    def _fast(self, value: Any, template: Any, number_format: str | None) -> Any:
        """The cell for ``value``, reusing the column's styled template cell: a write-only
        sheet writes each row out as it is appended, so one styled cell per column serves
        every row and the style is not rebuilt 200,000 times for a big cash-flow sheet.
        Text still goes through ``xlsx_text``; text that looks like a formula gets a cell of
        its own (it carries the quote prefix, which must not stick to the template)."""
        value = clean(value)
        if value is None:
            return None
        if isinstance(value, Formula):
            return self.formula(value, number_format)
        if isinstance(value, str):
            if looks_like_formula(clean_text(value)):
                return self.cell(value, number_format)
            return xlsx_text(template, value)
        if not isinstance(value, bool | int | float | Decimal | date):
            return self.cell(value, number_format)
        template.value = value
        return template

    def append(self, cells: Iterable[Any]) -> int:
        self.ws.append(list(cells))
        self.row += 1
        return self.row

    def heading(self, text: str, font: Font = BOLD) -> None:
        self.append([self.cell(text, font=font)])

    def blank(self) -> None:
        self.append([])

    def table(
        self,
        name: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]],
        formats: Sequence[str] | None = None,
    ) -> Block:
        """A header, the rows (one value per column), and a total row when a column asks for
        one. An Excel table (filter buttons, banded rows) covers the header and the rows.
        ``formats``: a kind per row for the second column, where it mixes kinds (summary)."""
        header_row = self.append(self.cell(c.header, font=BOLD) for c in columns)
        column_formats = [FORMATS.get(c.kind) if c.kind != "text" else None for c in columns]
        if formats is None:
            templates = [self.cell(None, f) for f in column_formats]
            for values in rows:
                self.append(
                    self._fast(v, t, f)
                    for v, t, f in zip(values, templates, column_formats, strict=True)
                )
        else:
            for index, values in enumerate(rows):
                formats_here = list(column_formats)
                formats_here[1] = FORMATS[formats[index]]
                self.append(
                    self.formula(v, f) if isinstance(v, Formula) else self.cell(v, f)
                    for v, f in zip(values, formats_here, strict=True)
                )
        block = Block(
            self.title,
            header_row,
            header_row + 1,
            self.row,
            columns={c.header: get_column_letter(i) for i, c in enumerate(columns, start=1)},
        )
        if self.row == header_row:
            self.append([self.cell(NONE_YET)])
            return block
        table = Table(
            displayName=name, ref=f"A{header_row}:{get_column_letter(len(columns))}{self.row}"
        )
        # Write-only mode cannot read the header back: name the table's columns as written.
        table.tableColumns = [TableColumn(id=i, name=c.header) for i, c in enumerate(columns, 1)]
        table.tableStyleInfo = STYLE
        table.autoFilter = AutoFilter(ref=table.ref)
        with warnings.catch_warnings():  # openpyxl's reminder of the line above
            warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
            self.ws.add_table(table)
        if any(c.total for c in columns):
            self._totals(block, columns)
        return block

    def _totals(self, block: Block, columns: Sequence[Column]) -> None:
        row = self.row + 1
        cells = []
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            if column.total:
                text = f"=SUBTOTAL(109,{letter}{block.first_row}:{letter}{block.last_row})"
                cells.append(self.formula(text, FORMATS[column.kind], BOLD))
                block.totals[column.header] = f"{quote_sheetname(self.title)}!{letter}{row}"
            elif index == 1:
                cells.append(self.cell("Total", font=BOLD))
            else:
                cells.append(self.cell(None))
        for cell in cells:
            cell.fill = TOTAL_FILL
        self.append(cells)
