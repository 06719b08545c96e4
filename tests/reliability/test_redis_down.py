"""Redis is down: pages still render, log-in and answer saving still work (the cache degrades, it never errors).

The cache settings are the ones ``lms/settings.py`` builds from ``REDIS_URL`` (computed in a subprocess, as a
server would read them), pointed at a port where nothing listens, or at a redis-server this test starts and kills.
Sessions are ``cached_db`` with Redis (read from Redis, written to both): a Redis outage logs nobody out. Found
and fixed here: allauth's rate-limit lock (``cache.add``) refused every log-in with 429 while Redis was down
(``lms/cache.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest
from django.core.cache import cache
from django.test import Client

from .support import HOST, ROOT, free_port

PAGES = ["/", "/quizzes/", "/verify/", "/accounts/login/"]


SETTINGS_WITH_REDIS = ("CACHES", "SESSION_ENGINE", "PAGE_CACHE_ENABLED")


def settings_for(redis_url: str) -> dict:
    """The cache, session and page-cache settings of a process started with ``REDIS_URL=redis_url``."""
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "lms.settings"}
    code = f"import json, lms.settings as s; print(json.dumps({{k: getattr(s, k) for k in {SETTINGS_WITH_REDIS!r}}}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True,
                         timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def assert_site_works(user, attempt) -> None:
    from lms.privacy.models import Consent
    from lms.privacy.services import consent_record

    consent_record(user=user, context=Consent.Context.LOGIN)  # answered the privacy notice before (lms.privacy)
    client = Client(raise_request_exception=False)
    for url in PAGES:
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
    # Log-in (allauth's rate limits count in the cache) and a session that survives.
    response = client.post("/accounts/login/", {"login": user.email, "password": "Matkhau#2025"}, follow=True)
    assert response.status_code == 200 and response.wsgi_request.user.is_authenticated
    # Answer saving (its rate limit, if any, counts in the cache too).
    response = client.post(f"/quizzes/attempt/{attempt.pk}/answer/", content_type="application/json",
                           data=json.dumps({"position": 1, "fields": {"q1": ["c0"]}}), HTTP_ACCEPT="application/json")
    assert response.status_code in (200, 400), response.content[:300]  # 400: "c0" may not be a choice id
    assert client.get("/quizzes/").wsgi_request.user.is_authenticated


@pytest.fixture
def redis_settings(settings):
    settings.ACCOUNT_RATE_LIMITS_ENABLED = True
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login": "30/m/ip"}

    def use(redis_url: str):
        values = settings_for(redis_url)
        for name, value in values.items():  # setting_changed rebuilds the cache handler
            setattr(settings, name, value)
        return values

    return use


@pytest.mark.django_db
def test_pages_render_when_redis_is_unreachable(redis_settings, started_attempt):
    closed = free_port()  # nothing listens there
    values = redis_settings(f"redis://{HOST}:{closed}/11")
    assert "redis" in json.dumps(values["CACHES"]).lower() and values["PAGE_CACHE_ENABLED"] is True
    started = time.monotonic()
    assert_site_works(started_attempt.user, started_attempt)
    assert time.monotonic() - started < 30, "each cache call must fail fast, not hang"
    assert cache.get("anything") is None  # a miss, not an exception
    cache.set("anything", 1)  # dropped, not raised


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_redis_killed_and_restarted(redis_settings, started_attempt, tmp_path):
    port = free_port()
    args = ["redis-server", "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no",
            "--dir", str(tmp_path)]

    def start():
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                import redis

                if redis.Redis(host=HOST, port=port, socket_timeout=1).ping():
                    return process
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.05)
        process.kill()
        pytest.fail("redis-server did not start")

    server = start()
    try:
        redis_settings(f"redis://{HOST}:{port}/11")
        cache.set("faults-key", "kept", 60)
        assert cache.get("faults-key") == "kept"
        assert_site_works(started_attempt.user, started_attempt)
        signed_in = Client()
        signed_in.force_login(started_attempt.user)
        assert signed_in.get("/quizzes/").wsgi_request.user.is_authenticated
        server.kill()
        server.wait(10)
        assert cache.get("faults-key") is None  # degraded: a miss
        # Sessions are cached_db: losing Redis logs nobody out (the read falls back to the database).
        assert signed_in.get("/quizzes/").wsgi_request.user.is_authenticated
        assert_site_works(started_attempt.user, started_attempt)
        server = start()
        cache.set("faults-key", "again", 60)  # the cache recovers by itself
        assert cache.get("faults-key") == "again"
    finally:
        server.kill()
        server.wait(10)
