"""python manage.py export_360giving --output FILE [--format json|csv]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grants import threesixty


class Command(BaseCommand):
    help = "Write awarded grants as a validated 360Giving 1.4 data package (JSON or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="File to write.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        result = threesixty.export_build()
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(
                f"The export did not validate against the 360Giving schema: "
                f"{len(result.errors)} error(s); nothing was written."
            )
        if not result.package["grants"]:
            raise CommandError("No awarded grants to export; nothing was written.")
        fmt = options["format"]
        content = (threesixty.to_csv if fmt == "csv" else threesixty.to_json)(result.package)
        Path(options["output"]).write_text(content, encoding="utf-8")
        self.stdout.write(
            f"Wrote {len(result.package['grants'])} grants to {options['output']} ({fmt})."
        )
