"""Password reset by SMS code (issue 15): phone → a 6-digit code by SMS → the code and a new password.

The SMS sent to an existing number at sign-up tells its owner to use *Quên mật khẩu*, and many learners have no
email: this is that path for a phone. The rules, in plain functions the views call:

- **Requesting** (``reset_request``): whatever the number, the answer is the same page ("if this number has an
  account, a code is on its way"): the form is no oracle of which numbers have accounts. A code goes only to a
  number of an active account. Limits: ``RATE_LIMITS["password_reset_sms"]`` per number (3 codes per 15 minutes)
  and ``["password_reset_sms_ip"]`` per address; over them, a message that says when to try again.
- **The code** is 6 digits, valid ``CODE_MINUTES`` minutes, kept only as a keyed hash in the visitor's session
  (one pending reset per browser), and dies after ``MAX_ATTEMPTS`` wrong tries or one success.
- **Confirming** (``reset_confirm``): the right code and a new password that passes the password validators set
  the password (other sessions end: Django checks the password hash in each session) and mark the number verified.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from allauth.core.internal.cryptokit import generate_user_code
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from lms import ratelimit

from .models import User
from .services import normalise_phone
from .sms import send_sms

SESSION_KEY = "lms_phone_password_reset"
CODE_LENGTH = 6
CODE_MINUTES = 15
MAX_ATTEMPTS = 5

SMS_RESET_CODE = _(
    "Học vụ số: mã đặt lại mật khẩu của bạn là %(code)s. Mã dùng được trong %(minutes)d phút. Không đưa mã này "
    "cho bất kỳ ai."
)
CODE_WRONG = _("Mã không đúng. Vui lòng kiểm tra tin nhắn và nhập lại.")
CODE_DEAD = _("Mã đã hết hạn hoặc đã nhập sai quá nhiều lần. Vui lòng yêu cầu mã mới.")
NO_PENDING = _("Hãy nhập số điện thoại của bạn để nhận mã trước.")
PASSWORD_RESET_DONE = _("Đã đặt mật khẩu mới. Hãy đăng nhập bằng số điện thoại và mật khẩu mới.")


@dataclass(frozen=True)
class Refused:
    """Over a limit: ``message`` says when to try again."""

    message: str
    retry_after: int


def _hash(code: str, phone: str) -> str:
    return salted_hmac("lms.accounts.phone_reset", f"{phone}:{code}").hexdigest()


def _phone_ident(phone: str) -> str:
    return "phone" + hashlib.sha256(phone.encode()).hexdigest()[:32]


def _limited(request, phone: str) -> Refused | None:
    if not ratelimit.enabled():
        return None
    for action, ident in (
        ("password_reset_sms_ip", ratelimit.identity(request, "ip")),
        ("password_reset_sms", _phone_ident(phone)),
    ):
        rate = ratelimit.rate_for(action)
        if rate is None:
            continue
        decision = ratelimit.hit(action, ident, rate)
        if not decision.allowed:
            return Refused(ratelimit.retry_message(decision.retry_after), decision.retry_after)
    return None


def reset_request(request, *, phone: str) -> Refused | None:
    """Send a reset code to ``phone`` if it belongs to an active account, and remember the pending reset in the
    session either way. ``None`` when done (the same for every number), a ``Refused`` when over a limit."""
    phone = normalise_phone(phone) or phone
    refused = _limited(request, phone)
    if refused is not None:
        return refused
    user = User.objects.filter(phone=phone, is_active=True).first() if phone else None
    code = generate_user_code(length=CODE_LENGTH, numeric=True, dashed=False)
    request.session[SESSION_KEY] = {
        "phone": phone,
        "user_id": user.pk if user else None,
        "code": _hash(code, phone),
        "expires": time.time() + CODE_MINUTES * 60,
        "attempts": 0,
    }
    if user is not None:
        send_sms(phone, str(SMS_RESET_CODE % {"code": code, "minutes": CODE_MINUTES}))
    return None


def pending_phone(request) -> str | None:
    state = request.session.get(SESSION_KEY)
    return state["phone"] if state else None


def check_code(request, *, code: str) -> User:
    """The account whose reset ``code`` unlocks, or ``ValidationError`` (wrong: counted; dead: state dropped)."""
    state = request.session.get(SESSION_KEY)
    if not state:
        raise ValidationError(NO_PENDING, code="no_pending")
    if time.time() > state["expires"] or state["attempts"] >= MAX_ATTEMPTS:
        request.session.pop(SESSION_KEY, None)
        raise ValidationError(CODE_DEAD, code="dead")
    typed = "".join(ch for ch in (code or "") if ch.isdigit())
    user = User.objects.filter(pk=state["user_id"], is_active=True).first() if state["user_id"] else None
    if user is None or not constant_time_compare(_hash(typed, state["phone"]), state["code"]):
        state["attempts"] += 1
        request.session[SESSION_KEY] = state
        if state["attempts"] >= MAX_ATTEMPTS:
            request.session.pop(SESSION_KEY, None)
            raise ValidationError(CODE_DEAD, code="dead")
        raise ValidationError(CODE_WRONG, code="wrong")
    return user


def reset_confirm(request, *, user: User, password: str) -> User:
    """Set ``password`` (already validated against ``user``) and end the pending reset."""
    validate_password(password, user)
    phone = request.session.get(SESSION_KEY, {}).get("phone")
    user.set_password(password)
    fields = ["password"]
    if phone and user.phone == phone and not user.phone_verified:
        user.phone_verified = True  # the code reached that phone
        fields.append("phone_verified")
    user.save(update_fields=fields)
    request.session.pop(SESSION_KEY, None)
    return user
