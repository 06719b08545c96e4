"""Periodic jobs of reminders (``settings.PERIODIC_JOBS``, run by ``manage.py run_scheduler``)."""

from django.utils import timezone

from .services import deliveries_dispatch, plan_deadline_reminders, plan_nudges, plan_session_reminders


def plan_reminders() -> int:
    """Plan the deadline reminders, nudges and session reminders due now, then hand what is due to the worker."""
    now = timezone.now()
    added = plan_deadline_reminders(now=now) + plan_nudges(now=now) + plan_session_reminders(now=now)
    deliveries_dispatch(now=now)
    return added


def dispatch_reminders() -> int:
    """Hand due reminders (new, waiting for quiet hours to end, retried, or lost by a dead worker) to the worker."""
    return deliveries_dispatch(now=timezone.now())
