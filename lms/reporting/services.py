"""Writes of reporting: export jobs (create, run with progress, purge). Exports read through ``queries``."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from . import exports, queries
from .models import ExportJob

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500  # rows between progress saves


def sync_max_rows() -> int:
    return int(getattr(settings, "EXPORT_SYNC_MAX_ROWS", 50_000))


def retention() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "EXPORT_RETENTION_HOURS", 72)))


def export_filename(fmt: str, when=None) -> str:
    when = timezone.localtime(when or timezone.now())
    return f"hoan-thanh-{when:%Y%m%d-%H%M}.{fmt}"


def export_job_create(*, owner, filters: queries.Filters, fmt: str, total_rows: int = 0) -> ExportJob:
    """Record the job and enqueue it once the transaction commits (inline with the ImmediateBackend)."""
    from .tasks import run_export_job

    job = ExportJob.objects.create(owner=owner, format=fmt, params=filters.to_params(), total_rows=total_rows)
    transaction.on_commit(lambda: run_export_job.enqueue(str(job.pk)))
    return job


def export_job_run(*, job_id) -> ExportJob | None:
    """Write the job's file, saving progress as it goes. The owner's scope is applied now, as for a page."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, progress=0)
    filters = queries.Filters.from_params(job.params)
    try:
        total = queries.export_count(job.owner, filters)
        ExportJob.objects.filter(pk=job.pk).update(total_rows=total)

        def on_row(count: int) -> None:
            if count % PROGRESS_EVERY == 0 and total:
                ExportJob.objects.filter(pk=job.pk).update(progress=min(99, count * 100 // total), row_count=count)

        rows = queries.export_rows(job.owner, filters)
        with tempfile.TemporaryFile() as handle:
            if job.format == ExportJob.Format.XLSX:
                count = exports.write_xlsx(rows, handle, on_row=on_row)
            else:
                count = 0

                def counting(n: int) -> None:
                    nonlocal count
                    count = n
                    on_row(n)

                for chunk in exports.csv_lines(rows, on_row=counting):
                    handle.write(chunk)
            handle.seek(0)
            job.file.save(export_filename(job.format, job.created_at), File(handle), save=False)
        now = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            file=job.file.name, status=ExportJob.Status.DONE, progress=100, row_count=count, finished_at=now,
            expires_at=now + retention(),
        )
    except Exception as exc:  # noqa: BLE001 - recorded on the job for its owner to see
        logger.exception("Export job %s failed", job.pk)
        now = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:1000], finished_at=now, expires_at=now + retention()
        )
    job.refresh_from_db()
    return job


def export_jobs_purge_expired(*, now=None) -> int:
    """Delete expired jobs and their files."""
    now = now or timezone.now()
    purged = 0
    for job in ExportJob.objects.filter(expires_at__lte=now):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        purged += 1
    return purged
