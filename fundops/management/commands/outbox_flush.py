from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fundops.outbox import flush


class Command(BaseCommand):
    help = (
        "Publish the outbox messages (emails, payment tasks) the broker could not take when "
        "their transaction committed. Safe to run at any time, and twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent, waiting = flush()
        self.stdout.write(f"outbox: published {sent}, {waiting} still waiting")
