"""What the reminders app stores: each person's choices (``Preference``) and every reminder planned, sent or
skipped (``Delivery``), one row per person × reminder, keyed so that it can be claimed and sent once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    """A learner's choices. No row means the defaults: every channel, nudges on, Vietnamese."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người học"), on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    by_email = models.BooleanField(_("nhận qua email"), default=True)
    by_sms = models.BooleanField(_("nhận qua tin nhắn SMS"), default=True)
    nudges = models.BooleanField(
        _("nhận lời nhắc học tiếp"), default=True,
        help_text=_("Lời nhắc khi bạn dừng giữa chừng một khóa học. Thông báo về hạn hoàn thành khóa học, bài "
                    "kiểm tra bắt buộc vẫn được gửi."),
    )
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES, default="vi")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn nhắc nhở")
        verbose_name_plural = _("tùy chọn nhắc nhở")

    def __str__(self) -> str:
        return str(self.user_id)


class Delivery(models.Model):
    """One reminder to one person. ``key`` names the person × reminder (``deadline:<req>:<stage>:<user>``,
    ``nudge:<course>:<user>``, ``manager:<req>:<day>:<user>``) and is unique: planning the same reminder twice
    writes nothing, and a worker sends a row only after claiming it with a conditional UPDATE
    (``services.delivery_claim``)."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")
        NUDGE = "nudge", _("Nhắc học tiếp")
        MANAGER = "manager", _("Cán bộ quản lý nhắc")
        SESSION = "session", _("Nhắc lịch buổi hướng dẫn")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        SKIPPED = "skipped", _("Không gửi")
        FAILED = "failed", _("Gửi lỗi")
        UNKNOWN = "unknown", _("Không rõ đã gửi chưa")

    key = models.CharField(_("khóa"), max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="reminders",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    legal = models.BooleanField(
        _("thông báo bắt buộc"), default=False,
        help_text=_("Thông báo về một yêu cầu bắt buộc: vẫn gửi khi người học đã tắt lời nhắc học tiếp."),
    )
    requirement = models.ForeignKey(
        "organisations.Requirement", verbose_name=_("yêu cầu bắt buộc"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    course_id_ref = models.PositiveBigIntegerField(_("mã khóa học"), null=True, blank=True)
    session_id_ref = models.PositiveBigIntegerField(_("mã buổi hướng dẫn"), null=True, blank=True)
    title = models.CharField(_("nội dung"), max_length=255)
    days_left = models.IntegerField(_("số ngày còn lại"), null=True, blank=True)
    deadline = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(_("gửi từ lúc"))
    channels = models.JSONField(_("kênh đã gửi"), default=list, blank=True)
    # The channel whose gateway call is under way: set before the call, cleared when its result is recorded. A
    # worker that dies in between leaves it set, and that channel is never tried again (no duplicate message).
    attempting = models.CharField(max_length=8, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("lời nhắc")
        verbose_name_plural = _("lời nhắc")
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["user", "created_at"]),
            models.Index(fields=["requirement", "user"]),
        ]

    def __str__(self) -> str:
        return self.key
