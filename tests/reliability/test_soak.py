"""A small soak run in CI (PostgreSQL leg): 30 learners for 30 s take the standard test on gunicorn while an
editor publishes and a manager exports; no error, no lost or doubled answer. The full run is
``bench/soak.py --learners 300 --seconds 120`` (bench/README.md)."""

from __future__ import annotations

import importlib.util
import os
import sys

from tests.organisations.fixtures import course, make_manager, manager_a, place, tree  # noqa: F401 - shared fixtures

from .conftest import requires_postgresql
from .support import ROOT, Server, server_env

pytestmark = requires_postgresql

LEARNERS = int(os.environ.get("SOAK_CI_LEARNERS", "30"))
SECONDS = float(os.environ.get("SOAK_CI_SECONDS", "30"))


def load_soak():
    spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "bench" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_soak_small(postgresql, settings, tmp_path, course, manager_a, tree, place):  # noqa: F811
    from django.core.management import call_command
    from django.db import connection

    soak = load_soak()
    call_command("load_quiz_demo", verbosity=0)
    keys = soak.make_learners(LEARNERS, prefix="soak-ci", **place(tree["A-A1-X"]))  # in the manager's units
    manager_key = soak.session_for(manager_a)
    user = postgresql["USER"] or "postgres"
    url = f"postgres://{user}@{postgresql['HOST'] or '127.0.0.1'}:{postgresql['PORT'] or 5432}/{postgresql['NAME']}"
    server = Server(server_env(database_url=url, secret_key=settings.SECRET_KEY, media_root=str(tmp_path / "media"),
                               EXPORT_ROOT=str(tmp_path / "exports"), DB_CONN_MAX_AGE="60",
                               FAULTS_LOG=str(tmp_path / "gunicorn.log")), workers=2, threads=4)
    try:
        server.wait_ready()
        stats = soak.run_load(base=server.base, learner_keys=keys, manager_key=manager_key, page_ids=[course.pk],
                              seconds=SECONDS, think=None, ramp_share=0.15, publish_every=3, export_every=5)
    finally:
        server.stop()
        connection.close()
    result = soak.verify(stats)
    summary = soak.report(stats, result, SECONDS, LEARNERS)
    print(summary)
    assert not stats.errors, summary
    assert result["lost"] == [] and result["doubled"] == [], summary
    assert result["extra_attempts"] == 0 and result["extra_certificates"] == 0, summary
    # Throughput depends on the machine; what must hold is that everyone got through and answered something.
    assert stats.attempts_started == LEARNERS and stats.attempts_submitted == LEARNERS, summary
    assert result["answers_checked"] >= LEARNERS * 3, summary
    assert stats.publishes >= 3 and stats.exports >= 2 and stats.export_rows > 0, summary
