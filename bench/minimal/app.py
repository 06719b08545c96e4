"""WSGI app and URLs of the minimal Django app (``bench.minimal.settings``): ``GET /<name>/`` returns the bytes of
``$BENCH_BODY_DIR/<name>.html``, read once per process. ``gunicorn bench.minimal.app:application``."""

import os
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.minimal.settings"

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import Http404, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

_bodies: dict[str, bytes] = {}


def page(request, name):
    if name not in _bodies:
        file = Path(settings.BENCH_BODY_DIR) / f"{name}.html"
        if not name.isidentifier() or not file.is_file():
            raise Http404
        _bodies[name] = file.read_bytes()
    return HttpResponse(_bodies[name], content_type="text/html; charset=utf-8")


def healthz(request):
    return HttpResponse("ok")


urlpatterns = [path("healthz", healthz), path("<str:name>/", page)]

application = get_wsgi_application()
