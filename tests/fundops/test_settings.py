"""Settings come from the environment; production-safe whenever debug is off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_only_debug_secret_and_hosts(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "k3y-for-the-deploy-check-" + "x9Qz!" * 10,
            "DJANGO_ALLOWED_HOSTS": "fundops.example.com",
            "FUNDOPS_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start(tmp_path):
    result = _manage(
        "check",
        env={
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "x",
            "FUNDOPS_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the embedded default is checked on that pass"
)
def test_embedded_default_is_sqlite_with_immediate_transactions_and_eager_celery(settings):
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not os.environ.get("CELERY_BROKER_URL"))
