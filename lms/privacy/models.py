"""Records about personal data: the privacy notice as shown, each consent to it, each erasure request, and each
read of a person's data by staff. See README.md and docs/security.md ("Personal data")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivacyNotice(models.Model):
    """One version of the privacy notice, exactly as shown (both languages). Created from ``notices.py`` the first
    time that version is shown; never edited afterwards (a changed text is a new version)."""

    version = models.CharField(_("phiên bản"), max_length=32, unique=True)
    text_vi = models.TextField(_("nội dung (tiếng Việt)"))
    text_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    published_at = models.DateTimeField(_("ngày áp dụng"), default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("thông báo xử lý dữ liệu cá nhân")
        verbose_name_plural = _("thông báo xử lý dữ liệu cá nhân")

    def __str__(self) -> str:
        return self.version


class Consent(models.Model):
    """A person's answer to one version of the notice: when, where (sign-up or a later sign-in), in which language,
    from which address. Kept after an erasure (the address is removed) as proof that processing had a basis."""

    class Context(models.TextChoices):
        SIGNUP = "signup", _("Khi đăng ký")
        LOGIN = "login", _("Khi đăng nhập (người dùng đã có tài khoản)")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Đồng ý")
        DECLINED = "declined", _("Không đồng ý")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="consents"
    )
    notice = models.ForeignKey(
        PrivacyNotice, verbose_name=_("thông báo"), on_delete=models.PROTECT, related_name="consents"
    )
    decision = models.CharField(_("trả lời"), max_length=16, choices=Decision.choices, default=Decision.ACCEPTED)
    context = models.CharField(_("khi nào"), max_length=16, choices=Context.choices)
    language = models.CharField(_("ngôn ngữ hiển thị"), max_length=8, default="vi")
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "notice", "decision"])]
        verbose_name = _("đồng ý xử lý dữ liệu")
        verbose_name_plural = _("đồng ý xử lý dữ liệu")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.notice_id} · {self.decision} · {self.at:%Y-%m-%d %H:%M}"


class ErasureRequest(models.Model):
    """A learner's request to delete their account. It is carried out at ``due_at`` (the grace period, during
    which the learner may cancel it) by the periodic job ``lms.privacy.jobs.complete_due_erasures``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ xóa")
        CANCELLED = "cancelled", _("Đã hủy")
        DONE = "done", _("Đã xóa")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE,
        related_name="erasure_requests",
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.PENDING)
    withhold_name = models.BooleanField(
        _("ẩn họ tên trên chứng nhận"), default=False,
        help_text=_("Trang kiểm tra chứng nhận vẫn xác nhận chứng nhận, nhưng không hiện họ tên."),
    )
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now)
    due_at = models.DateTimeField(_("thời điểm xóa"), db_index=True)
    cancelled_at = models.DateTimeField(_("thời điểm hủy"), null=True, blank=True)
    completed_at = models.DateTimeField(_("thời điểm đã xóa"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_erasure_per_user"
            )
        ]
        verbose_name = _("yêu cầu xóa tài khoản")
        verbose_name_plural = _("yêu cầu xóa tài khoản")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.get_status_display()} · {self.due_at:%Y-%m-%d %H:%M}"


class PersonalDataAccess(models.Model):
    """One read of a person's data by a member of staff or a manager: who read, whose data, what, when, from where.

    Written by ``access.log_reads`` from the pages that show people (see README.md); exports keep their own log
    (``reporting.ExportLog``). Never edited; readable by administrators and auditors only
    (``privacy.view_personaldataaccess``)."""

    class What(models.TextChoices):
        REQUIREMENT_LIST = "requirement_list", _("Danh sách người chưa đạt yêu cầu (trang quản lý)")
        CERTIFICATE_LIST = "certificate_list", _("Danh sách chứng nhận (trang quản lý)")
        CERTIFICATE = "certificate", _("Chi tiết chứng nhận (trang quản lý)")
        LEARNER = "learner", _("Hồ sơ học tập của một người học (trang quản lý)")
        ADMIN_USER = "admin_user", _("Hồ sơ người dùng (trang quản trị)")
        ADMIN_USER_LIST = "admin_user_list", _("Danh sách người dùng (trang quản trị)")
        DJANGO_ADMIN_USER = "django_admin_user", _("Hồ sơ người dùng (Django admin)")
        SESSION_SHEET = "session_sheet", _("Danh sách đăng ký, điểm danh buổi hướng dẫn (trang người hướng dẫn)")

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xem"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="personal_data_reads",
    )
    reader_email = models.CharField(
        _("người xem (lúc xem)"), max_length=255, help_text=_("Giữ lại cả khi tài khoản người xem bị xóa.")
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người được xem"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="personal_data_read_by_staff",
    )
    what = models.CharField(_("dữ liệu"), max_length=32, choices=What.choices)
    path = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "-at"]), models.Index(fields=["reader", "-at"])]
        verbose_name = _("nhật ký xem dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký xem dữ liệu cá nhân")

    def __str__(self) -> str:
        return f"{self.reader_email} · {self.get_what_display()} · {self.at:%Y-%m-%d %H:%M}"
