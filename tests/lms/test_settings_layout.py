"""``lms/settings.py`` is grouped by concern and sets each setting once (issue 18): no name assigned twice on one
path through the file, no list extended further down (``PERIODIC_JOBS``, ``MIDDLEWARE``, ``INSTALLED_APPS``), no
import after the first statement, ``BASE_URL`` read from the environment once."""

import ast
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from .test_settings import run_manage

SOURCE = (Path(__file__).resolve().parents[2] / "lms" / "settings.py").read_text(encoding="utf-8")
TREE = ast.parse(SOURCE)


def _assigned(stmt) -> list[str]:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(
        stmt, ast.AnnAssign | ast.AugAssign) else []
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _twice(body, seen: frozenset) -> list[str]:
    """Names assigned again on one path through ``body`` (branches of an ``if`` are separate paths)."""
    dupes, here = [], set()
    for stmt in body:
        if isinstance(stmt, ast.If):
            for branch in (stmt.body, stmt.orelse):
                dupes += _twice(branch, seen | here)
            continue
        for name in _assigned(stmt):
            if name.isupper() and (name in here or name in seen):
                dupes.append(name)
            here.add(name)
    return dupes


def test_each_setting_is_set_once():
    assert _twice(TREE.body, frozenset()) == []


def test_no_setting_is_extended_further_down():
    calls = [
        node for node in ast.walk(TREE)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"append", "insert", "extend", "update"}
    ]
    assert calls == [], [ast.unparse(c) for c in calls]


def test_imports_are_at_the_top_and_base_url_is_read_once():
    first_other = next(i for i, stmt in enumerate(TREE.body)
                       if not isinstance(stmt, ast.Import | ast.ImportFrom | ast.Expr))
    assert all(not isinstance(stmt, ast.Import | ast.ImportFrom) for stmt in TREE.body[first_other:])
    assert "noqa: E402" not in SOURCE
    assert SOURCE.count('env.str("BASE_URL"') == 1


def test_the_values_are_the_ones_the_file_states():
    assert settings.CERT_BASE_URL == settings.BASE_URL == settings.WAGTAILADMIN_BASE_URL
    paths = [path for path, _seconds in settings.PERIODIC_JOBS]
    assert len(paths) == len(set(paths)) >= 10  # one list, each job once
    assert all(callable(import_string(path)) for path in paths)
    # gzip outermost (issue 15); the front door right inside it, before the stack it stands in for (issue 17)
    assert settings.MIDDLEWARE[:4] == ["django.middleware.gzip.GZipMiddleware", "lms.frontdoor.FrontDoorMiddleware",
                                       "django.middleware.security.SecurityMiddleware", "lms.csp.SiteCSPMiddleware"]
    order = settings.MIDDLEWARE.index  # the replica router sits after sessions and the user
    assert order("lms.authcache.CachedUserAuthenticationMiddleware") < order("lms.db_routers.ReplicaReadsMiddleware")
    assert len(settings.MIDDLEWARE) == len(set(settings.MIDDLEWARE))
    assert settings.AUTHENTICATION_BACKENDS[0] == "lms.accounts.lockout.LockoutBackend"
    assert {"django_tasks_db", "csp", "lms.accounts.wagtail_users_app.WagtailUsersConfig"} <= set(settings.INSTALLED_APPS)
    assert "wagtail.users" not in settings.INSTALLED_APPS


def test_the_signing_key_file_setting_reads_the_environment(tmp_path):
    out = run_manage("shell", "-c", "from django.conf import settings; print(settings.CERT_SIGNING_KEY_FILE)",
                     env_overrides={"CERT_SIGNING_KEY_FILE": "/run/secrets/cert-key", "TESTING": "1",
                                    "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}, tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "/run/secrets/cert-key"
