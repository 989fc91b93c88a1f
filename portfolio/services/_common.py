from __future__ import annotations

from fundops.api.errors import DomainError
from fundops.models import User

NOT_ALLOWED = "Your role does not allow this."


def require_permission(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise DomainError(NOT_ALLOWED, code="forbidden", status=403)
