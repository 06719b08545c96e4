"""`make run-prod` end to end: deploy/run-prod.sh boots gunicorn, the task worker and the scheduler with the
production settings (LMS_MODE=production, PostgreSQL, Redis DB 8, database task queue) on a random port, and:
a page renders with hashed static files cached for ever, a log-in session lives in Redis, and queued work (an
export job, a password-reset email) is done by the worker.

PostgreSQL only (the PostgreSQL leg of CI): the stack runs against this test run's own database, already
migrated, so the boot costs a no-op migrate and collectstatic. Skipped on SQLite or without Redis.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import signal
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.organisations.fixtures import *  # noqa: F403 - managers, units, people

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 8
PASSWORD = "Matkhau#2025"


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.prod_stack,
    pytest.mark.skipif(
        django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the production stack runs on PostgreSQL (CI's PostgreSQL leg)",
    ),
    pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True),  # the stack's processes must see this test's rows
]


@pytest.fixture(autouse=True)
def fast_password_hashing():
    """The production stack checks passwords with the real hashers: no fast test hasher here."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser over plain HTTP: cookies (Secure ones too, as on localhost), no redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept-Encoding": "gzip"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"http://127.0.0.1:{self.port}{path}", "Origin": f"http://127.0.0.1:{self.port}"})
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        if response.headers.get("Content-Encoding") == "gzip":  # pages are gzipped too since issue 15, like a browser's
            content = gzip.decompress(content)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, content

    def csrf_token(self, html: bytes) -> str:
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()


@pytest.fixture
def prod_stack(transactional_db, tmp_path):
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    db = connection.settings_dict
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    env.update({
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "PORT": str(port),
        "LMS_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOAD_DEMO": "0",
        "WEB_CONCURRENCY": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "ACCOUNT_RATE_LIMITS_ENABLED": "false",
        "EXPORT_SYNC_MAX_ROWS": "0",
    })
    log = open(tmp_path / "run-prod.log", "w+b")  # noqa: SIM115 - kept open for the processes' lifetime
    process = subprocess.Popen(["bash", "deploy/run-prod.sh"], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail("run-prod.sh stopped:\n" + log.read().decode(errors="replace")[-4000:])
            try:
                response, _ = Browser(port).request("GET", "/healthz")
                if response.status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail("the stack did not answer in 300 s:\n" + log.read().decode(errors="replace")[-4000:])
            time.sleep(0.5)
        yield {"port": port, "var": tmp_path / "var", "log": log}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        time.sleep(1)  # the worker and the scheduler let go of the test database
        log.close()


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return predicate()


def test_the_production_stack_serves_pages_keeps_sessions_in_redis_and_runs_queued_work(
    prod_stack, settings, manager_a, person, tree, course, enrol
):
    import redis
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from lms.privacy.models import Consent
    from lms.privacy.services import consent_record
    from reporting import queries
    from reporting.models import ExportJob
    from reporting.tasks import run_export_job

    consent_record(user=manager_a, context=Consent.Context.LOGIN)  # answered the privacy notice before
    browser = Browser(prod_stack["port"])

    # A page renders, with hashed static files that whitenoise serves with far-future caching.
    response, html = browser.request("GET", "/accounts/login/")
    assert response.status == 200 and b'name="password"' in html
    stylesheet = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html).group(1).decode()
    static, _ = browser.request("GET", stylesheet)
    assert static.status == 200
    assert "immutable" in static.headers["Cache-Control"] and "max-age=315360000" in static.headers["Cache-Control"]
    assert static.headers.get("Content-Encoding") == "gzip"

    # Log-in: the session lives in Redis (cached_db) and the next page knows the learner.
    response, _ = browser.request("POST", "/accounts/login/", {
        "csrfmiddlewaretoken": browser.csrf_token(html), "login": manager_a.email, "password": PASSWORD,
    })
    assert response.status == 302, response.status
    session_key = browser.cookies[django_settings.SESSION_COOKIE_NAME]
    keys = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).keys(f"*cached_db{session_key}")
    assert keys, "the session is in Redis"
    response, _ = browser.request("GET", "/manage/")
    assert response.status == 200

    # Queued work is done by the worker: an export job (queued here, as a web request would)…
    enrol(person(tree["C-A1"], full_name="Nguyễn Văn Một"), course)
    job = ExportJob.objects.create(owner=manager_a, format="csv", params=queries.Filters().to_params())
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = run_export_job.enqueue(str(job.pk))
    assert wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE), (
        DBTaskResult.objects.get(pk=result.id).status)
    # The job's own row says DONE from inside the task; the worker marks the task row SUCCESSFUL just after the
    # function returns: wait for that too (read at once, it was RUNNING on a loaded machine, 2026-12-06 CI).
    assert wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL), (
        DBTaskResult.objects.get(pk=result.id).status)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL and row.worker_ids
    assert ExportJob.objects.get(pk=job.pk).row_count >= 1

    # …and a password-reset email asked for over HTTP is sent by the worker, not by the web request.
    anonymous = Browser(prod_stack["port"])
    _, html = anonymous.request("GET", "/accounts/password/reset/")
    response, _ = anonymous.request("POST", "/accounts/password/reset/", {
        "csrfmiddlewaretoken": anonymous.csrf_token(html), "email": manager_a.email,
    })
    assert response.status == 302
    assert wait_for(lambda: DBTaskResult.objects.filter(
        task_path="lms.mail.deliver_email", status=TaskResultStatus.SUCCESSFUL).exists())
    mail_dir = prod_stack["var"] / "mail"
    assert wait_for(lambda: mail_dir.exists() and any(mail_dir.iterdir()), seconds=10)
    assert manager_a.email in "".join(p.read_text(errors="replace") for p in mail_dir.iterdir())
