"""Units (province → commune/ward → agency…) and population groups: what every other app stands on."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from lms.i18n import BilingualNameMixin


class PopulationGroup(BilingualNameMixin, models.Model):
    """A group the movement reports on (civil servants, adults, youth…); seeded from DOMAIN.md."""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("nhóm đối tượng")
        verbose_name_plural = _("nhóm đối tượng")

    def __str__(self) -> str:
        return self.label


class Unit(BilingualNameMixin, MP_Node):
    """A node of the administrative tree. Managers see a unit's whole subtree (``path`` prefix)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")
        AGENCY = "agency", _("Cơ quan, đơn vị")
        SCHOOL = "school", _("Trường học")
        ENTERPRISE = "enterprise", _("Doanh nghiệp, hợp tác xã")
        RESIDENTIAL = "residential", _("Thôn, tổ dân phố")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def subtree(self):
        """This unit and everything under it, as one indexed prefix query."""
        return Unit.objects.filter(path__startswith=self.path)


class ManagerAssignment(models.Model):
    """A manager's unit: they see everything in its subtree (see ``lms.organisations.permissions``). ``national``
    (with no unit) makes them a manager of the tree's root: the whole country, people with no place included."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người quản lý"), on_delete=models.CASCADE,
        related_name="manager_assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="manager_assignments",
        help_text=_("Người quản lý xem kết quả của mọi người trong đơn vị này và các đơn vị cấp dưới."),
    )
    national = models.BooleanField(
        _("cả nước"), default=False,
        help_text=_("Quản lý cấp quốc gia: xem kết quả của mọi người trên cả nước. Khi chọn, để trống đơn vị."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-national", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="uniq_manager_assignment"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(national=True), name="uniq_national_manager"),
            models.CheckConstraint(
                condition=models.Q(national=True, unit__isnull=True) | models.Q(national=False, unit__isnull=False),
                name="manager_assignment_unit_or_national",
            ),
        ]
        verbose_name = _("phân công quản lý")
        verbose_name_plural = _("phân công quản lý")

    def __str__(self) -> str:
        return f"{self.user} → {self.unit if self.unit_id else _('Cả nước')}"

    def clean(self):
        if self.national and self.unit_id:
            raise ValidationError({"unit": ASSIGNMENT_UNIT_OR_NATIONAL})
        if not self.national and not self.unit_id:
            raise ValidationError({"unit": ASSIGNMENT_UNIT_OR_NATIONAL})


ASSIGNMENT_UNIT_OR_NATIONAL = _("Chọn một đơn vị, hoặc chọn “Cả nước” và để trống đơn vị (chỉ một trong hai).")


class Target(models.Model):
    """A plan's figure: ``percent`` of a population group reaching ``metric`` by the end of ``year``.

    ``unit`` empty = the default everywhere; a unit's own target overrides it for its subtree.
    """

    snippet_is_record = True  # lms.accounts.roles: a record, not content; no role edits it as a snippet

    class Metric(models.TextChoices):
        PASSED_STANDARD_TEST = "passed_standard_test", _("Đạt bài kiểm tra chuẩn")
        BASIC_SKILLS = "basic_skills", _("Có kỹ năng số cơ bản")

    population_group = models.ForeignKey(
        PopulationGroup, verbose_name=_("nhóm đối tượng"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    percent = models.PositiveSmallIntegerField(_("chỉ tiêu (%)"), validators=[MaxValueValidator(100)])
    metric = models.CharField(_("chỉ số"), max_length=32, choices=Metric.choices, default=Metric.PASSED_STANDARD_TEST)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.CASCADE, related_name="targets",
        help_text=_("Để trống: chỉ tiêu chung. Chỉ tiêu của một đơn vị áp dụng cho toàn bộ đơn vị cấp dưới."),
    )

    class Meta:
        ordering = ["year", "population_group__sort_order", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "population_group", "year", "metric"], name="uniq_target"),
            models.UniqueConstraint(
                fields=["population_group", "year", "metric"], condition=models.Q(unit__isnull=True),
                name="uniq_default_target",
            ),
        ]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.population_group} · {self.year} · {self.get_metric_display()}: {self.percent}%"


class Requirement(models.Model):
    """A mandatory course or test for the people of a unit's subtree (and of some population groups).

    The target is generic (a ``courses.CoursePage`` or a ``quizzes.Assessment``) so that ``lms`` never imports
    the apps above it; ``title`` keeps the target's title as it was when assigned.
    """

    TARGET_MODELS = (("courses", "coursepage"), ("quizzes", "assessment"))

    title = models.CharField(_("tên"), max_length=255)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("loại nội dung"), on_delete=models.CASCADE, related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("mã nội dung"))
    target = GenericForeignKey("content_type", "object_id")
    target.verbose_name = _("nội dung bắt buộc")  # shown by the admin's usage pages (a GenericForeignKey takes no argument for it)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.CASCADE, related_name="requirements",
        help_text=_("Áp dụng cho đơn vị này và mọi đơn vị cấp dưới. Để trống: áp dụng cho mọi người."),
    )
    population_groups = models.ManyToManyField(
        PopulationGroup, verbose_name=_("nhóm đối tượng"), blank=True, related_name="requirements",
        help_text=_("Để trống: áp dụng cho mọi nhóm đối tượng."),
    )
    deadline = models.DateField(_("hạn hoàn thành"))
    active = models.BooleanField(_("đang áp dụng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người giao"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "title"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("yêu cầu bắt buộc")
        verbose_name_plural = _("yêu cầu bắt buộc")

    def __str__(self) -> str:
        return self.title

    @property
    def target_kind(self) -> str:
        """``"course"`` or ``"assessment"``."""
        return "course" if self.content_type.model == "coursepage" else "assessment"


class UnitInvitation(models.Model):
    """A roster's row for a person the manager may not change: an invitation to join ``unit``.

    Nothing of the person's changes until they accept it (on their next sign-in, ``/accounts/invitations/``);
    accepting places them in ``unit`` (and ``population_group`` when the roster gave one), nothing else: their
    name, phone and date of birth stay theirs. An account the roster created itself gets an accepted invitation
    with ``created_account`` set, so that a printed slip (``token_hash``) looks the same for both and activates it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        ACCEPTED = "accepted", _("Đã nhận lời")
        DECLINED = "declined", _("Đã từ chối")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người được mời"), on_delete=models.CASCADE,
        related_name="unit_invitations",
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="invitations")
    population_group = models.ForeignKey(
        PopulationGroup, verbose_name=_("nhóm đối tượng"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mời"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_account = models.BooleanField(default=False, editable=False)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "status"])]
        verbose_name = _("lời mời vào đơn vị")
        verbose_name_plural = _("lời mời vào đơn vị")

    def __str__(self) -> str:
        return f"{self.user} → {self.unit} ({self.get_status_display()})"


class RosterUpload(models.Model):
    """A roster file between its dry run and its confirmation: kept server-side for the manager who uploaded it
    (nobody else can confirm it), with the options and the plan (``roster.plan_digest``) they were shown, until
    ``expires_at``. Deleted once imported; expired ones are refused and purged."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roster_uploads")
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField()
    valid_only = models.BooleanField(default=False)
    update_existing = models.BooleanField(default=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("tệp danh sách chờ xác nhận")
        verbose_name_plural = _("tệp danh sách chờ xác nhận")

    def __str__(self) -> str:
        return f"{self.filename} · {self.owner_id} · {self.created_at:%Y-%m-%d %H:%M}"
