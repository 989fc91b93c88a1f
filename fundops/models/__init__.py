from fundops.models.document import Document
from fundops.models.fund import Fund, FundCapital
from fundops.models.organisation import Organisation
from fundops.models.outbox import OutboxMessage
from fundops.models.user import User
from fundops.models.workflow import Heartbeat, WorkflowEvent

__all__ = [
    "Document",
    "Fund",
    "FundCapital",
    "Heartbeat",
    "Organisation",
    "OutboxMessage",
    "User",
    "WorkflowEvent",
]
