"""Account lock-out after repeated failed log-ins: when it ends, and the message that says so.

The counting is allauth's (``ACCOUNT_RATE_LIMITS["login_failed"]``: per account and per IP, in the cache); this
module reads the same counters to tell the person *when* they may try again, instead of "a few minutes".
"""

from __future__ import annotations

import math
import time

from django.utils.translation import gettext_lazy as _

from lms.ratelimit import retry_message

LOCKED_OUT = _(
    "Tài khoản tạm khóa vì đăng nhập sai quá nhiều lần. %(retry)s Nếu quên mật khẩu, hãy dùng “Quên mật khẩu?” "
    "để đặt lại ngay."
)


def login_retry_after(request, key: str, *, now: float | None = None) -> int:
    """Seconds until a log-in with ``key`` (allauth's per-account key) is accepted again; 0 when it is now."""
    from allauth.core.internal import ratelimit as rl  # the counters allauth writes (tests pin this version)

    app = "allauth.account"
    now = time.time() if now is None else now
    wait = 0.0
    for rate in rl.get_rates(app=app, action="login_failed"):
        try:
            cache_key = rl.get_cache_key(request, app=app, action="login_failed", rate=rate, key=key)
        except Exception:  # per-user rates need a user; a log-in has none yet
            continue
        history = [t for t in rl.cache.get(cache_key, []) if t > now - rate.duration]
        if len(history) >= rate.amount:
            # newest first: the window frees a slot when the oldest counted failure leaves it
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)


def locked_out_message(request, key: str) -> str:
    wait = login_retry_after(request, key) or 60
    return str(LOCKED_OUT) % {"retry": retry_message(wait)}


# --- The same lock-out for log-ins outside allauth: Wagtail's admin log-in, the Django admin's, private pages' ----


def _attempts_key(request, login: str) -> str:
    from allauth.account.adapter import get_adapter

    return get_adapter(request)._get_login_attempts_cache_key(request, email=login)


def _outside_allauth(request) -> bool:
    """allauth's own log-in counts and checks failures itself (``AccountAdapter.pre_authenticate`` marks it)."""
    return request is not None and not getattr(request, "_lms_allauth_login", False)


class LockoutBackend:
    """First in ``AUTHENTICATION_BACKENDS``: refuses (PermissionDenied stops the other backends) a log-in to an
    account that allauth's ``login_failed`` limit has locked, when it does not come through allauth's forms.
    Without it the admin log-in pages were a way round the lock-out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from allauth.core import ratelimit
        from django.core.exceptions import PermissionDenied

        login = username or kwargs.get("email")
        if not login or not _outside_allauth(request):
            return None
        if not ratelimit.consume(request, action="login_failed", key=_attempts_key(request, login), dry_run=True):
            raise PermissionDenied
        return None

    # No get_user(): it never logs anyone in, so Django skips it when it picks a backend for a session.


def count_failed_login(sender, credentials, request=None, **kwargs):
    """``user_login_failed`` receiver: a failure outside allauth counts towards the same lock-out."""
    from allauth.core import ratelimit

    login = credentials.get("username") or credentials.get("email")
    if login and _outside_allauth(request):
        ratelimit.consume(request, action="login_failed", key=_attempts_key(request, login))
