from grants.models.application import (
    Application,
    CostLine,
    EligibilityCheck,
    MatchFunding,
    MFADeclaration,
)
from grants.models.assessment import Approval, Assignment, Score
from grants.models.call import Call, CostCategory, Criterion
from grants.models.delivery import (
    Claim,
    ClaimLine,
    Clawback,
    MFAConfirmation,
    Offer,
    OutcomeReport,
    Payment,
)

__all__ = [
    "Application",
    "Approval",
    "Assignment",
    "Call",
    "Claim",
    "ClaimLine",
    "Clawback",
    "CostCategory",
    "CostLine",
    "Criterion",
    "EligibilityCheck",
    "MFAConfirmation",
    "MFADeclaration",
    "MatchFunding",
    "Offer",
    "OutcomeReport",
    "Payment",
    "Score",
]
