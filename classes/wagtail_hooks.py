"""Wagtail admin: who is a trainer, and where (as managers' assignments are given, under "Đơn vị"'s neighbour).
Sessions themselves are scheduled by the team on /manage/classes/, through ``classes.services`` (capacity,
scope, trainers checked there), not edited here."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import TrainerAssignment


class TrainerAssignmentViewSet(ModelViewSet):
    """A trainer of a community digital technology team: schedules and runs sessions in a unit's subtree."""

    model = TrainerAssignment
    icon = "user"
    menu_label = _("Phân công người hướng dẫn")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["user", "unit", "created_at"]
    search_fields = ["user__full_name", "user__email", "unit__name", "unit__code"]
    form_fields = ["user", "unit"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_trainer_viewset():
    return TrainerAssignmentViewSet("trainer_assignments")
