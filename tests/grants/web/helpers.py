"""Signing in for the page tests, with or without a fresh password check."""

from __future__ import annotations

import time
from typing import Any

from fundops.security import SESSION_AUTH_AT


def sign_in(client: Any, user: Any, *, recent_auth: bool = True) -> None:
    """force_login skips the login view, so set the re-authentication clock it would set."""
    client.force_login(user)
    if recent_auth:
        session = client.session
        session[SESSION_AUTH_AT] = int(time.time())
        session.save()
