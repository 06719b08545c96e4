"""Wagtail admin: the log of staff reads of personal data and the consent records, read-only, for administrators
(superusers) and auditors (``privacy.view_personaldataaccess`` / ``privacy.view_consent``) only. Editors,
reviewers and managers do not see them; nobody adds, edits or deletes a row."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Consent, ErasureRequest, PersonalDataAccess

AUDIT_PERMISSIONS = {
    PersonalDataAccess: "privacy.view_personaldataaccess",
    Consent: "privacy.view_consent",
    ErasureRequest: "privacy.view_erasurerequest",
}


class AuditOnlyPolicy(ModelPermissionPolicy):
    """``view`` for active superusers and holders of the model's view permission; nothing else for anyone."""

    def user_has_permission(self, user, action):
        if action != "view" or not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or user.has_perm(AUDIT_PERMISSIONS[self.model])

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if "view" not in actions:
            return User.objects.none()
        app_label, codename = AUDIT_PERMISSIONS[self.model].split(".")
        perm = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label) | Q(
            groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label
        )
        return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | perm).distinct()


for _model in AUDIT_PERMISSIONS:
    register_permission_policy(_model, AuditOnlyPolicy(_model), exact_class=True)


class _ReadOnly(ModelViewSet):
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []


class PersonalDataAccessViewSet(_ReadOnly):
    model = PersonalDataAccess
    icon = "view"
    menu_label = _("Nhật ký xem dữ liệu cá nhân")
    list_display = ["at", "reader_email", "subject", "what", "ip_address", "path"]
    list_filter = ["what"]
    search_fields = ["reader_email", "path"]
    ordering = ["-at"]


class ConsentViewSet(_ReadOnly):
    model = Consent
    icon = "tick"
    menu_label = _("Đồng ý xử lý dữ liệu")
    list_display = ["at", "user", "notice", "decision", "context", "language"]
    list_filter = ["decision", "context"]
    ordering = ["-at"]


class ErasureRequestViewSet(_ReadOnly):
    model = ErasureRequest
    icon = "bin"
    menu_label = _("Yêu cầu xóa tài khoản")
    list_display = ["requested_at", "user", "status", "due_at", "completed_at", "withhold_name"]
    list_filter = ["status"]
    ordering = ["-requested_at"]


class PrivacyGroup(ModelViewSetGroup):
    menu_label = _("Dữ liệu cá nhân")
    menu_icon = "lock"
    menu_order = 265
    items = (
        PersonalDataAccessViewSet("personal_data_reads"),
        ConsentViewSet("consents"),
        ErasureRequestViewSet("erasure_requests"),
    )


@hooks.register("register_admin_viewset")
def register_privacy_viewsets():
    return PrivacyGroup()
