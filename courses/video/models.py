"""Videos hosted by the platform (uploaded in the admin, transcoded by the task worker) and what learners watched.

A ``Video`` keeps its original upload (never served) and, once the task worker has transcoded it, the current
``revision``'s folder of renditions and poster: ``renditions/<id>/<revision>/``. A new upload gets a new
``source_token``; a transcode result is only recorded for the token it was started for, so an older run that
finishes late never replaces a newer upload's renditions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import conf

SMALL = "small"
MEDIUM = "medium"
POSTER = "poster.jpg"


class Video(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ xử lý")
        PROCESSING = "processing", _("Đang chuyển đổi")
        READY = "ready", _("Sẵn sàng")
        FAILED = "failed", _("Lỗi")

    title = models.CharField(_("tiêu đề"), max_length=255)
    original = models.CharField(_("tệp gốc"), max_length=300, blank=True, editable=False,
                                help_text="Relative to VIDEO_ROOT: originals/<id>/<token>.<ext>")
    original_name = models.CharField(_("tên tệp tải lên"), max_length=255, blank=True, editable=False)
    original_size = models.PositiveBigIntegerField(_("dung lượng tệp gốc"), default=0, editable=False)
    source_token = models.CharField(max_length=32, blank=True, editable=False, help_text="Changes on every upload")
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING,
                              editable=False)
    error = models.TextField(_("lý do lỗi"), blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("số lần chuyển đổi"), default=0, editable=False)
    revision = models.CharField(max_length=32, blank=True, editable=False,
                                help_text="Folder of the renditions served: renditions/<id>/<revision>/")
    duration = models.FloatField(_("thời lượng (giây)"), default=0, editable=False)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    renditions = models.JSONField(default=list, editable=False,
                                  help_text='[{"name": "small", "file": "small.mp4", "height": 360, "bytes": …}]')
    captions_vi = models.TextField(_("phụ đề tiếng Việt (WebVTT)"), blank=True)
    captions_en = models.TextField(_("phụ đề tiếng Anh (WebVTT)"), blank=True)
    transcript = models.TextField(
        _("lời thoại (dạng chữ)"), blank=True,
        help_text=_("Hiện bên dưới video cho người đọc dễ hơn nghe. Để trống để dùng lời của phụ đề tiếng Việt."),
    )
    created_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    processed_at = models.DateTimeField(_("chuyển đổi xong lúc"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("video")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    @property
    def ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.revision)

    @property
    def folder(self) -> str:
        """The renditions' folder relative to ``VIDEO_ROOT/renditions``."""
        return f"{self.pk}/{self.revision}"

    def file_url(self, name: str) -> str:
        return f"{conf.base_url()}{self.folder}/{name}"

    @property
    def poster_url(self) -> str:
        return self.file_url(POSTER) if self.ready else ""

    def sources(self) -> list[dict]:
        """The renditions as ``<source>`` elements take them, the smallest first (a phone on 3G starts with it)."""
        if not self.ready:
            return []
        items = sorted(self.renditions, key=lambda r: r.get("height", 0))
        return [{"url": self.file_url(r["file"]), "type": r.get("type", "video/mp4"), "height": r.get("height"),
                 "bytes": r.get("bytes"), "name": r.get("name")} for r in items]

    @property
    def status_text(self) -> str:
        if self.status == self.Status.FAILED and self.error:
            return f"{self.get_status_display()}: {self.error}"
        return str(self.get_status_display())

    status_text.fget.short_description = _("trạng thái")


class VideoWatch(models.Model):
    """Which seconds of a video a learner played (merged intervals), and where they were: one row per learner and
    video, whichever lesson shows it and whichever device they watch on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="video_watches")
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="watches")
    intervals = models.JSONField(default=list)
    seconds = models.FloatField(default=0)
    percent = models.PositiveSmallIntegerField(default=0)
    position = models.FloatField(default=0)
    reports = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_report_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "video"], name="uniq_video_watch")]

    def __str__(self):
        return f"{self.user_id} · {self.video_id} · {self.percent}%"
