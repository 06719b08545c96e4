"""Boot the project under real gunicorn workers (the ``make run`` stack) for tests that an in-process test client
cannot prove: how raw request paths reach the views, and what several worker processes share.

``gunicorn_server(tmp_path, workers=3, env={...})`` runs in embedded mode with its own ``var/``, media folder and
SQLite file under ``tmp_path`` (migrated first when ``migrate=True``), never Redis, and yields the base URL.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def embedded_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of ``make run`` on a bare machine, with every file under ``tmp_path``."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "TESTING", "DJANGO_SETTINGS_MODULE", "PAGE_CACHE"}}
    env.update({
        "LMS_MODE": "embedded",
        "LMS_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'db.sqlite3'}",
        "BASE_URL": "http://127.0.0.1:8000",
        "GUNICORN_ACCESS_LOG": os.devnull,
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    })
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,
                   timeout=600)


def raw_get(base: str, raw_path: str, headers: dict | None = None) -> tuple[int, bytes]:
    """GET exactly ``raw_path`` (no client-side normalisation of ``..`` or percent escapes)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest("GET", raw_path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn_server(tmp_path: Path, *, workers: int = 3, env: dict[str, str] | None = None, migrate: bool = False):
    env = env or embedded_env(tmp_path)
    Path(env["LMS_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    Path(env["MEDIA_ROOT"]).mkdir(parents=True, exist_ok=True)
    if migrate:
        manage(env, "migrate", "--noinput", "-v0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(GUNICORN), "lms.wsgi:application", "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", "1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError((tmp_path / "gunicorn.log").read_text(errors="replace")[-3000:])
            try:
                if raw_get(base, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 90 s")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
