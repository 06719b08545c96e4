"""Periodic jobs owned by the project itself."""

from django.core.management import call_command


def publish_scheduled_pages():
    """Wagtail's scheduled publishing (go-live and expiry dates)."""
    call_command("publish_scheduled", verbosity=0)
