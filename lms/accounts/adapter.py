"""allauth adapter: Vietnamese messages, sign-up fields, Learners group, and phone numbers stored on User."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from lms.organisations.selectors import pending_invitations
from lms.privacy.models import Consent
from lms.privacy.services import consent_record

from .forms import PhoneField
from .lockout import locked_out_message, set_device_cookie, slowdown_wait, slowed_down_message, source_of
from .models import User
from .services import normalise_phone, user_add_to_learners
from .sms import send_sms

SMS_CODE_MESSAGE = _("Học vụ số: mã xác minh của bạn là %(code)s. Không đưa mã này cho bất kỳ ai.")
SMS_ACCOUNT_EXISTS = _(
    "Học vụ số: số điện thoại này đã có tài khoản nên không đăng ký thêm được. Người thân dùng chung máy: hãy "
    "đăng ký bằng email và để trống số điện thoại. Chủ tài khoản: hãy đăng nhập, hoặc chọn Quên mật khẩu để "
    "nhận mã qua SMS."
)

ERROR_MESSAGES = {
    "account_inactive": _("Tài khoản này đang bị khóa. Vui lòng liên hệ quản trị viên."),
    "cannot_remove_primary_email": _("Không thể xóa địa chỉ email chính."),
    "duplicate_email": _("Địa chỉ email này đã gắn với tài khoản của bạn."),
    "email_password_mismatch": _("Email hoặc mật khẩu không đúng. Vui lòng kiểm tra và thử lại."),
    "phone_password_mismatch": _("Số điện thoại hoặc mật khẩu không đúng. Vui lòng kiểm tra và thử lại."),
    "email_taken": _("Địa chỉ email này đã được dùng để đăng ký. Hãy đăng nhập, hoặc lấy lại mật khẩu."),
    "enter_current_password": _("Vui lòng nhập mật khẩu hiện tại."),
    "incorrect_code": _("Mã không đúng."),
    "incorrect_password": _("Mật khẩu không đúng."),
    "invalid_or_expired_key": _("Đường dẫn không hợp lệ hoặc đã hết hạn."),
    "invalid_login": _("Thông tin đăng nhập không hợp lệ."),
    "invalid_password_reset": _("Đường dẫn đặt lại mật khẩu không hợp lệ hoặc đã được dùng."),
    "max_email_addresses": _("Bạn không thể thêm quá %d địa chỉ email."),
    "rate_limited": _("Bạn vừa yêu cầu mã. Vui lòng đợi khoảng một phút rồi thử lại."),
    "phone_taken": _("Số điện thoại này đã được dùng cho một tài khoản khác."),
    "too_many_login_attempts": _("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng đợi vài phút rồi thử lại."),
    "unknown_email": _("Không có tài khoản nào dùng địa chỉ email này."),
    "unknown_phone": _("Không có tài khoản nào dùng số điện thoại này."),
    "unverified_primary_email": _("Bạn cần xác minh địa chỉ email chính trước."),
    "username_blacklisted": _("Không thể dùng tên này."),
    "username_password_mismatch": _("Tên đăng nhập hoặc mật khẩu không đúng."),
    "username_taken": _("Tên đăng nhập này đã có người dùng."),
}


def public_url(location: str) -> str:
    """``location`` (a path, or an absolute URL built from whatever Host the request claimed) re-rooted on
    ``settings.BASE_URL``: links that leave the platform by mail or SMS never carry a forged host."""
    parts = urlsplit(location or "/")
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{settings.BASE_URL.rstrip('/')}{path}{query}{fragment}"


def public_site() -> SimpleNamespace:
    """What allauth's mail templates see as ``current_site`` (its default is the request's Host)."""
    return SimpleNamespace(domain=urlsplit(settings.BASE_URL).netloc, name="Học vụ số")


def login_of(credentials: dict) -> str:
    """The account a log-in names: its email, or ``phone:<number>``."""
    login = credentials.get("email") or credentials.get("username") or ""
    if not login and credentials.get("phone"):
        login = "phone:" + (normalise_phone(credentials["phone"]) or credentials["phone"])
    return str(login).strip().lower()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **ERROR_MESSAGES}

    # --- Links in mails: from BASE_URL, never from the Host header (issue 14) ---------------------
    def get_reset_password_from_key_url(self, key: str) -> str:
        return public_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return public_url(super().get_email_confirmation_url(request, emailconfirmation))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every ``…_url`` of a mail's context (``password_reset_url``, ``activate_url``, ``signup_url``…) is
        re-rooted on BASE_URL, so a link allauth builds from the request (some flows call
        ``build_absolute_uri`` directly) cannot point at a forged host either."""
        context = {
            key: public_url(value) if key.endswith("_url") and isinstance(value, str) and value else value
            for key, value in context.items()
        }
        context["current_site"] = public_site()
        super().send_mail(template_prefix, email, context)

    # --- Lock-out after repeated failed log-ins (security, issue 8) -------------------------------
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """One counter per account. allauth keys on the email only, so every log-in by phone shared one
        counter: five wrong passwords by anyone locked every phone user out."""
        login = login_of(credentials)
        # Per account AND source (issue 14): five wrong passwords lock the source that sent them (the browser's
        # device cookie for this account, else the address), never the owner's other browsers.
        return f"{get_current_site(request).domain}:{login.lower()}|{source_of(request, login)}"

    def pre_authenticate(self, request, **credentials):
        request._lms_allauth_login = True  # counted here; lockout.LockoutBackend and its signal leave it alone
        wait = slowdown_wait(request, login_of(credentials))
        if wait:
            raise forms.ValidationError(slowed_down_message(wait), code="too_many_login_attempts")
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            if getattr(error, "code", None) != "too_many_login_attempts":
                raise
            key = self._get_login_attempts_cache_key(request, **credentials)
            raise forms.ValidationError(locked_out_message(request, key), code="too_many_login_attempts") from None

    # --- After sign-in: pending invitations to join a unit come first (issue 14) ------------------
    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        if pending_invitations(request.user):
            return reverse("unit_invitations") + "?" + urlencode({"next": url})
        return url

    def post_login(self, request, user, **kwargs):
        """A successful log-in marks this browser as the owner's device (lms.accounts.lockout)."""
        response = super().post_login(request, user, **kwargs)
        if hasattr(response, "set_cookie"):
            set_device_cookie(response, user, request)
        return response

    # --- Sign-up -----------------------------------------------------------------------------------
    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.full_name = data.get("full_name") or ""
        user.population_group = data.get("population_group")
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_add_to_learners(user=user)
            if data.get("privacy_consent"):  # required by the form: what was shown is the current notice
                consent_record(user=user, context=Consent.Context.SIGNUP, request=request)
        return user

    # --- Phone numbers (User.phone, User.phone_verified) ------------------------------------------
    def phone_form_field(self, **kwargs):
        return PhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalise_phone(phone) or phone

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = normalise_phone(phone)
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user, phone: str) -> None:
        user.phone = normalise_phone(phone)
        user.phone_verified = True
        user.save(update_fields=["phone", "phone_verified"])

    def get_user_by_phone(self, phone: str):
        try:
            phone = normalise_phone(phone)
        except Exception:  # not a phone number at all
            return None
        if not phone:
            return None
        return User.objects.filter(phone=phone).first()  # the auth backend refuses inactive users itself

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        send_sms(phone, str(SMS_CODE_MESSAGE % {"code": code}))

    def send_account_already_exists_sms(self, phone: str) -> None:
        # Sign-up with a number that has an account: allauth (enumeration prevention) shows the same
        # "code sent" page, and the owner of the number learns by SMS that they already have an account.
        send_sms(phone, str(SMS_ACCOUNT_EXISTS))
