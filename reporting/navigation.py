"""Navigation items this app adds: (label, url name, roles that see it; empty = all)."""

READERS = {"fund_manager", "board_member", "finance_officer"}

STAFF_NAV: list[tuple[str, str, set[str]]] = [
    ("Dashboard", "reporting:dashboard", READERS),
    ("Board packs", "reporting:board", READERS),
]
PORTAL_NAV: list[tuple[str, str, set[str]]] = []
