"""The role groups are rebuilt by every migrate, with debug on or off (production)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from fundops.roles import ROLES

ROOT = Path(__file__).resolve().parents[2]
# Django holds signal receivers weakly; with debug on its argument check happens to keep a
# reference to each one (an lru_cache), with debug off nothing does. The receiver used to be a
# weakly held lambda: on a production database migrate created no role groups at all.
PROBE = """
import gc, weakref, django
django.setup()
from django.db.models.signals import post_migrate
gc.collect()
print([
    ref() is not None if isinstance(ref, weakref.ReferenceType) else True
    for key, ref, *_ in post_migrate.receivers
    if key[0] == "fundops_roles_sync"
])
"""


def test_the_roles_receiver_survives_with_debug_off(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "fundops.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k3y-for-the-roles-probe-" + "x9Qz!" * 10,
        "DJANGO_ALLOWED_HOSTS": "fundops.example.com",
        "FUNDOPS_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own settings
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[True]"


@pytest.mark.django_db
def test_post_migrate_recreates_the_role_groups():
    Group.objects.all().delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(r.name for r in ROLES)
    manager = Group.objects.get(name="Fund manager")
    assert manager.permissions.filter(codename="manage_application").exists()
