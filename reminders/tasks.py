"""Background work (django-tasks): one batch of reminders per task. Inline in embedded mode (ImmediateBackend)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminder_batch(ids: list[int]) -> dict:
    """Claim and send these reminders (``services.deliveries_send``); safe to run twice or beside another worker."""
    from .services import deliveries_send  # cycle: services enqueue this task

    return deliveries_send(ids=ids)
