from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fundops.models import Fund
from reporting.exports.board_pack import build_board_pack

NO_FUND = "There is no fund yet: nothing to report on."
UNKNOWN_FUND = "No fund with id {fund}."
BAD_DATE = "--as-of must be a date written YYYY-MM-DD, e.g. 2024-12-31 (got {value!r})."
NOT_XLSX = "--output must name an .xlsx file (got {value})."
NO_FOLDER = "The folder {folder} does not exist."


def as_of_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(BAD_DATE.format(value=value)) from None


class Command(BaseCommand):
    help = (
        "Write a fund's board pack (an Excel workbook of its figures as of a date): "
        "board_pack --as-of 2024-12-31 --output pack.xlsx [--fund ID]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", required=True, dest="as_of", help="YYYY-MM-DD")
        parser.add_argument("--output", required=True, type=Path, help="The .xlsx file to write.")
        parser.add_argument(
            "--fund", type=int, help="The fund's id (default: the only fund, or the first)."
        )

    def handle(
        self, *args: Any, as_of: str, output: Path, fund: int | None, **options: Any
    ) -> None:
        day = as_of_date(as_of)
        if output.suffix.lower() != ".xlsx":
            raise CommandError(NOT_XLSX.format(value=output))
        if not output.parent.resolve().is_dir():
            raise CommandError(NO_FOLDER.format(folder=output.parent))
        funds = Fund.objects.order_by("pk")
        chosen = funds.filter(pk=fund).first() if fund is not None else funds.first()
        if chosen is None:
            raise CommandError(UNKNOWN_FUND.format(fund=fund) if fund is not None else NO_FUND)
        verbosity = int(options.get("verbosity", 1))

        def progress(percent: int, step: str) -> None:
            if verbosity > 1:
                self.stdout.write(f"{percent:3d}% {step}")

        started = time.perf_counter()
        build_board_pack(fund_id=chosen.pk, as_of=day, output=output, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Board pack for {chosen.name} as of {day.isoformat()} written to {output} "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
