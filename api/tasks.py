"""Background work (django-tasks): sending one webhook delivery. Retries are scheduled on the delivery row
(``next_attempt_at``) and picked up by ``api.jobs.send_due_webhooks``."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: str) -> str:
    from .services import webhook_deliver  # services enqueue this task: imported here to keep the import one-way

    return webhook_deliver(delivery_id=delivery_id)
