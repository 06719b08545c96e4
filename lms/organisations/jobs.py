"""Periodic jobs of organisations (see ``settings.PERIODIC_JOBS``)."""

from django.utils import timezone

from .models import RosterUpload


def purge_expired_roster_uploads() -> int:
    """Delete roster files kept for a confirmation that never came (personal data: kept no longer than needed)."""
    deleted, _ = RosterUpload.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
