"""Build the managers' dashboard counters from the facts (``reporting/rollups.py``).

    manage.py rebuild_rollups            # recompute, repair what differs (safe while the site runs)
    manage.py rebuild_rollups --rebuild  # empty the counters first, then build them (after a bulk load)
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from reporting.rollups import apply_pending, reconcile


class Command(BaseCommand):
    help = "Build or reconcile the managers' dashboard counters from enrolments, attempts and accounts."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="empty the counters first")

    def handle(self, *args, rebuild=False, **options):
        started = time.monotonic()
        report = reconcile(rebuild=rebuild)
        applied = apply_pending()
        self.stdout.write(
            f"{report.checked} learners checked, {report.learners} shares and {report.counters} counters repaired, "
            f"{applied} noted changes applied ({time.monotonic() - started:.1f} s)"
        )
