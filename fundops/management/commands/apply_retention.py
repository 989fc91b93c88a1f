from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from fundops.privacy import retention_candidates, user_erase


class Command(BaseCommand):
    help = (
        "Erase the personal data of applicant accounts unused for longer than "
        "PRIVACY_RETENTION_DAYS; their applications, awards and payments are kept."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        users = list(retention_candidates())
        for user in users:
            if not dry_run:
                user_erase(user=user)
        verb = "would erase" if dry_run else "erased"
        self.stdout.write(
            f"{verb} {len(users)} account(s) unused for over {settings.PRIVACY_RETENTION_DAYS} days"
        )
