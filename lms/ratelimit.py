"""A small rate limiter on Django's cache (locmem in embedded mode, Redis in production), shared by every app.

    from lms.ratelimit import limit_or_429

    @limit_or_429("verify", per="ip")
    def verify(request): ...

or, inside a view: ``response = ratelimit.check(request, "answer", per="user")`` → ``None`` or a 429;
``ratelimit.charge(request, "answer", per="user", cost=n)`` counts n units (the quiz counts saved answers, not
requests) and returns the seconds to wait (0 when allowed).

Rates are in ``settings.RATE_LIMITS`` as ``"N/period"`` (``"60/m"``, ``"5/15m"``, ``"1000/h"``): a fixed window
per action and per user or client IP. A refused request gets 429, a Vietnamese message that says when to retry,
and ``Retry-After``. When the cache is down the limiter lets requests through (it must never take the site with
it); ``RATE_LIMITS_ENABLED = False`` turns it off (benchmarks, load tests).

Log-in, sign-up and password reset are limited by allauth (``ACCOUNT_RATE_LIMITS``, see lms/settings.py); its
429 page is :func:`handler429`.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from functools import wraps

from allauth.core.internal.httpkit import get_client_ip
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

TOO_MANY = _("Bạn thao tác quá nhanh. Vui lòng thử lại sau %(wait)s (lúc %(time)s).")

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"60/m"`` → 60 per 60 s; ``"5/15m"`` → 5 per 900 s."""
        amount, _sep, period = text.strip().partition("/")
        unit = period[-1:]
        if not amount.isdigit() or unit not in _UNITS:
            raise ValueError(f"Invalid rate {text!r}: expected 'N/period' such as '60/m' or '5/15m'")
        count = period[:-1] or "1"
        return cls(int(amount), int(float(count) * _UNITS[unit]))


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends (0 when allowed)


def enabled() -> bool:
    return bool(getattr(settings, "RATE_LIMITS_ENABLED", True))


def rate_for(action: str) -> Rate | None:
    text = (getattr(settings, "RATE_LIMITS", None) or {}).get(action)
    return Rate.parse(text) if text else None


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth sees it (``ALLAUTH_TRUSTED_PROXY_COUNT`` behind a proxy)."""
    try:
        return get_client_ip(request) or request.META.get("REMOTE_ADDR", "") or "unknown"
    except Exception:  # a malformed X-Forwarded-For must not break the page
        return request.META.get("REMOTE_ADDR", "") or "unknown"


def identity(request: HttpRequest, per: str) -> str:
    """``user`` falls back to the IP for anonymous visitors."""
    if per == "user" and request.user.is_authenticated:
        return f"u{request.user.pk}"
    return f"ip{client_ip(request)}"


def clock() -> float:
    """The time the windows are counted in (the tests align it to the start of a day: ``tests/conftest.py``)."""
    return time.time()


def hit(action: str, ident: str, rate: Rate, *, now: float | None = None, cost: int = 1) -> Decision:
    """Count ``cost`` units (one request, or the number of saves it makes) of ``ident`` for ``action``; refuse
    when the window then holds more than ``rate.amount``."""
    now = clock() if now is None else now
    window = int(now // rate.seconds)
    retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
    key = f"rl:{action}:{ident}:{rate.seconds}:{window}"
    try:
        if cache.add(key, cost, timeout=rate.seconds + 1):
            count = cost
        else:
            try:
                count = cache.incr(key, cost)
            except ValueError:  # expired between add() and incr()
                cache.set(key, cost, timeout=rate.seconds + 1)
                count = cost
    except Exception:  # cache unreachable: let the request through, say so once in the log
        logger.warning("Rate limiter: cache unavailable, %s not limited", action, exc_info=True)
        return Decision(True)
    if count is None:  # a cache that drops writes (degraded backend)
        return Decision(True)
    return Decision(count <= rate.amount, 0 if count <= rate.amount else retry_after)


def retry_message(retry_after: int) -> str:
    """"Vui lòng thử lại sau 40 giây (lúc 14:05)." in the visitor's language and time zone."""
    at = timezone.localtime(timezone.now() + timezone.timedelta(seconds=retry_after))
    if retry_after < 90:
        wait = ngettext("%(n)d giây", "%(n)d giây", retry_after) % {"n": retry_after}
    else:
        minutes = math.ceil(retry_after / 60)
        wait = ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes}
    return str(TOO_MANY) % {"wait": wait, "time": time_format(at, "H:i")}


def too_many_requests(request: HttpRequest, retry_after: int, message: str | None = None, *,
                      template: str = "too_many_requests.html") -> HttpResponse:
    """429 with ``Retry-After``: JSON for scripts (autosave, xAPI, API clients), a page for people."""
    message = message or retry_message(retry_after)
    accept = request.headers.get("Accept", "")
    if request.content_type == "application/json" or "application/json" in accept:
        response = JsonResponse({"ok": False, "error": message, "retry_after": retry_after}, status=429)
    else:
        response = render(request, template, {"message": message, "retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def check(request: HttpRequest, action: str, *, per: str = "ip") -> HttpResponse | None:
    """``None`` when the request may go on, else the 429 response to return."""
    rate = rate_for(action)
    if rate is None or not enabled():
        return None
    decision = hit(action, identity(request, per), rate)
    if decision.allowed:
        return None
    return too_many_requests(request, decision.retry_after)


def charge(request: HttpRequest, action: str, *, per: str = "ip", cost: int = 1) -> int:
    """Count ``cost`` units for ``action`` (e.g. the answers one request saves). Seconds to wait, 0 if allowed."""
    rate = rate_for(action)
    if rate is None or not enabled() or cost <= 0:
        return 0
    decision = hit(action, identity(request, per), rate, cost=cost)
    return 0 if decision.allowed else decision.retry_after


def limit_or_429(action: str, *, per: str = "ip", methods: tuple[str, ...] | None = None):
    """View decorator: ``@limit_or_429("verify", per="ip")``; ``methods`` limits only those methods."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods is None or request.method in methods:
                refused = check(request, action, per=per)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def handler429(request: HttpRequest, exception=None) -> HttpResponse:
    """allauth's 429 (log-in, sign-up, password reset over their limits; its page is lms/accounts/templates/429.html).
    allauth does not say which limit was hit; its per-address limits are per minute."""
    return too_many_requests(request, 60, retry_message(60), template="429.html")
