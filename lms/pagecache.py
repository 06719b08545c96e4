"""Full-page cache of Wagtail pages for anonymous visitors (home, catalogue, course overview, lesson).

Why not Django's cache middleware or wagtail-cache: every page carries the CSRF token (language and text-size
forms in the header) and a CSP nonce, so the HTML differs per visitor and Django's middleware refuses to store
it (``Vary: Cookie`` with a ``Set-Cookie``). Here the two per-visitor values are cut out when a page is stored and
filled in for each visitor when it is served; everything else is the same bytes for every anonymous visitor.

- Stored: GET/HEAD of a Wagtail page (marked by the ``before_serve_page`` hook in ``lms/wagtail_hooks.py``) by a
  visitor with no session cookie and no pending messages, answered 200 ``text/html`` without cookies of its own
  (the CSRF cookie excepted) or ``Cache-Control: private``, from a page without view restrictions, with the final
  headers of the whole middleware stack.
- Key: scheme, host, full path (the language prefix and catalogue filters are in it), the active language and the
  larger-text cookie (``/text-size/``). Each entry records the cache *generation* it was stored in; a hit reads
  the current generation and the entry in one round trip (``get_many``).
- Invalidation: any publish, unpublish, move or delete of a page starts a new generation (``invalidate``), so a
  new lesson is visible at once on the course page, the catalogue and the home page; old entries expire on their
  own after ``PAGE_CACHE_SECONDS``. Publishing is rare next to reading, so emptying everything is cheap.
- Redis down: the generation cannot be read, so pages are rendered as if there were no cache.

Served by ``lms.frontdoor.FrontDoorMiddleware`` before the middleware stack (what the stack would do for a stored
page, the front door does with Django's own functions: see its docstring).
"""

from __future__ import annotations

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from lms import csrftoken, localpages

GENERATION_KEY = "pagecache:generation"
CSRF_PLACEHOLDER = "__lms_pagecache_csrf__"
NONCE_PLACEHOLDER = "__lms_pagecache_nonce__"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_PLACEHOLDERS = re.compile(f"({CSRF_PLACEHOLDER}|{NONCE_PLACEHOLDER})")
SKIPPED_HEADERS = {"content-length", "set-cookie", "x-fast-lane", "x-page-cache"}


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
    localpages.forget()


def current_generation() -> int | None:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)  # still None: the cache is unreachable
    return generation


def page_key(request, language: str) -> str:
    """The entry's key. The generation is not in it but in the entry (``freeze``), so that a hit takes one cache
    round trip (the generation and the entry read together) instead of two."""
    text_size = "large" if request.COOKIES.get("textsize") == "large" else "normal"
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:32]
    return f"pagecache:{language}:{text_size}:{digest}"


def request_is_cacheable(request) -> bool:
    """The front door let this request through as an anonymous visitor's that may be stored."""
    return getattr(request, "_page_cache_key", None) is not None


def response_is_cacheable(request, response) -> bool:
    return (
        getattr(request, "_page_cache_ok", False)
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}  # set again on every hit, as Django does
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def freeze_headers(request, response) -> list[tuple[str, str]]:
    """The final headers of a response (everything the middleware stack added), the CSP nonce cut out; the cookies
    and the length are each hit's own."""
    nonce = getattr(request, "_csp_nonce", None)
    headers = []
    for name, value in response.items():
        if name.lower() in SKIPPED_HEADERS:
            continue
        if isinstance(nonce, str) and nonce:
            value = value.replace(f"'nonce-{nonce}'", f"'nonce-{NONCE_PLACEHOLDER}'")
        headers.append((name, value))
    return headers


def thaw_headers(response, headers: list[tuple[str, str]], nonce: str) -> None:
    for name, value in headers:
        response[name] = value.replace(NONCE_PLACEHOLDER, nonce) if NONCE_PLACEHOLDER in value else value


def freeze(request, response, generation: int) -> dict:
    """The stored form of a response: per-visitor values replaced by placeholders, and the generation it
    belongs to (an entry of an older generation is out of date)."""
    body = response.content.decode(response.charset or "utf-8")
    body = CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", body)
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        body = body.replace(f'nonce="{nonce}"', f'nonce="{NONCE_PLACEHOLDER}"')
    charset = response.charset or "utf-8"
    return {"segments": _segments(body, charset), "headers": freeze_headers(request, response), "charset": charset,
            "generation": generation, "csrf_cookie": settings.CSRF_COOKIE_NAME in response.cookies}


def _segments(body: str, charset: str) -> list:
    """The body as encoded bytes between the placeholders, which stay as ``str``: a hit joins bytes instead of
    searching and encoding the whole page again."""
    return [part if part in (CSRF_PLACEHOLDER, NONCE_PLACEHOLDER) else part.encode(charset)
            for part in _PLACEHOLDERS.split(body)]


def thaw(request, stored: dict) -> HttpResponse:
    """A response for this visitor: their CSRF token (``csrftoken.get_token``; the front door sets the cookie) and
    CSP nonce (``request.csp_nonce``, drawn by the front door)."""
    nonce = str(request.csp_nonce)
    token = None
    out = []
    for part in stored["segments"]:
        if part.__class__ is bytes:
            out.append(part)
        elif part == CSRF_PLACEHOLDER:
            if token is None:
                token = csrftoken.get_token(request).encode("ascii")
            out.append(token)
        else:
            out.append(nonce.encode("ascii"))
    response = HttpResponse(b"".join(out))
    thaw_headers(response, stored["headers"], nonce)
    return response
