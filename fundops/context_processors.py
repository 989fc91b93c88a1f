from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from fundops.roles import ROLES_BY_SLUG, user_role_slugs

# (label, url name, roles that see it; empty = every staff role)
STAFF_NAV: list[tuple[str, str, set[str]]] = [
    ("Home", "staff:home", set()),
    (
        "Organisations",
        "staff:organisation-list",
        {"fund_manager", "assessor", "finance_officer", "ic_member"},
    ),
    ("Funds", "staff:fund-list", set()),
    ("Admin", "admin:index", set()),
    ("API docs", "api-docs", {"fund_manager", "finance_officer"}),
]
PORTAL_NAV: list[tuple[str, str]] = [
    ("Home", "portal:home"),
    ("My organisation", "portal:organisation"),
]


def _app_nav(attribute: str) -> list[tuple[str, str, set[str]]]:
    """Navigation items each app adds in its ``navigation.py`` (settings.NAVIGATION_MODULES)."""
    items: list[tuple[str, str, set[str]]] = []
    for dotted in settings.NAVIGATION_MODULES:
        items.extend(getattr(import_module(dotted), attribute, []))
    return items


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    roles = user_role_slugs(user)
    role_names = [ROLES_BY_SLUG[slug].name for slug in sorted(roles)]
    if user.is_staff:
        staff_nav = [*STAFF_NAV[:1], *_app_nav("STAFF_NAV"), *STAFF_NAV[1:]]
        items = [
            (label, reverse(name))
            for label, name, only in staff_nav
            if not only or roles & only or user.is_superuser
        ]
    else:
        portal_nav = [*PORTAL_NAV, *((label, name) for label, name, _ in _app_nav("PORTAL_NAV"))]
        items = [(label, reverse(name)) for label, name in portal_nav]
    return {"nav_items": items, "user_roles": role_names}
