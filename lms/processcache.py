"""Lookups kept in each process for ``TIMEOUT`` seconds: Wagtail's sites by host and port, and locales by language
code.

Sites: Wagtail read the site of every request with a query (``Site.find_for_request``); ``SiteMiddleware`` sets
the request's site from here (a copy per request, without its relations). Sites are set up once per deployment.

Locales: ``Locale.get_default()`` and ``Locale.get_active()``
were a query each time, five times per signed-in lesson page. Locales are created once per language and almost
never change, so each process keeps the answer for ``TIMEOUT`` seconds, and forgets them all at once when a
locale is saved or deleted in this process (``forget``; other processes within ``TIMEOUT``). A missing language
is never kept (the caller gets Wagtail's ``DoesNotExist`` as before)."""

from __future__ import annotations

import copy
import threading
import time

from wagtail.models import Site
from wagtail.models.i18n import LocaleManager

TIMEOUT = 60.0
_found: dict[str, tuple[float, object]] = {}
_lock = threading.Lock()
_original = LocaleManager.get_for_language


def get_for_language(self, language_code):
    now = time.monotonic()
    hit = _found.get(language_code)
    if hit is not None and now - hit[0] < TIMEOUT and self.db == "default":
        return hit[1]
    locale = _original(self, language_code)
    if self.db == "default":
        with _lock:
            _found[language_code] = (now, locale)
    return locale


def install() -> None:
    """Called once from ``lms.apps``: Wagtail's manager method answers from this cache."""
    LocaleManager.get_for_language = get_for_language


_sites: dict[tuple, tuple[float, object]] = {}


def site_for(request):
    """``Site.find_for_request`` from this process's memory: a copy of the site per request."""
    key = (request._get_raw_host(), request.get_port())
    now = time.monotonic()
    hit = _sites.get(key)
    if hit is None or now - hit[0] >= TIMEOUT:
        site = Site._find_for_request(request)
        if site is None:
            return None
        with _lock:
            _sites[key] = hit = (now, site)
    site = copy.copy(hit[1])
    site._state = copy.copy(site._state)
    site._state.fields_cache = {}
    return site


class SiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            try:
                request._wagtail_site = site_for(request)
            except Exception:  # noqa: BLE001 - a bad Host header: Wagtail finds (or refuses) it as before
                pass
        return self.get_response(request)


def forget(**_kwargs) -> None:
    """Forget every site and locale (a site or locale saved or deleted in this process; each test)."""
    with _lock:
        _found.clear()
        _sites.clear()
