"""Periodic jobs (``settings.PERIODIC_JOBS``)."""

from __future__ import annotations

from . import services


def remove_stale_work() -> int:
    """Work folders of transcoding runs that died (a killed worker) and uploads checked but never saved."""
    return services.remove_stale_work()
