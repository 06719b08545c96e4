"""A real ``manage.py db_worker`` is SIGKILLed in the middle of an export and of a certificate PDF (PostgreSQL).

The test holds the job's row lock from its own connection so that the worker's task is claimed (RUNNING in the
queue) and stuck inside its work; then the worker is killed with SIGKILL. After ``lms.tasks.requeue_stale_tasks``
a new worker runs both tasks again: one file, one PDF, one certificate. When the queue gives up instead (the
run limit is reached), the export job is marked failed with a message for its owner.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.utils import timezone

from reporting.models import ExportJob
from reporting.queries import Filters
from tests.organisations.fixtures import make_manager, manager_a, tree  # noqa: F401 - shared fixtures

from .conftest import requires_postgresql
from .support import ROOT, server_env

pytestmark = requires_postgresql

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _url(settings_dict) -> str:
    user = settings_dict["USER"] or "postgres"
    return f"postgres://{user}@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"


def _connect(settings_dict):
    return psycopg.connect(_url(settings_dict), autocommit=False)


def start_worker(env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2",
                             "--no-reload", "-v", "0"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def wait_until(predicate, timeout=30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def task_rows(path_suffix: str):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path__endswith=path_suffix)


@pytest.fixture
def worker_env(postgresql, settings, tmp_path):
    settings.TASKS = DATABASE_TASKS
    env = server_env(database_url=_url(postgresql), secret_key=settings.SECRET_KEY, media_root=settings.MEDIA_ROOT,
                     EXPORT_ROOT=str(tmp_path / "exports"), TASKS_BACKEND="database")
    return env


def _export_job(manager) -> ExportJob:
    from django.db import transaction

    from reporting import services

    with transaction.atomic():  # enqueued on commit, as from the export page
        job = services.export_job_create(owner=manager, filters=Filters(), fmt="csv")
    return job


def _certificate(make_user):
    """A certificate issued now; its PDF task is queued when the issue commits."""
    from certificates.services import certificate_issue

    user = make_user()
    certificate, created = certificate_issue(user=user, kind="course", achievement_key="faults-course",
                                             learner_name=user.full_name, achievement_title="Kỹ năng số cơ bản")
    assert created
    return certificate


def stale_since(minutes: int) -> None:
    """Move the start of every RUNNING task ``minutes`` back, as if the worker had died that long ago."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        started_at=timezone.now() - dt.timedelta(minutes=minutes))


def lock_sql(model) -> str:
    return f"SELECT 1 FROM {model._meta.db_table} WHERE id = %s FOR UPDATE"


def kill_mid_task(env, postgresql, lock_sql: str, row_id, task_suffix: str) -> None:
    """Hold the row lock, let a worker claim the task and block on it, SIGKILL the worker, release the lock."""
    holder = _connect(postgresql)
    try:
        holder.execute(lock_sql, [row_id])
        worker = start_worker(env)
        try:
            from django_tasks import TaskResultStatus

            assert wait_until(lambda: task_rows(task_suffix).filter(status=TaskResultStatus.RUNNING).exists()), \
                "the worker never claimed the task"
            time.sleep(0.5)  # inside the task, waiting on the row lock
        finally:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
        # A killed client's backend may still be queued on the lock; PostgreSQL would finish (and autocommit) its
        # statement once the lock is free. A dead machine's connections are dropped: drop this one now.
        holder.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )
    finally:
        holder.rollback()
        holder.close()


def test_worker_killed_mid_export_and_mid_pdf_then_requeued(worker_env, postgresql, manager_a, make_user, settings):  # noqa: F811
    from django_tasks import TaskResultStatus

    from certificates.models import Certificate
    from lms.tasks import requeue_stale_tasks

    job = _export_job(manager_a)
    kill_mid_task(worker_env, postgresql, lock_sql(ExportJob), job.pk, "run_export_job")
    certificate = _certificate(make_user)
    kill_mid_task(worker_env, postgresql, lock_sql(Certificate), certificate.pk, "generate_certificate_pdf")
    # What the dead worker left: both tasks RUNNING, no file, no PDF.
    assert task_rows("run_export_job").get().status == TaskResultStatus.RUNNING
    assert task_rows("generate_certificate_pdf").get().status == TaskResultStatus.RUNNING
    job.refresh_from_db()
    certificate.refresh_from_db()
    assert not job.is_finished and not job.file and not certificate.pdf
    # TASKS_STALE_MINUTES pass; the periodic job finds both; a new worker runs them once each.
    stale_since(settings.TASKS_STALE_MINUTES + 1)
    assert requeue_stale_tasks() == {"requeued": 2, "failed": 0}
    worker = subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v", "0"],
                            cwd=ROOT, env=worker_env, capture_output=True, timeout=120)
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert task_rows("run_export_job").get().status == TaskResultStatus.SUCCESSFUL
    assert task_rows("generate_certificate_pdf").get().status == TaskResultStatus.SUCCESSFUL
    job.refresh_from_db()
    certificate.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.file and job.row_count == job.total_rows
    assert certificate.pdf and certificate.pdf.storage.exists(certificate.pdf.name)
    assert Certificate.objects.filter(user=certificate.user).count() == 1


def test_queue_gives_up_then_the_export_fails_with_a_message(worker_env, postgresql, manager_a, settings):  # noqa: F811
    from django_tasks import TaskResultStatus

    from lms.tasks import WORKER_LOST, requeue_stale_tasks
    from reporting.jobs import fail_stale_exports

    settings.TASKS_MAX_ATTEMPTS = 1
    job = _export_job(manager_a)
    kill_mid_task(worker_env, postgresql, lock_sql(ExportJob), job.pk, "run_export_job")
    stale_since(settings.TASKS_STALE_MINUTES + 1)
    assert requeue_stale_tasks() == {"requeued": 0, "failed": 1}
    result = task_rows("run_export_job").get()
    assert result.status == TaskResultStatus.FAILED and result.exception_class_path == WORKER_LOST
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(
        minutes=settings.EXPORT_STALE_MINUTES + 1))
    assert fail_stale_exports() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.was_interrupted
