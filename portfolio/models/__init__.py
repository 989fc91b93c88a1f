"""Portfolio models: the fund's book of record (see portfolio/README.md for conventions)."""

from portfolio.models.coinvestors import CoInvestor, RoundParticipation
from portfolio.models.committee import ICCondition, ICConflict, ICDecision, ICVote
from portfolio.models.deals import (
    CoInvestmentPolicy,
    Deal,
    DealClarification,
    DealCoInvestor,
    DealStageVisit,
)
from portfolio.models.diligence import DDItem, DDTemplate, DDTemplateItem, Workstream
from portfolio.models.investments import Exit, Investment, Round
from portfolio.models.ledger import LedgerEntry, LedgerEntryQuerySet
from portfolio.models.monitoring import MonitoringReturn
from portfolio.models.valuations import Valuation

__all__ = [
    "CoInvestmentPolicy",
    "CoInvestor",
    "DDItem",
    "DDTemplate",
    "DDTemplateItem",
    "Deal",
    "DealClarification",
    "DealCoInvestor",
    "DealStageVisit",
    "Exit",
    "ICCondition",
    "ICConflict",
    "ICDecision",
    "ICVote",
    "Investment",
    "LedgerEntry",
    "LedgerEntryQuerySet",
    "MonitoringReturn",
    "Round",
    "RoundParticipation",
    "Valuation",
    "Workstream",
]
