"""Certificates and the templates they are printed with.

A ``Certificate`` is a snapshot: the learner's name, the achievement's title, the competences and levels, the
framework version and the issuing body are copied on it when it is issued, so later edits of a profile, a course
or a framework never change a certificate that someone may already have shown to an employer.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from . import serials


class CertificateTemplate(models.Model):
    """What a printed certificate says about who issues it (editors manage these as snippets; one is default)."""

    name = models.CharField(_("tên mẫu"), max_length=100)
    issuing_body = models.CharField(_("đơn vị cấp"), max_length=255)
    issuing_body_en = models.CharField(_("đơn vị cấp (tiếng Anh)"), max_length=255, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    signer_title_en = models.CharField(_("chức vụ người ký (tiếng Anh)"), max_length=255, blank=True)
    signature_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh chữ ký"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    body_vi = models.TextField(
        _("lời chứng nhận (tiếng Việt)"),
        default="đã hoàn thành và đạt yêu cầu",
        help_text=_("In giữa tên người học và tên khóa học, bài kiểm tra."),
    )
    body_en = models.TextField(_("lời chứng nhận (tiếng Anh)"), default="has successfully completed", blank=True)
    is_default = models.BooleanField(_("mẫu mặc định"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("issuing_body"), FieldPanel("issuing_body_en"), FieldPanel("logo")],
            heading=_("Đơn vị cấp"),
        ),
        MultiFieldPanel(
            [FieldPanel("signer_name"), FieldPanel("signer_title"), FieldPanel("signer_title_en"),
             FieldPanel("signature_image")],
            heading=_("Người ký"),
        ),
        MultiFieldPanel([FieldPanel("body_vi"), FieldPanel("body_en")], heading=_("Lời chứng nhận")),
        FieldPanel("is_default"),
    ]

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_certificate_template")
        ]
        verbose_name = _("mẫu chứng nhận")
        verbose_name_plural = _("mẫu chứng nhận")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.is_default:
            CertificateTemplate.objects.filter(is_default=True).exclude(pk=self.pk).update(is_default=False)
        super().save(*args, **kwargs)


class Certificate(models.Model):
    snippet_is_record = True  # lms.accounts.roles: a record, not content; no role edits it as a snippet

    class Kind(models.TextChoices):
        COURSE = "course", _("Hoàn thành khóa học")
        ASSESSMENT = "assessment", _("Đạt bài kiểm tra")

    class Status(models.TextChoices):
        VALID = "valid", _("Còn hiệu lực")
        REVOKED = "revoked", _("Đã thu hồi")

    serial = models.CharField(_("số hiệu"), max_length=serials.LENGTH, unique=True, editable=False)
    subject_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False,
        help_text="Pseudonymous id of the learner in the Open Badge (credentialSubject.id); never the email.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người học"), null=True, on_delete=models.SET_NULL,
        related_name="certificates",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    achievement_key = models.CharField(
        _("mã thành tích"), max_length=64,
        help_text="Course: the course page's translation_key. Assessment: the assessment's id.",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("khóa học"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    assessment = models.ForeignKey(
        "quizzes.Assessment", verbose_name=_("bài kiểm tra"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    attempt = models.ForeignKey(
        "quizzes.Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    template = models.ForeignKey(
        CertificateTemplate, verbose_name=_("mẫu"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="certificates",
    )
    # Snapshot, as printed.
    learner_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    name_withheld = models.BooleanField(
        _("đã ẩn họ tên"), default=False,
        help_text=_("Người học xóa tài khoản và yêu cầu ẩn họ tên: chứng nhận vẫn kiểm tra được, không hiện tên."),
    )
    achievement_title = models.CharField(_("thành tích"), max_length=255)
    achievement_title_en = models.CharField(_("thành tích (tiếng Anh)"), max_length=255, blank=True)
    competences = models.JSONField(
        _("năng lực đạt được"), default=list, blank=True,
        help_text="[{code, name, name_en, level, percent, passed}] as attained when issued.",
    )
    score = models.FloatField(_("điểm (%)"), null=True, blank=True)
    issuing_body = models.CharField(_("đơn vị cấp"), max_length=255)
    framework_code = models.CharField(_("khung năng lực"), max_length=32, blank=True)
    framework_version = models.CharField(_("phiên bản khung"), max_length=32, blank=True)
    issued_at = models.DateTimeField(_("ngày cấp"))
    valid_until = models.DateTimeField(_("hiệu lực đến"), null=True, blank=True)
    # Status.
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    pdf = models.FileField(_("tệp PDF"), upload_to="certificates/pdf/%Y/%m/", blank=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("được cấp lại bằng"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="replaces",
        help_text="Set on a certificate revoked because it was re-issued (a corrected name): the new certificate.",
    )

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            # One certificate in force per learner and achievement; revoked ones (re-issued, withdrawn) stay.
            models.UniqueConstraint(
                fields=["user", "kind", "achievement_key"], condition=Q(status="valid"),
                name="one_valid_certificate_per_achievement",
            ),
            models.CheckConstraint(
                condition=Q(status="valid") | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="revoked_certificate_has_date_and_reason",
            ),
        ]
        indexes = [models.Index(fields=["kind", "achievement_key"])]
        verbose_name = _("chứng nhận")
        verbose_name_plural = _("chứng nhận")

    def __str__(self):
        return f"{self.display_serial} · {self.learner_name} · {self.achievement_title}"

    def get_absolute_url(self) -> str:
        return reverse("certificates:detail", kwargs={"serial": self.display_serial})

    @property
    def display_serial(self) -> str:
        return serials.display(self.serial) if self.serial else ""

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED

    @property
    def verify_url(self) -> str:
        """The public, absolute URL printed on the certificate and encoded in its QR code."""
        return settings.CERT_BASE_URL.rstrip("/") + self.get_absolute_url()


class CertificateEvent(models.Model):
    """Who did what to a certificate, and when: the audit trail shown in the admin on each certificate."""

    class Action(models.TextChoices):
        ISSUE = "issue", pgettext_lazy("certificate event", "Cấp")
        REVOKE = "revoke", _("Thu hồi")
        REISSUE = "reissue", _("Cấp lại")
        DOWNLOAD_PDF = "download_pdf", _("Tải bản PDF")
        DOWNLOAD_CREDENTIAL = "download_credential", _("Tải chứng nhận số")

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("chứng nhận"), on_delete=models.CASCADE, related_name="events",
    )
    action = models.CharField(_("thao tác"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text="Empty: the platform itself (an issuing rule).",
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    reason = models.TextField(_("lý do"), blank=True)
    related = models.ForeignKey(
        Certificate, verbose_name=_("chứng nhận liên quan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Re-issue: the other certificate (the new one on the old, the old on the new).",
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("nhật ký chứng nhận")
        verbose_name_plural = _("nhật ký chứng nhận")

    def __str__(self):
        who = self.actor.get_full_name() if self.actor and hasattr(self.actor, "get_full_name") else (
            str(self.actor) if self.actor else "hệ thống"
        )
        return f"{timezone.localtime(self.at):%d/%m/%Y %H:%M} · {self.get_action_display()} · {who}"
