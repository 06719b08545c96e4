"""Wagtail admin for the unit tree and population groups, grouped under "Đơn vị"."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import RequirementForm
from .models import ManagerAssignment, PopulationGroup, Requirement, Target, Unit


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Đơn vị hành chính")
    add_to_admin_menu = False
    list_display = ["name", "code", "kind", "depth"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "name_en"]
    ordering = ["path"]
    # path/depth/numchild are treebeard's: editing changes codes and names, not the tree position.
    form_fields = ["code", "name", "name_en", "kind"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        if for_update:
            return super().get_form_class(for_update)
        from .forms import UnitCreateForm  # imports Wagtail admin forms, so only once apps are ready

        return UnitCreateForm


class PopulationGroupViewSet(ModelViewSet):
    model = PopulationGroup
    icon = "group"
    menu_label = _("Nhóm đối tượng")
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name", "code"]
    form_fields = ["code", "name", "name_en", "sort_order"]
    copy_view_enabled = False


class ManagerAssignmentViewSet(ModelViewSet):
    """Which units a manager sees (their subtrees), or "cả nước" for a national manager. The manager also needs the
    Managers group."""

    model = ManagerAssignment
    icon = "user"
    menu_label = _("Phân công quản lý")
    list_display = ["user", "unit", "national", "created_at"]
    search_fields = ["user__full_name", "user__email", "unit__name", "unit__code"]
    form_fields = ["user", "unit", "national"]
    copy_view_enabled = False


class RequirementViewSet(ModelViewSet):
    """Mandatory courses and tests: choose a course or a test, a unit (and below), groups and a deadline."""

    model = Requirement
    icon = "warning"
    menu_label = _("Yêu cầu bắt buộc")
    list_display = ["title", "unit", "deadline", "active"]
    list_filter = ["active"]
    search_fields = ["title"]
    form_fields = ["title", "unit", "population_groups", "deadline", "active"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return RequirementForm


class TargetViewSet(SnippetViewSet):
    """Plan figures per population group and year (DOMAIN.md "Targets"), shown against results on /manage/."""

    model = Target
    icon = "pick"
    menu_label = _("Chỉ tiêu")
    list_display = ["population_group", "year", "metric", "percent", "unit"]
    list_filter = ["year", "metric"]
    add_to_admin_menu = False


class OrganisationsViewSetGroup(ViewSetGroup):
    menu_label = _("Đơn vị")
    menu_icon = "site"
    menu_order = 250
    items = (
        UnitViewSet("units"),
        PopulationGroupViewSet("population_groups"),
        ManagerAssignmentViewSet("manager_assignments"),
        RequirementViewSet("requirements"),
        TargetViewSet(),
    )


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationsViewSetGroup()
