"""WSGI app for the HTTP benchmarks: the whole site (``lms.urls``, same settings and middleware) plus the bare
views the figures are compared with. Served by gunicorn from the repository root as ``bench.bench_server:application``;
never part of the real site (``lms.wsgi`` does not know these URLs).

- ``GET /bench/bare/<name>/``: a bare Django view returning the bytes of ``$BENCH_BODY_DIR/<name>.html``
  (a lesson page the bench saved), through the same middleware; the baseline of the lesson-page scenarios.
- ``POST /bench/bare-insert/``: one INSERT into ``bench_quiz_ping``; the baseline of the quiz-attempt scenario.
"""

import os
from pathlib import Path

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.http import Http404, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.cache import never_cache  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from lms import urls as site_urls  # noqa: E402

TABLE = "bench_quiz_ping"
_bodies: dict[str, bytes] = {}


@never_cache  # measured as a view, even if the site caches whole responses
def bare_page(request, name):
    if name not in _bodies:
        file = Path(os.environ.get("BENCH_BODY_DIR", "/nonexistent")) / f"{name}.html"
        if not name.isidentifier() or not file.is_file():
            raise Http404
        _bodies[name] = file.read_bytes()
    return HttpResponse(_bodies[name], content_type="text/html; charset=utf-8")


@csrf_exempt
def bare_insert(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (payload) VALUES (%s)", [request.body[:200].decode("utf-8", "replace")])
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/<str:name>/", bare_page),
    path("bench/bare-insert/", bare_insert),
    *site_urls.urlpatterns,
]
handler404, handler500 = site_urls.handler404, site_urls.handler500
settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
