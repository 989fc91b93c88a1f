from __future__ import annotations

import threading

import pytest
from django.db import connection

from fundops.api.errors import Conflict
from portfolio.models import LedgerEntry
from portfolio.services.ledger import ledger_entry_reverse
from tests.portfolio.factories import equity_investment


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_reversing_the_same_entry_at_once_reverse_it_once(fund_manager):
    entry = equity_investment(by=fund_manager).ledger_entries.get()
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def reverse() -> None:
        try:
            start.wait()
            ledger_entry_reverse(entry=entry, by=fund_manager, reason="duplicate payment")
            outcomes.append("reversed")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=reverse) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "reversed"]
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1
