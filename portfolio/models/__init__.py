"""Portfolio models: the fund's book of record (see portfolio/README.md for conventions)."""

from portfolio.models.coinvestors import CoInvestor, RoundParticipation
from portfolio.models.investments import Exit, Investment, Round
from portfolio.models.ledger import LedgerEntry, LedgerEntryQuerySet
from portfolio.models.monitoring import MonitoringReturn
from portfolio.models.valuations import Valuation

__all__ = [
    "CoInvestor",
    "Exit",
    "Investment",
    "LedgerEntry",
    "LedgerEntryQuerySet",
    "MonitoringReturn",
    "Round",
    "RoundParticipation",
    "Valuation",
]
