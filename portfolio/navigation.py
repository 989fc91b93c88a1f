"""Navigation items this app adds: (label, url name, roles that see it; empty = all)."""

STAFF_NAV: list[tuple[str, str, set[str]]] = [
    (
        "Portfolio",
        "portfolio:list",
        {"fund_manager", "finance_officer", "ic_member", "board_member"},
    ),
    ("Import", "portfolio:import", {"fund_manager"}),
    (
        "Pipeline",
        "portfolio:deal-board",
        {"fund_manager", "finance_officer", "ic_member", "board_member"},
    ),
]
PORTAL_NAV: list[tuple[str, str, set[str]]] = [
    ("Monitoring returns", "portfolio:portal-returns", set()),
    ("Investment applications", "portfolio:portal-deals", set()),
]
