"""WSGI app for bench/quiz_attempt.py: the whole site plus a bare POST view doing one INSERT (the baseline).

Served by gunicorn with ``--pythonpath bench quiz_attempt_server:application``; never part of the real site.
"""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from lms import urls as site_urls  # noqa: E402

TABLE = "bench_quiz_ping"


@csrf_exempt
def bare_insert(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (payload) VALUES (%s)", [request.body[:200].decode("utf-8", "replace")])
    return HttpResponse("ok")


urlpatterns = [path("bench/bare-insert/", bare_insert), *site_urls.urlpatterns]
handler404, handler500 = site_urls.handler404, site_urls.handler500
settings.ROOT_URLCONF = __name__

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
