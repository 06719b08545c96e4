"""Reports and exports read from a PostgreSQL read replica when one is configured (``DATABASE_REPLICA_URL``).

Routing is by *what is being done*, not by model: the managers' dashboards and exports read the same tables
(learners, enrolments, attempts) that learners write, and a learner must always read their own writes from the
primary. So reads go to the replica only inside ``replica_reads()``: the managers' pages (GET/HEAD under
``/manage/``, by ``ReplicaReadsMiddleware``) and the export task. Writes always go to the primary, and so do
reads of the rows that the work itself just wrote (``PRIMARY_ONLY``: the export job and its log, sessions, task
rows), which replication lag could hide. Without a replica every read stays on ``default``.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
PRIMARY_ONLY = {
    "reporting.ExportJob",
    "reporting.ExportLog",
    "sessions.Session",
    "django_tasks_db.DBTaskResult",
}
MANAGER_PATHS = re.compile(r"^/(?:[a-z]{2}/)?manage/")

_reading_replica: ContextVar[bool] = ContextVar("lms_reading_replica", default=False)


def replica_alias() -> str | None:
    """The replica's alias in DATABASES (settings.REPLICA_DATABASE, set with DATABASE_REPLICA_URL), or None."""
    return getattr(settings, "REPLICA_DATABASE", None) or None


@contextmanager
def replica_reads():
    """Reads inside go to the replica (when there is one), except ``PRIMARY_ONLY`` models."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _reading_replica.get() or model._meta.label in PRIMARY_ONLY:
            return None
        return replica_alias()

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None  # the replica follows the primary's schema


class ReplicaReadsMiddleware:
    """The managers' pages (GET/HEAD under /manage/) read from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and MANAGER_PATHS.match(request.path_info) and replica_alias():
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
