"""In-person guided sessions (*buổi hướng dẫn*, issue 23): who may run them, the sessions, registrations,
attendance and the receipts of marks sent by trainers' phones (offline queue).

The trainer role follows managers' (``lms.organisations.ManagerAssignment``): a ``TrainerAssignment`` row gives a
user a unit's subtree, in which they may schedule sessions; they mark attendance only in sessions that list them
as trainers (``classes.permissions``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

ENDS_BEFORE_START = _("Giờ kết thúc phải sau giờ bắt đầu.")
COURSE_NEEDED = _("Chọn khóa học mà buổi hướng dẫn hoàn thành.")
LESSONS_NEEDED = _("Chọn ít nhất một bài học mà buổi hướng dẫn hoàn thành.")
CAPACITY_BELOW_REGISTERED = _("Số chỗ không thể ít hơn số người đã đăng ký (%(n)s).")


class TrainerAssignment(models.Model):
    """A trainer of a community digital technology team: schedules sessions in ``unit``'s subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người hướng dẫn"), on_delete=models.CASCADE,
        related_name="trainer_assignments",
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="trainer_assignments",
        help_text=_("Người hướng dẫn lên lịch buổi hướng dẫn trong đơn vị này và các đơn vị cấp dưới."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="uniq_trainer_assignment")]
        verbose_name = _("phân công người hướng dẫn")
        verbose_name_plural = _("phân công người hướng dẫn")

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"


class Session(models.Model):
    """One guided session at a place and time, for a unit's people (and anyone registered)."""

    class Counts(models.TextChoices):
        NOTHING = "nothing", _("Không ghi nhận vào khóa học")
        LESSONS = "lessons", _("Hoàn thành các bài học đã chọn")
        COURSE = "course", _("Hoàn thành cả khóa học")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Đã lên lịch")
        CANCELLED = "cancelled", _("Đã hủy")

    topic = models.CharField(_("chủ đề"), max_length=200)
    description = models.TextField(_("nội dung"), blank=True)
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="sessions",
    )
    place = models.CharField(_("địa điểm"), max_length=200, help_text=_("Ví dụ: Nhà văn hoá tổ dân phố 5."))
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("bắt đầu lúc"), db_index=True)
    ends_at = models.DateTimeField(_("kết thúc lúc"))
    capacity = models.PositiveIntegerField(_("số chỗ"), validators=[MinValueValidator(1), MaxValueValidator(5000)])
    # Registered seats, kept by conditional UPDATEs (``services.registration_create``): never above capacity.
    seats_taken = models.PositiveIntegerField(_("số chỗ đã đăng ký"), default=0, editable=False)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người hướng dẫn"), blank=True, related_name="sessions_trained",
    )
    population_groups = models.ManyToManyField(
        "organisations.PopulationGroup", verbose_name=_("nhóm đối tượng"), blank=True, related_name="+",
        help_text=_("Để trống: dành cho mọi người."),
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("khóa học"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    lessons = models.ManyToManyField("courses.LessonPage", verbose_name=_("bài học"), blank=True, related_name="+")
    counts = models.CharField(_("tham dự được ghi nhận là"), max_length=16, choices=Counts.choices,
                              default=Counts.NOTHING)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="session_not_overbooked"),
        ]
        verbose_name = _("buổi hướng dẫn")
        verbose_name_plural = _("buổi hướng dẫn")

    def __str__(self) -> str:
        return self.topic

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": ENDS_BEFORE_START})
        if self.counts == self.Counts.COURSE and not self.course_id:
            raise ValidationError({"course": COURSE_NEEDED})
        if self.capacity is not None and self.pk and self.capacity < self.seats_taken:
            raise ValidationError({"capacity": CAPACITY_BELOW_REGISTERED % {"n": self.seats_taken}})


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        CANCELLED = "cancelled", _("Đã hủy")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations")
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="uniq_session_registration")]
        verbose_name = _("đăng ký buổi hướng dẫn")
        verbose_name_plural = _("đăng ký buổi hướng dẫn")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.session_id} ({self.status})"


class Attendance(models.Model):
    """A learner was there: at most one row per learner and session, however it was marked."""

    class Method(models.TextChoices):
        QR = "qr", _("Quét mã QR")
        LIST = "list", _("Người hướng dẫn đánh dấu")
        PHONE = "phone", _("Theo số điện thoại")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendances")
    method = models.CharField(_("cách ghi nhận"), max_length=8, choices=Method.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    attended_at = models.DateTimeField(_("có mặt lúc"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attended_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="uniq_session_attendance")]
        indexes = [models.Index(fields=["user", "session"])]
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.session_id}"


class MarkReceipt(models.Model):
    """A mark sent by a trainer's page under an idempotency key (``key``, drawn by the page when the mark was made,
    online or offline): applied once; a resend returns the recorded outcome."""

    key = models.CharField(max_length=64, unique=True)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=32)
    attendance = models.ForeignKey(Attendance, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biên nhận điểm danh")
        verbose_name_plural = _("biên nhận điểm danh")

    def __str__(self) -> str:
        return f"{self.key}: {self.outcome}"
