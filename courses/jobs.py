"""Periodic jobs of the courses app (``manage.py run_scheduler``, ``settings.PERIODIC_JOBS``)."""

from __future__ import annotations

from . import visits


def flush_visits() -> int:
    """Lesson visits kept in Redis written to the database in one transaction (``courses.visits``)."""
    return visits.flush()
