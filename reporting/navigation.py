"""Navigation items this app adds: (label, url name, roles that see it; empty = all)."""

STAFF_NAV: list[tuple[str, str, set[str]]] = []
PORTAL_NAV: list[tuple[str, str, set[str]]] = []
