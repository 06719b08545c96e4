"""Periodic jobs of reporting (see ``settings.PERIODIC_JOBS``)."""

from .services import (
    export_files_purge_orphans,
    export_jobs_fail_stale,
    export_jobs_purge_expired,
    export_subscriptions_send,
)


def purge_expired_exports() -> int:
    """Delete export files (and their jobs) past ``expires_at``; returns how many were purged."""
    return export_jobs_purge_expired()


def purge_orphan_export_files() -> int:
    """Delete export files no job points at (older than the retention period); returns how many."""
    return export_files_purge_orphans()


def fail_stale_exports() -> int:
    """Mark export jobs whose worker died (pending or running for too long) as failed; returns how many."""
    return export_jobs_fail_stale()


def send_scheduled_exports() -> int:
    """Start the weekly export of every subscription due; each owner gets an email with the link when it is ready."""
    return export_subscriptions_send()


def apply_pending_rollups() -> int:
    """Apply the learners noted for the dashboard counters that no task applied yet; returns how many notes."""
    from .rollups import apply_pending

    return apply_pending()


def reconcile_rollups() -> int:
    """Queue the recomputation of the dashboard counters from the facts (``tasks.reconcile_rollups``: minutes at a
    million learners, so in the worker, not in the scheduler's loop); returns 1."""
    from .tasks import reconcile_rollups as task

    task.enqueue()
    return 1
