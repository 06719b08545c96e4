"""The task queue's housekeeping (django-tasks-db): tasks whose worker died.

``db_worker`` marks a task RUNNING when it claims it and SUCCESSFUL or FAILED when it ends. A worker killed in
between (OOM, deploy, machine lost) leaves the row RUNNING for ever, and django-tasks-db has nothing that notices.
``requeue_stale_tasks`` (a periodic job) treats a task RUNNING for longer than ``TASKS_STALE_MINUTES`` as lost:
it is put back in the queue while it has had fewer than ``TASKS_MAX_ATTEMPTS`` runs, and marked failed after that.
The project's tasks are idempotent (a certificate is issued once, an export file is rewritten, a PDF redrawn), so
a second run of a task that was only slow does no harm; ``TASKS_STALE_MINUTES`` should still exceed the longest
task (a 1M-row export takes minutes, not half an hour).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

WORKER_LOST = "lms.tasks.WorkerLost"


class WorkerLost(Exception):
    """Recorded as the exception of a task whose worker stopped while running it."""


def requeue_stale_tasks(*, now=None) -> dict[str, int]:
    """Requeue (or fail, after too many runs) tasks left RUNNING by a dead worker; returns the counts."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.TASKS_STALE_MINUTES)
    counts = {"requeued": 0, "failed": 0}
    with transaction.atomic():
        stale = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
            .order_by("started_at")[:500]
        )
        for result in stale:
            runs = len(result.worker_ids or [])
            if runs < settings.TASKS_MAX_ATTEMPTS:
                result.status = TaskResultStatus.READY
                result.run_after = now
                result.started_at = None
                result.save(update_fields=["status", "run_after", "started_at"])
                counts["requeued"] += 1
                logger.warning("Task %s (%s) lost its worker after run %d: queued again", result.pk, result.task_path, runs)
            else:
                result.status = TaskResultStatus.FAILED
                result.finished_at = now
                result.exception_class_path = WORKER_LOST
                result.traceback = (
                    f"WorkerLost: still running {settings.TASKS_STALE_MINUTES} minutes after it started, on its "
                    f"run {runs} of {settings.TASKS_MAX_ATTEMPTS} (workers {', '.join(result.worker_ids or [])})"
                )
                result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                counts["failed"] += 1
                logger.error("Task %s (%s) lost its worker %d times: marked failed", result.pk, result.task_path, runs)
    return counts
