"""Full-page cache of Wagtail pages for anonymous visitors (home, catalogue, course overview, lesson).

Why not Django's cache middleware or wagtail-cache: every page carries the CSRF token (language and text-size
forms in the header) and a CSP nonce, so the HTML differs per visitor and Django's middleware refuses to store
it (``Vary: Cookie`` with a ``Set-Cookie``). Here the two per-visitor values are cut out when a page is stored and
filled in for each visitor when it is served; everything else is the same bytes for every anonymous visitor.

- Stored: GET/HEAD of a Wagtail page (marked by the ``before_serve_page`` hook in ``lms/wagtail_hooks.py``) by a
  visitor with no session cookie and no pending messages, answered 200 ``text/html`` without cookies of its own or
  ``Cache-Control: private``, from a page without view restrictions.
- Key: scheme, host, full path (the language prefix and catalogue filters are in it), the active language and the
  larger-text cookie (``/text-size/``). Each entry records the cache *generation* it was stored in; a hit reads
  the current generation and the entry in one round trip (``get_many``).
- Invalidation: any publish, unpublish, move or delete of a page starts a new generation (``invalidate``), so a
  new lesson is visible at once on the course page, the catalogue and the home page; old entries expire on their
  own after ``PAGE_CACHE_SECONDS``. Publishing is rare next to reading, so emptying everything is cheap.
- Redis down: the generation cannot be read, so pages are rendered as if there were no cache.

The middleware is the innermost one: sessions, CSRF, CSP, locale and security headers run on a hit as on a miss.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

GENERATION_KEY = "pagecache:generation"
CSRF_PLACEHOLDER = "__lms_pagecache_csrf__"
NONCE_PLACEHOLDER = "__lms_pagecache_nonce__"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
KEPT_HEADERS = {"content-type", "content-language", "vary", "cache-control", "link", "x-robots-tag"}


def mark_cacheable(request, page) -> None:
    """Called when Wagtail serves ``page``: its answer may be stored (see the module's rules)."""
    if getattr(page, "page_cache", True) is False or not request_is_cacheable(request):
        return  # a learner's page is never stored: spare it the view-restriction queries below
    if page.get_view_restrictions().exists():
        return
    request._page_cache_ok = True


def invalidate(**_kwargs) -> None:
    """Start a new generation: every stored page is out of date (signal receiver)."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def current_generation() -> int | None:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)  # still None: the cache is unreachable
    return generation


def page_key(request) -> str:
    """The entry's key. The generation is not in it but in the entry (``freeze``), so that a hit takes one cache
    round trip (the generation and the entry read together) instead of two."""
    text_size = "large" if request.COOKIES.get("textsize") == "large" else "normal"
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    return f"pagecache:{language}:{text_size}:{digest}"


def request_is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def response_is_cacheable(request, response) -> bool:
    return (
        getattr(request, "_page_cache_ok", False)
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def freeze(request, response, generation: int) -> dict:
    """The stored form of a response: per-visitor values replaced by placeholders, and the generation it
    belongs to (an entry of an older generation is out of date)."""
    body = response.content.decode(response.charset or "utf-8")
    body = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", body)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        body = body.replace(f'nonce="{nonce}"', f'nonce="{NONCE_PLACEHOLDER}"')
    headers = [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS]
    return {"body": body, "headers": headers, "charset": response.charset or "utf-8", "generation": generation}


def thaw(request, stored: dict) -> HttpResponse:
    """A response for this visitor: their CSRF token (cookie set by CsrfViewMiddleware) and CSP nonce."""
    body = stored["body"]
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in body and hasattr(request, "csp_nonce"):
        body = body.replace(NONCE_PLACEHOLDER, str(request.csp_nonce))
    response = HttpResponse(body.encode(stored["charset"]))
    for name, value in stored["headers"]:
        response[name] = value
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or not request_is_cacheable(request):
            return self.get_response(request)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key]) or {}  # one round trip on a hit; None: Redis is down
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = current_generation()
            if generation is None:
                return self.get_response(request)
        stored = found.get(key)
        if stored is not None and stored.get("generation") == generation:
            response = thaw(request, stored)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            cache.set(key, freeze(request, response, generation), timeout=settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
