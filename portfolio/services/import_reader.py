"""Reading the import workbook: typed cell values, and problems with sheet, row, column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from portfolio.services.import_template import COLUMNS, OPTIONAL_SHEETS

IMPORT_SHEET_MISSING = "The sheet is missing."
IMPORT_HEADER_WRONG = "The header should be “{expected}”."
IMPORT_REQUIRED = "A value is required."
IMPORT_NOT_A_DATE = "Not a date."
IMPORT_NOT_A_NUMBER = "Not a number."
IMPORT_NOT_WHOLE = "Not a whole number."
IMPORT_NOT_YES_NO = "Must be yes or no."


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}, column {self.column}: {self.reason}"


class ImportRefused(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was imported.")
        self.problems = problems


@dataclass
class ImportResult:
    investments: int = 0
    cash_flows: int = 0
    valuations: int = 0
    co_investors: int = 0

    def __str__(self) -> str:
        return (
            f"Imported {self.investments} investments, {self.cash_flows} cash flows, "
            f"{self.valuations} valuations and {self.co_investors} co-investor amounts."
        )


class _Reader:
    """Reads one sheet's rows as dicts of typed values, collecting problems as it goes."""

    def __init__(self, book: Any, sheet: str, problems: list[ImportProblem]) -> None:
        self.sheet, self.problems, self.rows = sheet, problems, []
        columns = [name for name, _, _ in COLUMNS[sheet]]
        if sheet not in book.sheetnames:
            if sheet in OPTIONAL_SHEETS:
                return
            problems.append(ImportProblem(sheet, 1, "", IMPORT_SHEET_MISSING))
            return
        raw = list(book[sheet].iter_rows(values_only=True))
        header = [str(v).strip() if v is not None else "" for v in (raw[0] if raw else [])]
        for index, name in enumerate(columns):
            if index >= len(header) or header[index] != name:
                letter = chr(ord("A") + index)
                problems.append(
                    ImportProblem(sheet, 1, letter, IMPORT_HEADER_WRONG.format(expected=name))
                )
                return
        for number, values in enumerate(raw[1:], start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            self.rows.append((number, dict(zip(columns, values, strict=False))))

    def problem(self, row: int, column: str, reason: str) -> None:
        self.problems.append(ImportProblem(self.sheet, row, column, reason))

    def get(self, row: int, values: dict[str, Any], column: str, kind: str) -> Any:
        value = values.get(column)
        if isinstance(value, str):
            value = value.strip()
        required = dict((n, r) for n, r, _ in COLUMNS[self.sheet])[column]
        if value is None or value == "":
            if required:
                self.problem(row, column, IMPORT_REQUIRED)
            return None
        try:
            return _convert(value, kind)
        except (ValueError, InvalidOperation):
            reason = {
                "date": IMPORT_NOT_A_DATE,
                "int": IMPORT_NOT_WHOLE,
                "yes_no": IMPORT_NOT_YES_NO,
            }.get(kind)
            self.problem(row, column, reason or IMPORT_NOT_A_NUMBER)
            return None


def _convert(value: Any, kind: str) -> Any:
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        return date.fromisoformat(str(value))
    if kind == "decimal":
        if isinstance(value, bool):
            raise ValueError(value)
        return Decimal(str(value))
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        answer = str(value).strip().lower()
        if answer not in {"yes", "no", "y", "n", "true", "false"}:
            raise ValueError(value)
        return answer in {"yes", "y", "true"}
    if kind == "int":
        number = Decimal(str(value))
        if number != number.to_integral_value():
            raise ValueError(value)
        return int(number)
    return str(value)
