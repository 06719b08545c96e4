"""CSRF tokens for pages answered from the caches (``lms/frontdoor.py``): the very format and algorithm of
``django.middleware.csrf.get_token`` (a 32-character secret in the cookie, a new 32-character mask per token, the
secret enciphered with it), drawn from ``os.urandom`` in one call instead of ``secrets.choice`` per character.

Why: an anonymous visitor's first page draws a secret and a mask, 64 calls of ``secrets.choice``, about 0.15 ms,
when the whole page from the cache takes 0.3 ms (``bench/page_cpu.py``). The characters stay uniform: bytes at or
above the largest multiple of 62 are dropped (rejection sampling), never folded.

Django's own ``CsrfViewMiddleware`` checks what is posted back (tests post forms of cached pages with
``enforce_csrf_checks``).
"""

from __future__ import annotations

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_CHARS = CSRF_ALLOWED_CHARS
_COUNT = len(_CHARS)
_LIMIT = 256 - 256 % _COUNT
_INDEX = {char: index for index, char in enumerate(_CHARS)}


def random_string(length: int = CSRF_SECRET_LENGTH) -> str:
    out: list[str] = []
    while len(out) < length:
        out.extend(_CHARS[byte % _COUNT] for byte in os.urandom(length + 8) if byte < _LIMIT)
    return "".join(out[:length])


def get_token(request) -> str:
    """``django.middleware.csrf.get_token``: the request's secret (a new one when it has none), masked anew; the
    cookie is set again by ``CsrfViewMiddleware.process_response``."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = random_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_string()
    return mask + "".join(_CHARS[(_INDEX[s] + _INDEX[m]) % _COUNT] for s, m in zip(secret, mask, strict=True))
