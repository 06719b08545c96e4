"""Issue 14, hole 2: ``make run`` serves with three gunicorn workers and had an in-process cache, so every rate
limit and the log-in lock-out were counted per worker (154 of 220 ``/verify/`` requests passed a 60/minute
limit; a locked account still logged in through another worker). The embedded mode now uses a cache shared by
its workers (``lms.cache.SharedDatabaseCache``, ``EMBEDDED_CACHE``). These tests boot real gunicorn workers in
the embedded mode, on fresh connections spread over the workers, and count."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.security.live_gunicorn import ROOT, embedded_env, gunicorn_server

WORKERS = 3
PASSWORD = "Matkhau#2025"


def _get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, headers={"Connection": "close"}, timeout=60, allow_redirects=False, **kwargs)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("shared-cache")
    # TESTING=1 only so that pages render without `collectstatic`; it would make the default cache the
    # in-process one, so the shared cache is named explicitly (its being the default is checked below).
    env = embedded_env(tmp_path, VERIFY_RATE="60/d", LOGIN_FAILED_RATE="100/m/ip,5/15m/key", TESTING="1",
                       EMBEDDED_CACHE="database")
    with gunicorn_server(tmp_path, workers=WORKERS, env=env, migrate=True) as base:
        code = ("import django; django.setup()\n"
                "from lms.accounts.models import User\n"
                f"User.objects.create_user(email='khoa@example.vn', password={PASSWORD!r}, full_name='Người Bị Khóa')\n"
                "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])\n")  # the default
        plain = {key: value for key, value in env.items() if key not in ("TESTING", "EMBEDDED_CACHE")}
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True,
                              env={**plain, "DJANGO_SETTINGS_MODULE": "lms.settings"})
        assert done.stdout.strip() == "lms.cache.SharedDatabaseCache"
        yield base


def _workers_seen(responses) -> int:
    return len({r.headers.get("X-Worker-Pid") for r in responses}) if all(
        "X-Worker-Pid" in r.headers for r in responses) else WORKERS


def test_a_limit_holds_across_workers(server):
    """220 verification requests against 60 allowed: exactly 60 pass, whichever worker answers."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _n: _get(f"{server}/verify/").status_code, range(220)))
    assert statuses.count(200) == 60, {code: statuses.count(code) for code in set(statuses)}
    assert statuses.count(429) == 160


def _login(base: str, password: str) -> requests.Response:
    session = requests.Session()
    session.headers["Connection"] = "close"  # each request on a new connection: any worker may take it
    page = session.get(f"{base}/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(f"{base}/accounts/login/", timeout=60, allow_redirects=False,
                        data={"login": "khoa@example.vn", "password": password, "csrfmiddlewaretoken": token})


def test_a_locked_account_stays_locked_on_every_worker(server):
    failures = [_login(server, "sai-mat-khau") for _ in range(5)]
    assert all(response.status_code == 200 for response in failures)
    # The right password, tried on fresh connections (so on every worker, several times): refused every time.
    attempts = [_login(server, PASSWORD) for _ in range(3 * WORKERS)]
    assert [response.status_code for response in attempts] == [200] * (3 * WORKERS), "a worker let it in"
    assert all("tạm khóa" in response.text for response in attempts)
