"""Permissions this app adds to each role (synced by fundops.roles.roles_sync)."""

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {}
