"""Shared fixtures. Tests marked postgres / redis / celery_worker run only when the
environment points at those services (``.ci/run`` does, on its second pass)."""

from __future__ import annotations

import os

import pytest
from rest_framework.test import APIClient

from tests.fundops.factories import OrganisationFactory, UserFactory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    on_redis = os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")
    reasons = {
        "postgres": (on_postgres, "needs DATABASE_URL=postgres://…"),
        "redis": (on_redis, "needs CELERY_BROKER_URL=redis://…"),
        "celery_worker": (on_postgres and on_redis, "needs PostgreSQL and Redis for a worker"),
    }
    for item in items:
        for marker, (available, reason) in reasons.items():
            if item.get_closest_marker(marker) and not available:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True, scope="session")
def _flush_may_purge_append_only_tables():  # type: ignore[no-untyped-def]
    """Transactional tests end with a flush, which must empty append-only tables too."""
    from django.core.management.commands import flush
    from django.db import connections

    from fundops.db import allow_purge

    original = flush.Command.handle

    def handle(self, **options):  # type: ignore[no-untyped-def]
        with allow_purge(connections[options.get("database") or "default"]):
            return original(self, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


@pytest.fixture(autouse=True)
def _fast_passwords_and_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Rate-limit counters live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _eager_celery_unless_marked(request):  # type: ignore[no-untyped-def]
    """Tests run tasks in-process, except those marked to use the real broker and worker."""
    from fundops.celery import app

    if request.node.get_closest_marker("redis") or request.node.get_closest_marker("celery_worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_user(db):  # type: ignore[no-untyped-def]
    return UserFactory.with_role


@pytest.fixture
def fund_manager(make_user):  # type: ignore[no-untyped-def]
    return make_user("fund_manager")


@pytest.fixture
def assessor(make_user):  # type: ignore[no-untyped-def]
    return make_user("assessor")


@pytest.fixture
def board_member(make_user):  # type: ignore[no-untyped-def]
    return make_user("board_member")


@pytest.fixture
def applicant(make_user):  # type: ignore[no-untyped-def]
    """An applicant who belongs to one organisation (``applicant.test_organisation``)."""
    user = make_user("applicant")
    user.test_organisation = OrganisationFactory(members=[user])
    return user


@pytest.fixture
def other_applicant(make_user):  # type: ignore[no-untyped-def]
    user = make_user("applicant")
    user.test_organisation = OrganisationFactory(members=[user])
    return user
