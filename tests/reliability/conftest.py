"""Fault tests: a real gunicorn server, a TCP proxy in front of PostgreSQL that the test can cut and restore.

The tests that need a server and a proxy run on PostgreSQL only (SQLite has no connection to break) and are
skipped cleanly on SQLite. They use pytest-django's test database (transactional tests), so gunicorn sees
the rows the test commits.
"""

from __future__ import annotations

import os

import pytest

from tests.quizzes.conftest import framework, make_assessment, make_question  # noqa: F401 - shared fixtures

from .support import APP_NAME, HOST, Server, TcpProxy, server_env, terminate_backends

# For whole modules: skipped at collection on SQLite, before any test database work.
requires_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (DATABASE_URL=postgres://…): a database server to cut off, its task queue")


def _is_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture
def postgresql(transactional_db):
    if not _is_postgresql():
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): SQLite has no server connection to break")
    from django.db import connection

    return connection.settings_dict


@pytest.fixture
def db_proxy(postgresql):
    proxy = TcpProxy((postgresql["HOST"] or HOST, int(postgresql["PORT"] or 5432)))
    yield proxy
    proxy.close()


def _database_url(settings_dict, port: int) -> str:
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    return f"postgres://{user}{password}@{HOST}:{port}/{settings_dict['NAME']}?application_name={APP_NAME}"


@pytest.fixture
def web(db_proxy, postgresql, settings, tmp_path):
    """gunicorn (1 worker, 4 threads) on the test database, through the proxy; persistent connections as in
    production (DB_CONN_MAX_AGE=60, health checks on)."""
    env = server_env(database_url=_database_url(postgresql, db_proxy.port), secret_key=settings.SECRET_KEY,
                     media_root=str(tmp_path / "media"), DB_CONN_MAX_AGE="60",
                     FAULTS_LOG=str(tmp_path / "gunicorn.log"))
    server = Server(env)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
        terminate_backends()  # nothing of the server's may outlive it (the test database is flushed next)


@pytest.fixture
def started_attempt(make_question, make_assessment, make_user):  # noqa: F811
    """A learner with an open attempt of 6 single-choice questions (one right answer each)."""
    from quizzes import services

    for _ in range(6):
        make_question("4.2", level=1)
    assessment = make_assessment(rows=(("4.2", 1, 1, 6),), slug="kiem-tra-su-co", pass_mark=50)
    user = make_user()
    attempt = services.attempt_start(assessment=assessment, user=user)
    return attempt
