"""Wagtail admin: the export log (read-only). Auditors (``reporting.view_exportlog``, the Auditors group) and
administrators (superusers) see every export of personal data; editors and reviewers, although they are staff of
the admin, do not. Nobody adds, edits or deletes an entry, not even a superuser. Managers have no admin access:
they see their own exports on /manage/exports/."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from lms.accounts.models import User

from .models import ExportLog

VIEW_EXPORT_LOG = "reporting.view_exportlog"


def can_read_export_log(user) -> bool:
    """Auditors and administrators only (``is_staff`` is not enough)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_perm(VIEW_EXPORT_LOG)


class ExportLogPermissionPolicy(ModelPermissionPolicy):
    """``view`` for auditors and superusers, nothing else for anyone."""

    def user_has_permission(self, user, action):
        return action == "view" and can_read_export_log(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return User.objects.none()
        app_label, codename = VIEW_EXPORT_LOG.split(".")
        granted = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label) | Q(
            user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
        )
        return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | granted).distinct()


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
