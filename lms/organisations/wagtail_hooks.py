"""Wagtail admin for the unit tree and population groups, grouped under "Đơn vị"."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PopulationGroup, Unit


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


class OrganisationsViewSetGroup(ViewSetGroup):
    menu_label = _("Đơn vị")
    menu_icon = "site"
    menu_order = 250
    items = (UnitViewSet("units"), PopulationGroupViewSet("population_groups"))


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationsViewSetGroup()
