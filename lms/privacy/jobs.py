"""Periodic jobs of the privacy app (see ``settings.PERIODIC_JOBS``)."""


def complete_due_erasures() -> int:
    """Carry out the erasure requests whose grace period has ended; returns how many accounts were anonymised."""
    from .services import erasures_complete_due

    return erasures_complete_due()
