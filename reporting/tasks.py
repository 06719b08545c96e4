"""Background work (django-tasks): large exports. Inline in embedded mode (ImmediateBackend)."""

from __future__ import annotations

from django_tasks import task

from lms.db_routers import replica_reads


@task()
def run_export_job(job_id: str) -> int:
    """Write one export job's file; returns the number of rows written. The rows are read from the replica when
    one is configured (lms/db_routers.py); the job's own row and file are on the primary."""
    from .services import export_job_run  # cycle: services enqueue this task, importing it at their top

    with replica_reads():
        job = export_job_run(job_id=job_id)
    return job.row_count if job else 0


@task()
def apply_rollups() -> int:
    """Apply the learners noted since the last run to the dashboard counters (``rollups.apply_pending``)."""
    from .rollups import apply_pending

    return apply_pending()


@task()
def reconcile_rollups() -> int:
    """Recompute the dashboard counters from the facts and repair any drift (``rollups.reconcile``); returns how
    many learners' shares and counters were repaired (0 when nothing had drifted)."""
    from .rollups import reconcile

    report = reconcile()
    return report.learners + report.counters
