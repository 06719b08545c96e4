"""Django admin (/django-admin/) for our User: email login, full name, phone and places."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm as DjangoAdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User


class AdminUserCreationForm(DjangoAdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = AdminUserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "phone", "population_group", "province", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "population_group")
    search_fields = ("email", "full_name", "phone")
    autocomplete_fields = ()
    raw_id_fields = ("province", "commune", "unit")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Hồ sơ"), {"fields": ("full_name", "phone", "phone_verified", "birth_year", "population_group")}),
        (_("Nơi ở, nơi làm việc"), {"fields": ("province", "commune", "unit")}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a person's account is logged (lms.privacy: staff reads of personal data)."""
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and getattr(response, "status_code", 0) == 200 and str(object_id).isdigit():
            from lms.privacy.models import PersonalDataAccess
            from lms.privacy.services import log_reads

            log_reads(request=request, what=PersonalDataAccess.What.DJANGO_ADMIN_USER, subjects=[int(object_id)])
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            from lms.privacy.models import PersonalDataAccess
            from lms.privacy.services import log_reads

            log_reads(request=request, what=PersonalDataAccess.What.ADMIN_USER_LIST,
                      subjects=[user.pk for user in changelist.result_list])
        return response

    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
