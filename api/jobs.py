"""Periodic jobs of the open API (``settings.PERIODIC_JOBS``)."""

from __future__ import annotations

from django.core.management import call_command

from .services import due_deliveries
from .tasks import deliver_webhook


def send_due_webhooks() -> int:
    """Queue every pending delivery that is due (a retry after its backoff, or one whose worker died holding it:
    its lease ran out). Sending claims it first, so queueing one twice sends it once."""
    ids = due_deliveries()
    for delivery_id in ids:
        deliver_webhook.enqueue(str(delivery_id))
    return len(ids)


def clear_expired_tokens() -> None:
    """django-oauth-toolkit's ``cleartokens``: access tokens past their expiry are deleted."""
    call_command("cleartokens")
