"""Wagtail admin: the export log (read-only). Staff see every export of personal data; nobody adds, edits or
deletes one, not even a superuser. Managers have no admin access: they see their own exports on /manage/exports/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from lms.organisations.permissions import is_staff

from .models import ExportLog


class ExportLogPermissionPolicy(ModelPermissionPolicy):
    """``view`` for staff (``is_staff``/superuser, as on /manage/), nothing else for anyone."""

    def user_has_permission(self, user, action):
        return action == "view" and is_staff(user) and user.is_active

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from lms.accounts.models import User

        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(is_active=True).filter(is_staff=True) | User.objects.filter(
            is_active=True, is_superuser=True
        )


register_permission_policy(ExportLog, ExportLogPermissionPolicy(ExportLog), exact_class=True)


class ExportLogViewSet(ModelViewSet):
    model = ExportLog
    icon = "download"
    menu_label = _("Nhật ký xuất dữ liệu")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["started_at", "actor", "route", "format", "filter_text", "row_count", "status", "ip_address"]
    list_filter = ["route", "format", "status"]
    search_fields = ["actor", "filter_text"]
    search_backend_name = None
    ordering = ["-started_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    # No form: nothing is editable (the policy also refuses add/change/delete).
    form_fields = []


@hooks.register("register_admin_viewset")
def register_export_log_viewset():
    return ExportLogViewSet("export_logs")
