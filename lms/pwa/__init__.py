"""The installable web app (issue 20): the Web App Manifest and the service worker, served by the project itself.

- ``/manifest.webmanifest``: the Vietnamese name, icons (192, 512 and a maskable 512 in ``static/img/icons/``),
  theme colours, ``start_url`` and ``lang``. The same for everyone (cached a day).
- ``/sw.js``: the worker built by ``npm run build:sw`` (Workbox's production builds from npm, pinned in
  ``package.json``, and ``lms/pwa/worker.src.js``; the build, ``lms/pwa/worker.js``, is committed so the site runs
  without node, as the H5P player is). Served from the site root so that its scope is the whole site
  (``Service-Worker-Allowed: /``), with ``Cache-Control: no-cache`` so that a new deployment's worker is found on
  the next page, and the list of files to precache filled in here: the stylesheet, ``js/offline.js`` (under their
  static URLs, hashed in production) and the offline page, with revisions from their content.

Nothing on a page loads the worker until a learner saves a course (``static/js/offline.js``): a first visit
downloads neither the worker nor what it precaches. Learning offline itself (manifests of saved courses, replay of
progress) is ``courses/offline.py``; ``lms`` names it only by URL.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

WORKER = Path(__file__).with_name("worker.js")
THEME_COLOUR = "#0b5394"  # --brand in static/css/site.css
BACKGROUND_COLOUR = "#ffffff"
PRECACHED_STATIC = ("css/site.css", "js/offline.js")


@require_GET
def manifest(request):
    icons = [
        {"src": static("img/icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": static("img/icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {"src": static("img/icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
         "purpose": "maskable"},
    ]
    data = {
        "name": getattr(settings, "WAGTAIL_SITE_NAME", "") or "Học vụ số",
        "short_name": "Học vụ số",
        "description": "Bình dân học vụ số – học kỹ năng số miễn phí, theo nhịp của bạn, cả khi không có mạng.",
        "lang": "vi",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["education"],
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    patch_cache_control(response, public=True, max_age=86400)
    return response


def _revision(path: str) -> str | None:
    found = finders.find(path)
    if not found:
        return None
    return hashlib.sha256(Path(found).read_bytes()).hexdigest()[:16]


@functools.lru_cache(maxsize=2)
def _worker_source(language: str) -> tuple[bytes, str]:
    with translation.override(language):
        try:
            fallback = reverse("offline_fallback")
        except NoReverseMatch:  # the courses app not installed: no offline page
            fallback = ""
    code = WORKER.read_text(encoding="utf-8")
    build = hashlib.sha256(code.encode()).hexdigest()[:16]
    precache = [{"url": static(path), "revision": _revision(path)} for path in PRECACHED_STATIC]
    if fallback:
        precache.append({"url": fallback, "revision": build})
    head = (f"self.HVS_PRECACHE = {json.dumps(precache)};\n"
            f"self.HVS_FALLBACK = {json.dumps(fallback)};\n"
            f"self.HVS_MEDIA = {json.dumps(settings.MEDIA_URL)};\n")
    body = (head + code).encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:20]


@require_GET
def service_worker(request):
    body, etag = _worker_source(settings.LANGUAGE_CODE)
    quoted = f'"{etag}"'
    if request.headers.get("If-None-Match") == quoted:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["ETag"] = quoted
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True)
    return response
