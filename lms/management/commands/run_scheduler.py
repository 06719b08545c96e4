"""Runs the platform's periodic jobs in a loop (the embedded mode's cron).

Jobs are listed in ``settings.PERIODIC_JOBS`` as (dotted path, seconds between runs). Each app adds its own
(scheduled publishing, closing timed-out attempts…). A failing job is logged and retried on its next turn.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run periodic jobs (scheduled publishing, attempt time-outs…) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once=False, **options):
        jobs = [(import_string(path), path, interval) for path, interval in settings.PERIODIC_JOBS]
        next_run = {path: 0.0 for _, path, _ in jobs}
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            now = time.monotonic()
            for func, path, interval in jobs:
                if once or now >= next_run[path]:
                    if not once:  # a long-running loop recycles connections that are stale or broken
                        close_old_connections()
                    try:
                        func()
                    except Exception:  # noqa: BLE001 - a job's failure must not stop the others
                        logger.exception("Periodic job %s failed", path)
                    next_run[path] = now + interval
            if once:
                return
            time.sleep(1)
