"""Account lock-out after repeated failed log-ins: when it ends, and the message that says so.

The counting is allauth's (``ACCOUNT_RATE_LIMITS["login_failed"]``: per account and per IP, in the cache); this
module reads the same counters to tell the person *when* they may try again, instead of "a few minutes".
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import time

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from allauth.core.internal import ratelimit as rl
from django.conf import settings
from django.core import signing as django_signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.ratelimit import client_ip, retry_message

from .models import User
from .sms import send_sms

LOCKED_OUT = _(
    "Tài khoản tạm khóa vì đăng nhập sai quá nhiều lần. %(retry)s Nếu quên mật khẩu, hãy dùng “Quên mật khẩu?” "
    "để đặt lại ngay."
)


def login_retry_after(request, key: str, *, now: float | None = None) -> int:
    """Seconds until a log-in with ``key`` (allauth's per-account key) is accepted again; 0 when it is now."""
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
    return get_adapter(request)._get_login_attempts_cache_key(request, email=login)


def _outside_allauth(request) -> bool:
    """allauth's own log-in counts and checks failures itself (``AccountAdapter.pre_authenticate`` marks it)."""
    return request is not None and not getattr(request, "_lms_allauth_login", False)


class LockoutBackend:
    """First in ``AUTHENTICATION_BACKENDS``: refuses (PermissionDenied stops the other backends) a log-in to an
    account that allauth's ``login_failed`` limit has locked, when it does not come through allauth's forms.
    Without it the admin log-in pages were a way round the lock-out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = username or kwargs.get("email")
        if not login or not _outside_allauth(request):
            return None
        if not ratelimit.consume(request, action="login_failed", key=_attempts_key(request, login), dry_run=True):
            raise PermissionDenied
        if slowdown_wait(request, str(login).strip().lower()):
            raise PermissionDenied
        return None

    # No get_user(): it never logs anyone in, so Django skips it when it picks a backend for a session.


def count_failed_login(sender, credentials, request=None, **kwargs):
    """``user_login_failed`` receiver: a failure outside allauth counts towards the same lock-out."""
    from .adapter import login_of  # cycle: adapter imports lockout at its top

    login = credentials.get("username") or credentials.get("email")
    if login and _outside_allauth(request):
        ratelimit.consume(request, action="login_failed", key=_attempts_key(request, login))
    if request is not None:  # allauth's failures too: the account-wide slow-down counts every source
        try:
            record_failure(request, login_of(credentials))
        except Exception:  # counting must never turn a wrong password into a 500
            logger.warning("Lock-out: failure not counted", exc_info=True)


# --- Lock-out without denial of service (issue 14) ------------------------------------------------------------
#
# Anyone who knew an email could keep that account locked (the admins' are in the README): five wrong passwords
# from anywhere locked it for everyone. Now:
#   * the lock counts per account AND source: allauth's per-account key (``AccountAdapter``) includes the source,
#     which is the browser's signed *device cookie* when it has one for this account (a browser where the owner
#     logged in before, or opened the unlock link), else the client address. Five failures lock that source only;
#   * across all sources the account is only slowed down: after ``ACCOUNT_SLOWDOWN_AFTER`` failures in
#     ``WINDOW`` seconds each new attempt from a browser without the device cookie waits 2, 4, 8… up to
#     ``MAX_DELAY`` seconds after the previous failure. It is never locked account-wide;
#   * the owner is told (email, else SMS) when the slow-down starts or a source is locked, at most once per
#     window, with a signed link that unlocks the account from the browser that opens it (``unlock_view``):
#     staff are never locked by wrong passwords without being notified.

logger = logging.getLogger(__name__)

WINDOW = 15 * 60
SOURCE_LIMIT = 5  # allauth's "5/15m/key" (the key includes the source)
ACCOUNT_SLOWDOWN_AFTER = 10
MAX_DELAY = 60
DEVICE_COOKIE = "lms_login_device"
DEVICE_MAX_AGE = 180 * 24 * 3600
UNLOCK_MAX_AGE = 24 * 3600
_DEVICE_SALT = "lms.accounts.lockout.device"
_UNLOCK_SALT = "lms.accounts.lockout.unlock"

SLOWED_DOWN = _(
    "Tài khoản này vừa bị nhập sai mật khẩu nhiều lần. Để bảo vệ tài khoản, hãy chờ %(wait)s giây rồi thử lại. "
    "Chủ tài khoản đã được gửi một đường dẫn để mở khóa ngay trên máy của mình."
)
NOTIFY_SUBJECT = _("[Học vụ số] Có người nhập sai mật khẩu tài khoản của bạn")
NOTIFY_BODY = _(
    "Tài khoản của bạn trên Học vụ số vừa bị nhập sai mật khẩu %(count)s lần trong 15 phút. Nếu đó không phải "
    "bạn, mật khẩu của bạn vẫn an toàn và bạn không cần làm gì: tài khoản không bị khóa với bạn.\n\n"
    "Nếu bạn không đăng nhập được, hãy mở đường dẫn sau trên máy của bạn để mở khóa (dùng được trong 24 giờ):\n"
    "%(link)s\n\nNếu bạn nghi ngờ có người biết mật khẩu, hãy đổi mật khẩu ngay sau khi đăng nhập."
)
NOTIFY_SMS = _("Học vụ số: tài khoản của bạn vừa bị nhập sai mật khẩu %(count)s lần. Mở khóa trên máy của bạn: %(link)s")
UNLOCKED = _("Đã mở khóa. Bạn có thể đăng nhập ngay trên máy này.")
UNLOCK_INVALID = _("Đường dẫn mở khóa không hợp lệ hoặc đã hết hạn. Hãy dùng “Quên mật khẩu?” để đặt lại mật khẩu.")


def login_hash(login: str) -> str:
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:20]


def _logins_of(user) -> list[str]:
    logins = [user.email] if user.email else []
    if getattr(user, "phone", ""):
        logins.append(f"phone:{user.phone}")
    return logins


def device_cookie_value(user, nonce: str | None = None) -> str:
    return django_signing.dumps({"n": nonce or secrets.token_urlsafe(12), "k": [login_hash(x) for x in _logins_of(user)]},
                                salt=_DEVICE_SALT, compress=True)


def device_for(request, login: str) -> str | None:
    """The nonce of this browser's device cookie when it was given for ``login``'s account, else None."""
    raw = getattr(request, "COOKIES", {}).get(DEVICE_COOKIE)
    if not raw or not login:
        return None
    try:
        data = django_signing.loads(raw, salt=_DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except django_signing.BadSignature:
        return None
    if isinstance(data, dict) and login_hash(login) in data.get("k", []):
        return str(data.get("n"))[:32]
    return None


def source_of(request, login: str) -> str:
    """Who is trying: the device cookie for this account, else the client address."""
    device = device_for(request, login)
    return f"device:{device}" if device else f"ip:{client_ip(request)}"


def set_device_cookie(response, user, request=None) -> None:
    nonce = None
    if request is not None and user.email:
        nonce = device_for(request, user.email)
    response.set_cookie(DEVICE_COOKIE, device_cookie_value(user, nonce), max_age=DEVICE_MAX_AGE, httponly=True,
                        samesite="Lax", secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)))


def _account_key(login: str) -> str:
    return f"lockout:acct:{login_hash(login)}"


def account_failures(login: str) -> tuple[int, float]:
    """(failures of the account from all sources in the window, time of the last one)."""
    data = cache.get(_account_key(login)) or (0, 0.0)
    return int(data[0]), float(data[1])


def slowdown_wait(request, login: str, *, now: float | None = None) -> int:
    """Seconds before this browser may try ``login`` again because of the account-wide slow-down (0: now)."""
    if not login or device_for(request, login):
        return 0
    count, last = account_failures(login)
    if count < ACCOUNT_SLOWDOWN_AFTER:
        return 0
    delay = min(2 ** (count - ACCOUNT_SLOWDOWN_AFTER + 1), MAX_DELAY)
    now = time.time() if now is None else now
    return max(0, math.ceil(last + delay - now))


def slowed_down_message(wait: int) -> str:
    return str(SLOWED_DOWN) % {"wait": wait}


def record_failure(request, login: str) -> None:
    """Count a wrong password for ``login`` (account-wide, unless from the owner's device) and tell the owner
    when the slow-down starts or a source is locked."""
    if not login or device_for(request, login):
        return
    count, _last = account_failures(login)
    count += 1
    cache.set(_account_key(login), (count, time.time()), WINDOW)
    if count >= ACCOUNT_SLOWDOWN_AFTER or count >= SOURCE_LIMIT:
        notify_owner(login, count)


def _user_for(login: str):
    if login.startswith("phone:"):
        return get_adapter().get_user_by_phone(login.removeprefix("phone:"))
    return User.objects.filter(email__iexact=login).first()


def unlock_link(user) -> str:
    from .adapter import public_url  # cycle: adapter imports lockout at its top

    token = django_signing.dumps({"u": user.pk}, salt=_UNLOCK_SALT, compress=True)
    return public_url(reverse("account_unlock", kwargs={"token": token}))


def notify_owner(login: str, count: int) -> bool:
    """Mail (else SMS) the owner of ``login`` at most once per window. True when a message was sent."""
    user = _user_for(login)
    if user is None or not cache.add(f"lockout:notified:{user.pk}", 1, WINDOW):
        return False
    link = unlock_link(user)
    try:
        if user.email:
            send_mail(str(NOTIFY_SUBJECT), str(NOTIFY_BODY) % {"count": count, "link": link},
                      settings.DEFAULT_FROM_EMAIL, [user.email])
        elif getattr(user, "phone", ""):
            send_sms(user.phone, str(NOTIFY_SMS) % {"count": count, "link": link})
        else:
            return False
    except Exception:  # a mail or SMS outage must not turn a wrong password into a 500
        logger.warning("Lock-out: could not notify user %s", user.pk, exc_info=True)
        return False
    return True


def unlock_account(request, token: str):
    """The user whose account the signed ``token`` unlocks (counters cleared), or None."""
    try:
        data = django_signing.loads(token, salt=_UNLOCK_SALT, max_age=UNLOCK_MAX_AGE)
        user = _user_by_pk(data["u"])
    except (django_signing.BadSignature, KeyError, TypeError):
        return None
    if user is None:
        return None
    for login in _logins_of(user):
        cache.delete(_account_key(login))
    return user


def _user_by_pk(pk):
    return User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None
