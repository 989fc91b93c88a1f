"""Load: the site under gunicorn on PostgreSQL, its busiest pages and API lists driven for a
bounded time by concurrent signed-in users; requests per second, p50/p95/p99 latency and
errors per endpoint.

Run from the repository root: ``python benchmarks/bench_load.py`` (``make bench`` runs it after
the XIRR benchmark). It

1. connects to PostgreSQL (``BENCH_PG_URL``, default ``postgres://postgres@127.0.0.1:5432/
   postgres``); if that fails it prints why and stops, so ``make bench`` still runs without one;
2. recreates the throw-away database ``fundops_load``, migrates it, collects static files into
   a temporary folder and loads the demo fund (``seed_demo``);
3. signs the demo fund manager in the way the site would (a session that passed two-factor, for
   the pages; an API token, for the API) and starts gunicorn with production settings
   (``DJANGO_DEBUG=false``; ``BENCH_WEB_WORKERS`` sync workers, default 3);
4. runs ``BENCH_USERS`` (default 8) closed-loop users for ``BENCH_SECONDS`` (default 20), each
   requesting the endpoints in turn on a new connection, as a browser without keep-alive would
   (gunicorn's sync workers close every connection); any answer but 200 counts as an error;
5. prints one line per endpoint, stops gunicorn and drops the database (``BENCH_KEEP_DB=1``
   keeps it for the next run).

The load driver is this file (threads and ``http.client``; no extra dependency): the figures are
for the web tier on this machine, client and server sharing its cores.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = "fundops_load"
SECONDS = float(os.environ.get("BENCH_SECONDS", 20))
USERS = int(os.environ.get("BENCH_USERS", 8))
WEB_WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", 3))
MANAGER = "fund.manager@example.com"
# BENCH_KEEP_DB=1 keeps fundops_load after the run and reuses it next time (seeding is most of
# the set-up time).
KEEP = os.environ.get("BENCH_KEEP_DB", "") == "1"

# (name, path, how it is signed in): the pages staff open most, and the API lists.
ENDPOINTS = [
    ("staff home", "/staff/", "session"),
    ("grants queue", "/grants/staff/", "session"),
    ("portfolio list", "/portfolio/", "session"),
    ("company page", "/portfolio/companies/{company}/", "session"),
    ("reporting dashboard", "/reporting/dashboard/", "session"),
    ("API applications", "/api/grants/applications/", "token"),
    ("API investments", "/api/portfolio/investments/", "token"),
    ("API organisations", "/api/organisations/", "token"),
    ("API ledger", "/api/portfolio/ledger/", "token"),
]

SIGN_IN = """
import json, time
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.module_loading import import_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from fundops.models import User
from fundops.security import SESSION_AUTH_AT, SESSION_STARTED
from portfolio.models import Investment

user = User.objects.get(email=%(email)r)
device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
session = import_string(settings.SESSION_ENGINE + ".SessionStore")()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session[SESSION_STARTED] = session[SESSION_AUTH_AT] = int(time.time())
session.create()
company = Investment.objects.order_by("pk").values_list("organisation_id", flat=True).first()
print(json.dumps({
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    "token": Token.objects.get_or_create(user=user)[0].key,
    "company": company,
}))
"""


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, connect_timeout=3, autocommit=True) as conn:
        conn.execute(sql)


def _database_exists() -> bool:
    with psycopg.connect(ADMIN_URL, connect_timeout=3, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
        return found.fetchone() is not None


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _percentile(ordered: list[float], pct: float) -> float:
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def _drive(port: int, targets: list[tuple[str, str, dict[str, str]]]) -> dict[str, Stats]:
    stats = {name: Stats() for name, _, _ in targets}
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def user(offset: int) -> None:
        turn = offset
        while time.perf_counter() < deadline:
            name, path, headers = targets[turn % len(targets)]
            turn += 1
            try:
                status, seconds = _get(port, path, headers)
                error = "" if status == 200 else f"HTTP {status}"
            except OSError as exc:
                seconds, error = 0.0, f"{exc.__class__.__name__}: {exc}"
            with lock:
                if error:
                    stats[name].errors += 1
                    stats[name].first_error = stats[name].first_error or error
                else:
                    stats[name].latencies.append(seconds)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats


def _report(stats: dict[str, Stats]) -> None:
    print(
        f"{'endpoint':<22}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}"
    )
    total = errors = 0
    for name, item in stats.items():
        ordered = sorted(item.latencies)
        done = len(ordered) + item.errors
        total, errors = total + done, errors + item.errors
        if ordered:
            p50, p95, p99 = (1000 * _percentile(ordered, p) for p in (50, 95, 99))
            figures = f"{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}"
        else:
            figures = f"{'-':>9}{'-':>9}{'-':>9}"
        print(f"{name:<22}{done:>9}{done / SECONDS:>8.1f}{figures}{item.errors:>8}")
        if item.first_error:
            print(f"    first error: {item.first_error}")
    print(f"{'all':<22}{total:>9}{total / SECONDS:>8.1f}{'':>27}{errors:>8}")


def main() -> None:
    try:
        if not KEEP:
            _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if not _database_exists():
            _admin(f"CREATE DATABASE {DATABASE}")
    except psycopg.Error as exc:
        print(f"PostgreSQL is not reachable at {ADMIN_URL} ({exc}); load benchmark skipped.")
        return
    scratch = tempfile.TemporaryDirectory(prefix="fundops-load-")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=ADMIN_URL.rsplit("/", 1)[0] + f"/{DATABASE}",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-" + os.urandom(24).hex(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=f"{scratch.name}/static",
        MEDIA_ROOT=f"{scratch.name}/media",
    )
    server = None
    try:
        started = time.perf_counter()
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        _manage(env, "seed_demo")  # idempotent: a kept database is only topped up
        out = _manage(env, "shell", "--no-imports", "-c", SIGN_IN % {"email": MANAGER})
        signed = json.loads(out.strip().splitlines()[-1])
        print(f"fundops_load migrated and seeded in {time.perf_counter() - started:.0f} s")
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [GUNICORN, "fundops.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(WEB_WORKERS), "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        base = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        auth = {
            "session": {**base, "Cookie": signed["cookie"]},
            "token": {**base, "Authorization": f"Token {signed['token']}"},
        }
        for _ in range(60):
            try:
                if _get(port, "/healthz", base)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        targets = []
        for name, path, how in ENDPOINTS:
            url = path.format(company=signed["company"])
            if _get(port, url, auth[how])[0] == 404:
                print(f"{name}: {url} answers 404 here, left out")
                continue
            targets.append((name, url, auth[how]))
        print(f"{USERS} users for {SECONDS:.0f} s against gunicorn ({WEB_WORKERS} workers) on "
              f"PostgreSQL, as the fund manager")  # fmt: skip
        _report(_drive(port, targets))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        scratch.cleanup()
        if not KEEP:
            _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


if __name__ == "__main__":
    main()
