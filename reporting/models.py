"""Export jobs: a large completion list written in the background, kept for a while, downloaded by its owner."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def export_storage():
    """Private storage for export files (never under MEDIA_URL): ``STORAGES["exports"]``, else the default."""
    try:
        return storages["exports"]
    except Exception:  # noqa: BLE001 - the alias is optional
        return storages["default"]


class ExportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang tạo tệp")
        DONE = "done", _("Sẵn sàng")
        FAILED = "failed", _("Lỗi")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.CSV)
    params = models.JSONField(default=dict, blank=True, help_text="The export's filters, as submitted.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0–100")
    total_rows = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", storage=export_storage, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"])]
        verbose_name = _("tệp xuất dữ liệu")
        verbose_name_plural = _("tệp xuất dữ liệu")

    def __str__(self) -> str:
        return f"{self.get_format_display()} · {self.created_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    INTERRUPTED = "interrupted"  # ``error`` prefix of a job whose worker stopped (services.export_jobs_fail_stale)

    @property
    def was_interrupted(self) -> bool:
        return self.status == self.Status.FAILED and self.error.startswith(self.INTERRUPTED)


class ExportLog(models.Model):
    """One export of personal data: who asked, when, by which route, with which filter, and how many rows left.

    Written by ``services`` for every route (a streamed download, a background job, the shell command), before
    the first row is read and completed once the last row is written; an interrupted download stays
    ``started``/``failed`` with the rows sent so far. Never edited by hand (read-only in the admin).
    """

    class Route(models.TextChoices):
        PAGE = "page", _("Trang quản lý (tải trực tiếp)")
        JOB = "job", _("Tệp tạo trong nền")
        COMMAND = "command", _("Lệnh quản trị (manage.py)")

    class Status(models.TextChoices):
        STARTED = "started", _("Đang xuất")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi hoặc bị ngắt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xuất"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="export_logs",
    )
    actor = models.CharField(
        _("người xuất (lúc xuất)"), max_length=255,
        help_text=_("Email của người xuất, hoặc tài khoản hệ điều hành khi xuất bằng lệnh; giữ lại cả khi tài "
                    "khoản bị xóa."),
    )
    route = models.CharField(_("cách xuất"), max_length=16, choices=Route.choices)
    format = models.CharField(_("định dạng"), max_length=8, choices=ExportJob.Format.choices)
    params = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    filter_text = models.CharField(_("bộ lọc (mô tả)"), max_length=1000, blank=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.STARTED)
    row_count = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    job = models.ForeignKey(
        ExportJob, verbose_name=_("tệp nền"), null=True, blank=True, on_delete=models.SET_NULL, related_name="logs",
    )
    started_at = models.DateTimeField(_("bắt đầu"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "-started_at"])]
        verbose_name = _("nhật ký xuất dữ liệu")
        verbose_name_plural = _("nhật ký xuất dữ liệu")

    def __str__(self) -> str:
        return f"{self.actor} · {self.get_route_display()} · {self.started_at:%Y-%m-%d %H:%M}"


class ExportSubscription(models.Model):
    """A manager's weekly export: the same filters and columns, written for them every week and announced by email
    with a link to the download page (behind sign-in; the file is never attached). The owner's scope is the one they
    hold when the file is written (``services.export_subscriptions_send``): a manager who lost their units gets
    nothing more."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_subscriptions")
    format = models.CharField(_("định dạng"), max_length=8, choices=ExportJob.Format.choices, default=ExportJob.Format.XLSX)
    params = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    filter_text = models.CharField(_("bộ lọc (mô tả)"), max_length=1000, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    active = models.BooleanField(_("đang gửi"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(_("gửi lần cuối"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("đăng ký nhận tệp hằng tuần")
        verbose_name_plural = _("đăng ký nhận tệp hằng tuần")

    def __str__(self) -> str:
        return f"{self.owner} · {self.filter_text}"


# --- Rollups: the dashboard's counters (``reporting/rollups.py``) ------------------------------------------------
# Counts per place (the unit, commune or province id a learner belongs to; 0 = no place) × population group (0 = no
# group), added up by the dashboard over the places of a unit's subtree. Each learner's share is kept in
# ``LearnerTally``, so that any change to a learner (a result, a move, an erasure, a deletion) is applied as the
# difference between their new share and the one recorded. Changes are noted in ``PendingLearner`` by the same
# transaction that changes the facts, and applied by the task worker; dashboards add what is still pending.


class GroupTally(models.Model):
    """Learners of one place and group, and how many of them passed their group's standard test / have basic skills."""

    place_id = models.BigIntegerField()
    group_id = models.BigIntegerField()
    learners = models.BigIntegerField(default=0)
    passed_standard = models.BigIntegerField(default=0)
    basic = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_id", "group_id"], name="uniq_group_tally")]

    def __str__(self) -> str:
        return f"{self.place_id}/{self.group_id}: {self.learners}"


class ItemTally(models.Model):
    """One course (``kind`` "c", ``item`` its translation key) or test ("t", its id) in one place and group:
    enrolments / learners with a closed attempt (``started``), and completed enrolments / learners who passed
    (``done``)."""

    place_id = models.BigIntegerField()
    group_id = models.BigIntegerField()
    kind = models.CharField(max_length=1)
    item = models.CharField(max_length=64)
    started = models.BigIntegerField(default=0)
    done = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place_id", "group_id", "kind", "item"], name="uniq_item_tally"),
        ]
        indexes = [models.Index(fields=["kind", "item", "place_id"], name="item_tally_item")]

    def __str__(self) -> str:
        return f"{self.place_id}/{self.group_id}/{self.kind}{self.item}: {self.started}/{self.done}"


class DayTally(models.Model):
    """One place's results of one local day (``settings.TIME_ZONE``): tests passed (each learner's first pass at
    each test) and courses completed."""

    place_id = models.BigIntegerField()
    day = models.DateField()
    passes = models.BigIntegerField(default=0)
    completions = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_id", "day"], name="uniq_day_tally")]
        indexes = [models.Index(fields=["day", "place_id"], name="day_tally_day")]

    def __str__(self) -> str:
        return f"{self.place_id}/{self.day}: {self.passes}/{self.completions}"


class LearnerTally(models.Model):
    """What one learner adds to the tallies, as last applied (``rollups.shares``). ``user_id`` is no
    foreign key: a deleted account's row stays until its share has been taken back."""

    user_id = models.BigIntegerField(primary_key=True)
    place_id = models.BigIntegerField(default=0)
    share = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["place_id"], name="learner_tally_place")]

    def __str__(self) -> str:
        return f"{self.user_id}"


class PendingLearner(models.Model):
    """An append-only note "this learner's facts changed", written in the transaction that changed them and deleted
    once the change is applied to the tallies."""

    user_id = models.BigIntegerField(db_index=True)
    noted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id}"


class RollupState(models.Model):
    """Small facts the rollups were computed with: ``standard`` = population group id → its standard tests' ids."""

    key = models.CharField(max_length=32, primary_key=True)
    value = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.key
