"""The learner's account and profile. Email is the login; phone is optional and unique when given."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PHONE_VALIDATOR = RegexValidator(
    r"^(\+84|0)\d{9,10}$",
    _("Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0 hoặc +84, ví dụ 0912345678."),
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(
        _("số điện thoại"), max_length=16, unique=True, null=True, blank=True, validators=[PHONE_VALIDATOR]
    )
    phone_verified = models.BooleanField(
        _("đã xác minh số điện thoại"),
        default=False,
        help_text=_("Chỉ số điện thoại đã xác minh bằng mã SMS mới dùng được để đăng nhập."),
    )
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2030)]
    )
    population_group = models.ForeignKey(
        "organisations.PopulationGroup",
        verbose_name=_("nhóm đối tượng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    province = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "province"},
    )
    commune = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("xã, phường"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "commune"},
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text=_("Không bắt buộc. Cơ quan, trường học hay doanh nghiệp nơi bạn làm việc, học tập."),
    )
    erased_at = models.DateTimeField(
        _("đã xóa theo yêu cầu lúc"), null=True, blank=True, editable=False,
        help_text=_("Tài khoản đã được ẩn danh theo yêu cầu của người học (lms.privacy): không còn họ tên, email, "
                    "số điện thoại, năm sinh; kết quả chỉ còn được tính trong số liệu tổng hợp."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        permissions = [
            ("view_unit_reports", _("Xem báo cáo của đơn vị mình quản lý")),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split()[-1] if self.full_name else "") or self.email

    def save(self, *args, **kwargs):
        if self.email:
            self.email = self.email.strip().lower()
        if self.phone == "":
            self.phone = None
        super().save(*args, **kwargs)
