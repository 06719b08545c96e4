"""Periodic jobs (``manage.py run_scheduler``): statements the LRS did not take are tried again later; stale
unpacking folders are removed."""

from __future__ import annotations

import shutil
import time
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from . import conf
from .models import H5PStatement
from .tasks import forward_statement

# A failed statement gets this many task runs in all (each run tries H5P_LRS_MAX_ATTEMPTS times).
MAX_RUNS = 5


def retry_lrs_forwarding() -> int:
    """Enqueue statements still pending after 5 minutes, and failed ones that have runs left; returns how many."""
    if not conf.lrs_endpoint():
        return 0
    cutoff = timezone.now() - timedelta(minutes=5)
    waiting = Q(lrs_status="pending", created_at__lt=cutoff) | Q(
        lrs_status="failed", lrs_attempts__lt=conf.lrs_max_attempts() * MAX_RUNS
    )
    ids = list(H5PStatement.objects.filter(waiting).order_by("pk").values_list("pk", flat=True)[:500])
    for pk in ids:
        forward_statement.enqueue(pk)
    return len(ids)


def remove_stale_uploads(max_age_hours: int = 24) -> int:
    """Remove unpacking folders left in ``H5P_ROOT/.tmp`` by a crashed process; returns how many."""
    folder = conf.root() / ".tmp"
    if not folder.is_dir():
        return 0
    limit = time.time() - max_age_hours * 3600
    removed = 0
    for child in folder.iterdir():
        if child.stat().st_mtime < limit:
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
            removed += 1
    return removed
