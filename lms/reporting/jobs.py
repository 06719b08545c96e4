"""Periodic jobs of reporting (see ``settings.PERIODIC_JOBS``)."""


def purge_expired_exports() -> int:
    """Delete export files (and their jobs) past ``expires_at``; returns how many were purged."""
    from .services import export_jobs_purge_expired

    return export_jobs_purge_expired()
