from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fundops.models import User
from portfolio.services.importer import ImportRefused, portfolio_import


class Command(BaseCommand):
    help = (
        "Import investments, cash flows, valuations and co-investors from an .xlsx workbook "
        "(the template from the staff import page). All rows are checked first; any problem "
        "→ nothing written."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by",
            help="Email of the user recorded as importer (default: the first superuser).",
        )

    def handle(self, *args: Any, file: Path, by: str | None, **options: Any) -> None:
        users = User.objects.filter(is_active=True)
        user = users.filter(email=by).first() if by else users.filter(is_superuser=True).first()
        if user is None:
            raise CommandError("No such active user: pass --by EMAIL of a fund manager.")
        if not file.exists():
            raise CommandError(f"{file}: no such file.")
        try:
            with file.open("rb") as handle:
                result = portfolio_import(file=handle, by=user)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(str(result)))
