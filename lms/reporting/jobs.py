"""Periodic jobs of reporting (see ``settings.PERIODIC_JOBS``)."""


def purge_expired_exports() -> int:
    """Delete export files (and their jobs) past ``expires_at``; returns how many were purged."""
    from .services import export_jobs_purge_expired

    return export_jobs_purge_expired()


def fail_stale_exports() -> int:
    """Mark export jobs whose worker died (pending or running for too long) as failed; returns how many."""
    from .services import export_jobs_fail_stale

    return export_jobs_fail_stale()
