"""H5P packages: shared libraries (one folder per ``Machine-major.minor``), activities (one unpacked package
each), and what learners did with them (xAPI statements, the best result per learner and activity).

Scores reported by the browser are **formative**: they can gate a lesson's completion when the editor asks for
it on the lesson block, but certificates and standard tests rely only on server-scored quizzes (``quizzes``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import conf

INSTALL_LIBRARY_PERMISSION = "h5p.install_h5p_library"
ADD_ACTIVITY_PERMISSION = "h5p.add_h5pactivity"


class H5PLibrary(models.Model):
    """One installed library version. The folder is keyed by major.minor (the H5P dependency key); a later
    patch of the same major.minor replaces the files in place (``patch_version`` goes up, never down)."""

    machine_name = models.CharField(_("tên máy"), max_length=255)
    major_version = models.PositiveIntegerField(_("phiên bản chính"))
    minor_version = models.PositiveIntegerField(_("phiên bản phụ"))
    patch_version = models.PositiveIntegerField(_("bản vá"))
    title = models.CharField(_("tên"), max_length=255, blank=True)
    runnable = models.BooleanField(default=False)
    path = models.CharField(_("thư mục"), max_length=300, help_text="Relative to H5P_ROOT: libraries/Machine-x.y")
    metadata = models.JSONField(_("library.json"), default=dict)
    installed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thư viện H5P")
        verbose_name_plural = _("thư viện H5P")
        ordering = ["machine_name", "major_version", "minor_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"], name="uniq_h5p_library_version"
            )
        ]
        permissions = [("install_h5p_library", "Can install or upgrade H5P libraries")]

    def __str__(self):
        return f"{self.machine_name} {self.version}"

    @property
    def version(self) -> str:
        return f"{self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def folder_name(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PActivity(models.Model):
    """An uploaded .h5p package: its content under ``content/<id>/`` and the libraries it runs on."""

    title = models.CharField(_("tiêu đề"), max_length=255)
    main_library = models.ForeignKey(
        H5PLibrary, on_delete=models.PROTECT, related_name="main_for", verbose_name=_("thư viện chính")
    )
    libraries = models.ManyToManyField(H5PLibrary, related_name="activities", blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=16, blank=True)
    h5p_json = models.JSONField(_("h5p.json"), default=dict)
    package_name = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    package_size = models.PositiveBigIntegerField(_("dung lượng giải nén"), default=0)
    revision = models.CharField(max_length=32, default="", editable=False, help_text="Changes on every replace")
    created_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hoạt động H5P")
        verbose_name_plural = _("hoạt động H5P")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    @property
    def content_dir(self) -> str:
        """Relative to ``H5P_ROOT``. ``h5p.json`` sits here, ``content.json`` and media under ``content/``."""
        return f"content/{self.pk}"

    def player_options(self) -> dict:
        """The paths h5p-standalone needs, under ``H5P_CONTENT_BASE_URL``."""
        base = conf.content_base_url()
        return {
            "h5pJsonPath": f"{base}{self.content_dir}",
            "contentJsonPath": f"{base}{self.content_dir}/content",
            "librariesPath": f"{base}libraries",
        }


class H5PStatement(models.Model):
    """One xAPI statement posted by the player, with the actor replaced by the server."""

    class LRSStatus(models.TextChoices):
        NONE = "", _("không gửi")
        PENDING = "pending", _("chờ gửi")
        SENT = "sent", _("đã gửi")
        FAILED = "failed", _("lỗi")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_statements")
    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="statements")
    verb = models.CharField(max_length=255)
    scaled = models.FloatField(null=True, blank=True)
    raw = models.FloatField(null=True, blank=True)
    max = models.FloatField(null=True, blank=True)
    completion = models.BooleanField(null=True)
    success = models.BooleanField(null=True)
    sub_content = models.BooleanField(default=False, help_text="A statement about a part of the activity")
    statement = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    lrs_status = models.CharField(max_length=8, choices=LRSStatus.choices, default="", blank=True)
    lrs_attempts = models.PositiveSmallIntegerField(default=0)
    lrs_error = models.CharField(max_length=500, blank=True)
    lrs_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "activity"]), models.Index(fields=["lrs_status"])]

    def __str__(self):
        return f"{self.user_id} · {self.activity_id} · {self.verb.rsplit('/', 1)[-1]}"


class H5PResult(models.Model):
    """The best score a learner reached on an activity (0–1), kept whatever later attempts score."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_results")
    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="results")
    best_scaled = models.FloatField(null=True, blank=True)
    best_raw = models.FloatField(null=True, blank=True)
    best_max = models.FloatField(null=True, blank=True)
    completed = models.BooleanField(default=False)
    success = models.BooleanField(default=False)
    statements = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "activity"], name="uniq_h5p_result")]

    def __str__(self):
        return f"{self.user_id} · {self.activity_id} · {self.best_percent}%"

    @property
    def best_percent(self) -> int | None:
        return None if self.best_scaled is None else round(self.best_scaled * 100)
