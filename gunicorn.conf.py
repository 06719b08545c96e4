"""gunicorn settings for `make run` and production. Override with GUNICORN_CMD_ARGS."""

import os

wsgi_app = "lms.wsgi:application"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycling guards against slow leaks; at 5,000 a worker serving cached pages at ~1,000 requests/s was replaced
# every 5 s, each time with cold process caches (templates, routes, stored pages) (issue 17).
max_requests = 50000
max_requests_jitter = 5000
# The application is imported once, in the master, before the workers are forked: a worker recycled by
# max_requests (or killed by the timeout) starts at once instead of importing Django and Wagtail again for
# seconds of CPU while the others take its connections (measured by bench/lesson_page.py, docs/performance.md).
# Nothing opens a database or Redis connection at import, so no connection is shared between workers.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """The application is loaded (preload_app) and the workers are about to be forked: its objects move to the
    collector's permanent generation, so a worker's collections neither walk them nor write to their pages (each
    write would copy a page the worker shares with the master: ~100 MB copied anew by every recycled worker)."""
    import gc

    gc.collect()
    gc.freeze()
