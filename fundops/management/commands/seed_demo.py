from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from fundops.demo import DemoContext


class Command(BaseCommand):
    help = "Build the demo fund (deterministic for a seed, idempotent) and print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        ctx = DemoContext(rng=random.Random(seed), seed=seed)
        with transaction.atomic():
            # Each app adds its part, in order; names come from settings so fundops imports
            # no app.
            for dotted in settings.DEMO_SEEDERS:
                import_string(dotted)(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"Demo fund ready. Logins (password: {settings.DEMO_PASSWORD}):")
        )
        for role, email, home in ctx.logins:
            self.stdout.write(f"  {role:<45} {email:<32} {home}")
