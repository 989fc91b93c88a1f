"""Navigation items this app adds: (label, url name, roles that see it; empty = all)."""

STAFF_NAV: list[tuple[str, str, set[str]]] = [
    ("Grant applications", "grants:staff-queue", set()),
]
PORTAL_NAV: list[tuple[str, str, set[str]]] = [
    ("Apply for a grant", "grants:portal-calls", set()),
    ("Your applications", "grants:portal-applications", set()),
]
