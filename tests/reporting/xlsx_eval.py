"""A tiny evaluator for the formulas a board pack contains, so tests can recompute every total
the way a spreadsheet would (openpyxl stores formulas without cached values).

Understands cell references (``B6``, ``'Sheet name'!$H$9``), ranges, ``+ - * /``, numbers and
quoted strings, and the functions ``SUM``, ``SUBTOTAL(109, …)`` and ``SUMIF(range, "text",
sum_range)``. Anything else raises, so a formula it does not know fails the test.
Numbers come back as Decimal (cells' floats are read through their repr, as typed).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from openpyxl.utils import column_index_from_string
from openpyxl.workbook import Workbook

REFERENCE = re.compile(
    r"(?:'(?P<quoted>(?:[^']|'')+)'!|(?P<plain>[A-Za-z_][\w.]*)!)?"
    r"\$?(?P<c1>[A-Z]{1,3})\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]{1,3})\$?(?P<r2>\d+))?"
)
FUNCTIONS = {"SUM", "SUBTOTAL", "SUMIF"}


def number(value: Any) -> Decimal:
    if value is None or isinstance(value, str):
        return Decimal(0)
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


class Evaluator:
    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[str, str], Any] = {}

    def value(self, sheet: str, coordinate: str) -> Any:
        key = (sheet, coordinate)
        if key not in self.cache:
            cell = self.workbook[sheet][coordinate]
            if cell.data_type == "f":
                self.cache[key] = self.formula(sheet, str(cell.value))
            else:
                self.cache[key] = cell.value
        return self.cache[key]

    def cells(self, sheet: str, first: str, last: str) -> list[Any]:
        ws = self.workbook[sheet]
        c1, r1 = _split(first)
        c2, r2 = _split(last)
        return [
            self.value(sheet, ws.cell(row=r, column=c).coordinate)
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        ]

    def formula(self, sheet: str, text: str) -> Any:
        assert text.startswith("="), text
        body = text[1:]
        references: list[tuple[str, str, str | None]] = []

        def swap(match: re.Match[str]) -> str:
            name = match["quoted"].replace("''", "'") if match["quoted"] else match["plain"]
            if name is None and match["c1"] + match["r1"] in FUNCTIONS:
                return match[0]
            first = match["c1"] + match["r1"]
            last = match["c2"] + match["r2"] if match["c2"] else None
            references.append((name or sheet, first, last))
            return f"_ref({len(references) - 1})"

        # Numbers first (not the digits of a reference: those follow a letter or a $).
        body = re.sub(r"(?<![\w.$])(\d+(?:\.\d+)?)(?![\w.])", r'Decimal("\1")', body)
        expression = REFERENCE.sub(swap, body)
        words = set(re.findall(r"[A-Za-z_]+", re.sub(r'"[^"]*"', "", expression)))
        unknown = words - FUNCTIONS - {"_ref", "Decimal"}
        assert not unknown, f"unknown names {unknown} in {text}"

        def ref(index: int) -> Any:
            name, first, last = references[index]
            return self.cells(name, first, last) if last else number(self.value(name, first))

        def sum_(*parts: Any) -> Decimal:
            total = Decimal(0)
            for part in parts:
                items = part if isinstance(part, list) else [part]
                total += sum((number(v) for v in items), Decimal(0))
            return total

        def subtotal(code: int, *parts: Any) -> Decimal:
            assert code == 109, f"SUBTOTAL({code}) not understood"
            return sum_(*parts)

        def sumif(criteria: list[Any], wanted: str, values: list[Any]) -> Decimal:
            return sum(
                (number(v) for c, v in zip(criteria, values, strict=True) if c == wanted),
                Decimal(0),
            )

        namespace = {
            "_ref": ref,
            "SUM": sum_,
            "SUBTOTAL": subtotal,
            "SUMIF": sumif,
            "Decimal": Decimal,
        }
        return eval(expression, {"__builtins__": {}}, namespace)  # noqa: S307 - test-only


def _split(coordinate: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", coordinate)
    assert match, coordinate
    return column_index_from_string(match[1]), int(match[2])


def formula_cells(workbook: Workbook) -> list[tuple[str, str, str]]:
    """(sheet, coordinate, formula) of every formula cell in the workbook."""
    return [
        (ws.title, cell.coordinate, str(cell.value))
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
