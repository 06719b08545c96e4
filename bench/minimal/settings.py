"""The minimal Django app every page figure of issue 17 is compared with: one middleware (CommonMiddleware), no
database, no templates, no session, one view (``bench.minimal.app.page``) returning the bytes of a page the bench
saved. Served by gunicorn with the project's ``gunicorn.conf.py`` (the same workers × threads as the site) by
``bench/lesson_page.py``; it measures what Django + gunicorn cost on this machine, at this moment."""

import os

SECRET_KEY = "bench-minimal-app-not-secret"  # noqa: S105 - no session, no signing: never a real secret
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.minimal.app"
INSTALLED_APPS: list[str] = []
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES: dict = {}
USE_TZ = True
USE_I18N = False
BENCH_BODY_DIR = os.environ.get("BENCH_BODY_DIR", "/nonexistent")
