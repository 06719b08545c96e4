"""Periodic jobs of the privacy app (see ``settings.PERIODIC_JOBS``)."""

from .services import erasures_complete_due


def complete_due_erasures() -> int:
    """Carry out the erasure requests whose grace period has ended; returns how many accounts were anonymised."""
    return erasures_complete_due()
