"""Tools for the fault tests: a TCP proxy that can cut the database away, and a gunicorn server behind it.

Nothing here touches the machine's PostgreSQL server: the proxy sits between gunicorn and PostgreSQL, and
"the database goes away" means the proxy drops every connection and refuses new ones until restored.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
APP_NAME = "faults_web"  # application_name of the test server's connections


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class TcpProxy:
    """Forward 127.0.0.1:<port> to ``target``; ``cut()`` drops every connection and refuses new ones."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((HOST, 0))
        self._listener.listen(128)
        self.port = self._listener.getsockname()[1]
        self._up = threading.Event()
        self._up.set()
        self._closed = False
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self.accepted = 0
        self.refused = 0
        threading.Thread(target=self._accept_loop, name="faults-proxy", daemon=True).start()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                self.refused += 1
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            self.accepted += 1
            with self._lock:
                self._open.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                _close(s)
                with self._lock:
                    self._open.discard(s)

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._open) // 2

    def cut(self) -> None:
        """The database goes away: established connections are reset, new ones are closed at once."""
        self._up.clear()
        with self._lock:
            sockets = list(self._open)
            self._open.clear()
        for s in sockets:
            _close(s)

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self._closed = True
        self.cut()
        _close(self._listener)


def _close(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()


class Server:
    """gunicorn serving the project on a random loopback port, with the environment given."""

    def __init__(self, env: dict[str, str], workers: int = 1, threads: int = 4):
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.log = open(env.get("FAULTS_LOG", os.devnull), "ab")  # noqa: SIM115 - closed in stop()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"{HOST}:{self.port}",
             "--workers", str(workers), "--threads", str(threads), "--timeout", "30", "--graceful-timeout", "5"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if requests.get(f"{self.base}/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not become ready")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


def server_env(*, database_url: str, secret_key: str, media_root: str, **extra: str) -> dict[str, str]:
    """The environment of a test server: the same secret key as the test process (sessions), quiet logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_ALLOW_ASYNC"))}
    env.update({
        "DATABASE_URL": database_url, "SECRET_KEY": secret_key, "MEDIA_ROOT": media_root, "TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "lms.settings", "GUNICORN_ACCESS_LOG": "/dev/null", "LOG_LEVEL": "ERROR",
        "ACCOUNT_RATE_LIMITS_ENABLED": "0", "WEB_CONCURRENCY": "1",
    })
    env.pop("DEBUG", None)
    env.update(extra)
    return env


def terminate_backends() -> int:
    """``pg_terminate_backend`` every connection the test server opened (found by its application_name)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
                       [APP_NAME])
        return cursor.fetchone()[0]


def backends_waiting_on_lock() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'",
                       [APP_NAME])
        return cursor.fetchone()[0]


class Learner:
    """A learner's browser, reduced to what autosave does: a session cookie, the CSRF token, JSON posts."""

    def __init__(self, base: str, user):
        import requests
        from django.test import Client

        client = Client()
        client.force_login(user)
        self.base = base
        self.http = requests.Session()
        self.http.cookies.set("sessionid", client.cookies["sessionid"].value, domain=HOST)
        self.token = ""
        self.public: dict[int, dict[int, dict[str, str]]] = {}  # attempt → position → internal id → page id

    def open(self, attempt_pk: int, timeout: float = 10):
        if attempt_pk not in self.public:  # the page names choices by per-attempt opaque ids (issue 12)
            from quizzes.models import AttemptQuestion

            self.public[attempt_pk] = {
                position: {internal: public for public, internal in (aliases or {}).get("choices", {}).items()}
                for position, aliases in AttemptQuestion.objects.filter(attempt_id=attempt_pk)
                .values_list("position", "aliases")}
        response = self.http.get(f"{self.base}/quizzes/attempt/{attempt_pk}/", timeout=timeout)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if match:
            self.token = match.group(1)
        return response

    def save(self, attempt_pk: int, position: int, values: list[str], timeout: float = 15):
        return self.http.post(
            f"{self.base}/quizzes/attempt/{attempt_pk}/answer/", timeout=timeout,
            json={"position": position, "fields": {f"q{position}": [
                self.public.get(attempt_pk, {}).get(position, {}).get(v, v) for v in values]}},
            headers={"X-CSRFToken": self.token, "Accept": "application/json"})

    def submit(self, attempt_pk: int, timeout: float = 15):
        return self.http.post(f"{self.base}/quizzes/attempt/{attempt_pk}/submit/", timeout=timeout,
                              data={"csrfmiddlewaretoken": self.token, "confirm": "1"}, allow_redirects=False)


def right_choice(item) -> str:
    """The id of the right choice of a single-choice item (fraction 100)."""
    return next(c["id"] for c in item.version.data["choices"] if float(c["fraction"]) >= 100)


def wrong_choice(item) -> str:
    return next(c["id"] for c in item.version.data["choices"] if float(c["fraction"]) <= 0)
