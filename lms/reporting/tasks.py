"""Background work (django-tasks): large exports. Inline in embedded mode (ImmediateBackend)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_export_job(job_id: str) -> int:
    """Write one export job's file; returns the number of rows written."""
    from .services import export_job_run

    job = export_job_run(job_id=job_id)
    return job.row_count if job else 0
