"""The competency framework as data: framework → areas → competences, plus proficiency levels.

Courses point at ``Competence`` rows; questions, tests and results (see the rest of this app) do too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.i18n import BilingualNameMixin


class Framework(BilingualNameMixin, models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True, help_text=_("Ví dụ: TT02-2025"))
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    version = models.CharField(_("phiên bản"), max_length=32, default="1")
    description = models.TextField(_("mô tả"), blank=True)
    source = models.CharField(_("văn bản ban hành"), max_length=255, blank=True)
    is_default = models.BooleanField(_("khung mặc định"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("khung năng lực")
        verbose_name_plural = _("khung năng lực")


class CompetenceArea(BilingualNameMixin, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["framework", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="uniq_area_code_per_framework")]
        verbose_name = _("miền năng lực")
        verbose_name_plural = _("miền năng lực")

    def __str__(self):
        return f"{self.code}. {self.label}"


class Competence(BilingualNameMixin, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competences")
    area = models.ForeignKey(CompetenceArea, on_delete=models.CASCADE, related_name="competences")
    code = models.CharField(_("mã"), max_length=16)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["framework", "area__sort_order", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="uniq_competence_code_per_framework")
        ]
        verbose_name = _("năng lực thành phần")
        verbose_name_plural = _("năng lực thành phần")

    def __str__(self):
        return f"{self.code} {self.label}"

    def save(self, *args, **kwargs):
        if self.area_id and not self.framework_id:
            self.framework_id = self.area.framework_id
        super().save(*args, **kwargs)


class ProficiencyLevel(BilingualNameMixin, models.Model):
    """One of the framework's steps (bậc), grouped in tiers (Basic 1–2 … Specialised 7–8)."""

    class Tier(models.TextChoices):
        BASIC = "basic", _("Cơ bản")
        INTERMEDIATE = "intermediate", _("Trung cấp")
        ADVANCED = "advanced", _("Nâng cao")
        SPECIALISED = "specialised", _("Chuyên sâu")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("bậc"))
    tier = models.CharField(_("trình độ"), max_length=16, choices=Tier.choices)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="uniq_level_per_framework")]
        verbose_name = _("bậc năng lực")
        verbose_name_plural = _("bậc năng lực")

    def __str__(self):
        return f"{self.number} – {self.label}"
