"""Writes about personal data: consent, erasure (request, cancel, carry out) and the staff read log.

Messages are module constants shared by forms, views and tests.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lms.ratelimit import client_ip

from . import notices
from .models import Consent, ErasureRequest, PersonalDataAccess, PrivacyNotice
from .registry import DELETE, REFERENCES
from .signals import user_erasing

logger = logging.getLogger(__name__)

CONSENT_REQUIRED = _(
    "Bạn cần đọc và đánh dấu đồng ý với Thông báo xử lý dữ liệu cá nhân để tạo tài khoản. Nếu không đồng ý, bạn "
    "vẫn xem được bài học công khai mà không cần tài khoản."
)
CONSENT_THANKS = _("Cảm ơn bạn. Đã ghi nhận bạn đồng ý với Thông báo xử lý dữ liệu cá nhân.")
CONSENT_DECLINED = _(
    "Bạn đã không đồng ý nên đã được đăng xuất. Tài khoản và dữ liệu của bạn vẫn giữ nguyên; lần đăng nhập sau "
    "bạn sẽ được hỏi lại. Nếu muốn xóa tài khoản, hãy đăng nhập, đồng ý để vào mục \"Dữ liệu của tôi\", hoặc liên "
    "hệ quản trị viên."
)
WRONG_PASSWORD = _("Mật khẩu không đúng. Hãy nhập mật khẩu bạn dùng để đăng nhập, rồi bấm lại.")
CONFIRM_REQUIRED = _("Hãy đánh dấu ô xác nhận rằng bạn hiểu tài khoản sẽ bị xóa và không thể khôi phục.")
STAFF_CANNOT_ERASE = _(
    "Tài khoản cán bộ (biên tập, kiểm duyệt, quản trị) không tự xóa được vì gắn với nhật ký công việc. Hãy đề "
    "nghị quản trị viên thu hồi quyền cán bộ trước, rồi xóa tài khoản."
)
ERASURE_ALREADY_PENDING = _("Tài khoản của bạn đã có yêu cầu xóa đang chờ. Bạn có thể hủy yêu cầu đó ở trang này.")
ERASURE_REQUESTED = _(
    "Đã ghi nhận yêu cầu xóa tài khoản. Tài khoản sẽ bị xóa lúc %(due)s. Trước thời điểm đó bạn có thể đăng nhập "
    "và hủy yêu cầu tại trang này."
)
ERASURE_CANCELLED = _("Đã hủy yêu cầu xóa tài khoản. Tài khoản của bạn vẫn giữ nguyên.")
ERASURE_MAIL_SUBJECT = _("Yêu cầu xóa tài khoản Học vụ số")
ERASURE_MAIL_BODY = _(
    "Xin chào,\n\nChúng tôi nhận được yêu cầu xóa tài khoản Học vụ số gắn với địa chỉ email này. Tài khoản sẽ bị "
    "xóa lúc %(due)s.\n\nNếu không phải bạn yêu cầu, hoặc bạn đổi ý, hãy đăng nhập và hủy yêu cầu tại:\n%(url)s\n\n"
    "Nếu bạn không đăng nhập được, hãy dùng chức năng Quên mật khẩu rồi hủy yêu cầu."
)

ERASED_EMAIL_DOMAIN = "erased.hocvuso.invalid"  # .invalid: never mailed, hidden from exports (queries._shown_email)
MAX_GRACE_HOURS = 72  # Decree 13/2023/ND-CP art. 16(3): deletion within 72 hours of the data subject's request


# --- Consent ----------------------------------------------------------------------------------------------------


def current_notice() -> PrivacyNotice:
    """The notice of ``notices.CURRENT_VERSION``, stored the first time it is shown."""
    version = notices.CURRENT_VERSION
    notice = PrivacyNotice.objects.filter(version=version).first()
    if notice is None:
        notice, _created = PrivacyNotice.objects.get_or_create(
            version=version,
            defaults={
                "text_vi": notices.notice_text(version, "vi"),
                "text_en": notices.notice_text(version, "en"),
                "sha256": notices.notice_sha256(version),
            },
        )
    return notice


def has_current_consent(user) -> bool:
    if not getattr(user, "pk", None):
        return False
    return Consent.objects.filter(
        user=user, notice__version=notices.CURRENT_VERSION, decision=Consent.Decision.ACCEPTED
    ).exists()


def request_ip(request) -> str | None:
    if request is None:
        return None

    raw = (client_ip(request) or "").strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def consent_record(*, user, context: str, request=None, decision: str = Consent.Decision.ACCEPTED,
                   language: str | None = None) -> Consent:
    """Record ``user``'s answer to the current notice (what was shown: the notice row; when; in which language)."""
    language = (language or translation.get_language() or "vi")[:8]
    return Consent.objects.create(
        user=user, notice=current_notice(), decision=decision, context=context, language=language,
        ip_address=request_ip(request),
    )


# --- Staff reads ------------------------------------------------------------------------------------------------


Read = PersonalDataAccess.What  # what a staff member was shown: ``log_reads(what=Read.CERTIFICATE, ...)``


def log_reads(*, request, what: str, subjects) -> int:
    """Log that ``request.user`` was shown the personal data of ``subjects`` (users or user ids) on ``what``.
    One row per person; a person reading their own data is not logged. Returns the number of rows written."""
    reader = getattr(request, "user", None)
    if reader is None or not reader.is_authenticated:
        return 0
    ids = []
    for subject in subjects:
        pk = getattr(subject, "pk", subject)
        if pk is not None and pk != reader.pk and pk not in ids:
            ids.append(pk)
    if not ids:
        return 0
    now = timezone.now()
    ip = request_ip(request)
    path = request.get_full_path()[:500]
    PersonalDataAccess.objects.bulk_create([
        PersonalDataAccess(reader=reader, reader_email=reader.email[:255], subject_id=pk, what=what, path=path,
                           ip_address=ip, at=now)
        for pk in ids
    ])
    return len(ids)


# --- Erasure ----------------------------------------------------------------------------------------------------


def grace_period() -> dt.timedelta:
    hours = int(getattr(settings, "PRIVACY_ERASURE_GRACE_HOURS", 48))
    return dt.timedelta(hours=max(0, min(hours, MAX_GRACE_HOURS - 2)))


def can_self_erase(user) -> bool:
    return not (user.is_staff or user.is_superuser)


def pending_erasure(user) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).first()


@transaction.atomic
def erasure_request(*, user, password: str, confirmed: bool, withhold_name: bool = False,
                    now=None) -> ErasureRequest:
    """The learner asks for their account to be deleted. Checks the password and the confirmation; the account is
    anonymised at ``due_at`` (``grace_period()`` later, at most 70 hours) unless cancelled before. Raises
    ``ValidationError`` (a dict by field)."""
    if not can_self_erase(user):
        raise ValidationError({None: [ValidationError(STAFF_CANNOT_ERASE, code="staff")]})
    errors = {}
    if not password or not user.check_password(password):
        errors["password"] = [ValidationError(WRONG_PASSWORD, code="wrong_password")]
    if not confirmed:
        errors["confirm"] = [ValidationError(CONFIRM_REQUIRED, code="confirm")]
    if errors:
        raise ValidationError(errors)
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if pending_erasure(user) is not None:
        raise ValidationError({None: [ValidationError(ERASURE_ALREADY_PENDING, code="pending")]})
    now = now or timezone.now()
    request = ErasureRequest.objects.create(
        user=user, withhold_name=withhold_name, requested_at=now, due_at=now + grace_period()
    )
    transaction.on_commit(lambda: _mail_erasure_requested(request))
    if request.due_at <= now:
        erasure_complete(request=request, now=now)
    return request


def _mail_erasure_requested(request: ErasureRequest) -> None:
    user = request.user
    if not user.email or user.email.endswith(".invalid"):
        return
    url = settings.CERT_BASE_URL.rstrip("/") + reverse("privacy:delete")
    due = date_format(timezone.localtime(request.due_at), "SHORT_DATETIME_FORMAT")
    try:
        send_mail(str(ERASURE_MAIL_SUBJECT), str(ERASURE_MAIL_BODY) % {"due": due, "url": url},
                  None, [user.email])
    except Exception:  # noqa: BLE001 - the request stands; the page shows it
        logger.exception("Erasure notice to user %s could not be sent", user.pk)


@transaction.atomic
def erasure_cancel(*, user, now=None) -> bool:
    now = now or timezone.now()
    return bool(
        ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).update(
            status=ErasureRequest.Status.CANCELLED, cancelled_at=now
        )
    )


def erasures_complete_due(*, now=None) -> int:
    """Carry out every pending request whose grace period has ended (the periodic job). Returns how many."""
    now = now or timezone.now()
    done = 0
    for pk in ErasureRequest.objects.filter(status=ErasureRequest.Status.PENDING, due_at__lte=now).values_list(
        "pk", flat=True
    ):
        try:
            with transaction.atomic():
                request = (
                    ErasureRequest.objects.select_for_update().select_related("user")
                    .filter(pk=pk, status=ErasureRequest.Status.PENDING).first()
                )
                if request is None:
                    continue
                erasure_complete(request=request, now=now)
        except Exception:  # noqa: BLE001 - one failure must not stop the others; retried on the next run
            logger.exception("Erasure request %s failed", pk)
            continue
        done += 1
    return done


def erasure_complete(*, request: ErasureRequest, now=None) -> None:
    """Anonymise the account now (inside the caller's transaction): see ``anonymise_user``."""
    now = now or timezone.now()
    anonymise_user(user=request.user, withhold_name=request.withhold_name, now=now)
    ErasureRequest.objects.filter(pk=request.pk).update(status=ErasureRequest.Status.DONE, completed_at=now)
    request.status, request.completed_at = ErasureRequest.Status.DONE, now


@transaction.atomic
def anonymise_user(*, user, withhold_name: bool = False, now=None) -> None:
    """Remove what identifies the person and keep their results only as part of the totals.

    - The account: name, email, phone, birth year removed, no password, inactive (cannot log in), ``erased_at`` set;
      the population group and the place stay, so dashboards' totals do not change; lists and exports skip
      erased accounts (``reporting.queries``), so no row identifies the person.
    - Deleted: email addresses, sessions, H5P statements (raw answers), manager assignments, roles, export jobs
      with their files (the files by reporting's ``user_erasing`` receiver), admin preferences
      (``registry.REFERENCES`` with ``on_erase="delete"``).
    - Certificates stay verifiable; their PDF files (which print the name) are deleted; ``withhold_name`` also
      removes the printed name from the record, and the verification page says it was withheld on request.
    - Consents keep the notice version and time (proof of the basis of past processing), without the IP address.
    """
    now = now or timezone.now()
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)

    user_erasing.send(sender=User, user=user, withhold_name=withhold_name)
    for ref in REFERENCES:
        if ref.on_erase != DELETE:
            continue
        app_model, field = ref.label.rsplit(".", 1)
        if app_model == "accounts.User":
            getattr(user, field).clear()
            continue
        apps.get_model(app_model).objects.filter(**{field: user}).delete()
    Consent.objects.filter(user=user).update(ip_address=None)
    _delete_sessions(Session, user.pk)

    user.full_name = ""
    user.first_name = ""
    user.last_name = ""
    user.email = f"erased-{uuid.uuid4().hex}@{ERASED_EMAIL_DOMAIN}"
    user.phone = None
    user.phone_verified = False
    user.birth_year = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.erased_at = now
    user.save()


def _delete_sessions(Session, user_pk) -> None:
    """Sessions store the user id inside their data: decode each live one (few per site) and delete the user's."""
    if "db" not in settings.SESSION_ENGINE and "cached_db" not in settings.SESSION_ENGINE:
        return  # cache sessions expire; the account is inactive, so they no longer authenticate anyway
    stale = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000):
        try:
            if str(session.get_decoded().get("_auth_user_id")) == str(user_pk):
                stale.append(session.pk)
        except Exception:  # noqa: BLE001 - a corrupt session is not ours to judge
            continue
    Session.objects.filter(pk__in=stale).delete()
