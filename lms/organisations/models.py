"""Units (province → commune/ward → agency…) and population groups: what every other app stands on."""

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
