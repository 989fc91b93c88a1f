"""Roles are Django groups with permissions. This module is their single definition.

Permissions are named as "app_label.codename"; a role may name permissions of apps that
later issues add: ``roles_sync`` grants those that exist and skips the rest, and runs after
every migrate, so a role grows as its app lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import Group, Permission

if TYPE_CHECKING:
    from fundops.models import User


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    is_staff: bool
    permissions: tuple[str, ...]


def _crud(app: str, *models: str, actions: tuple[str, ...] = ("view",)) -> tuple[str, ...]:
    return tuple(f"{app}.{action}_{model}" for model in models for action in actions)


ALL = ("add", "change", "delete", "view")
CORE_READ = _crud("fundops", "organisation", "fund", "fundcapital", "document", "workflowevent")

FUND_MANAGER = Role(
    "fund_manager",
    "Fund manager",
    is_staff=True,
    permissions=(
        *_crud("fundops", "organisation", "fund", "fundcapital", "document", actions=ALL),
        "fundops.view_workflowevent",
        "fundops.verify_organisation",
        "fundops.view_user",
    ),
)
IC_MEMBER = Role("ic_member", "Investment committee member", is_staff=True, permissions=CORE_READ)
ASSESSOR = Role("assessor", "Assessor", is_staff=True, permissions=CORE_READ)
FINANCE_OFFICER = Role("finance_officer", "Finance officer", is_staff=True, permissions=CORE_READ)
BOARD_MEMBER = Role(
    "board_member", "Board member", is_staff=True, permissions=_crud("fundops", "fund")
)
APPLICANT = Role("applicant", "Applicant", is_staff=False, permissions=())

ROLES: tuple[Role, ...] = (
    FUND_MANAGER,
    IC_MEMBER,
    ASSESSOR,
    FINANCE_OFFICER,
    BOARD_MEMBER,
    APPLICANT,
)
ROLES_BY_SLUG = {role.slug: role for role in ROLES}
ROLES_BY_NAME = {role.name: role for role in ROLES}


def role_permissions(role: Role) -> tuple[str, ...]:
    """The core's permissions for a role plus those each app adds in its ``permissions.py``
    (``ROLE_PERMISSIONS = {"assessor": (...)}``), named in settings.ROLE_PERMISSION_MODULES."""
    extra: list[str] = []
    for dotted in settings.ROLE_PERMISSION_MODULES:
        extra.extend(import_module(dotted).ROLE_PERMISSIONS.get(role.slug, ()))
    return (*role.permissions, *extra)


def roles_sync() -> None:
    """Create the role groups and give each exactly its permissions (idempotent).

    Runs after migrate; Django creates each app's permissions in that app's own post_migrate
    step, which may come after this one, so every app's permissions are made first here."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        wanted = []
        for dotted in role_permissions(role):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def user_role_slugs(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached: set[str] | None = getattr(user, "_role_slugs", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = {ROLES_BY_NAME[name].slug for name in names if name in ROLES_BY_NAME}
        user._role_slugs = cached  # type: ignore[attr-defined]
    return cached


def user_has_role(user: User, *slugs: str) -> bool:
    return bool(user_role_slugs(user) & set(slugs))


def user_role_assign(*, user: User, role: Role) -> None:
    """Put a user in a role; staff roles may use the admin, applicants never."""
    group, _ = Group.objects.get_or_create(name=role.name)
    user.groups.add(group)
    if role.is_staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_slugs", None)
