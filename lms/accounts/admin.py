"""Django admin (/django-admin/) for our User: email login, full name, phone and places."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm as DjangoAdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from lms.privacy.models import PersonalDataAccess
from lms.privacy.services import log_reads

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
    # Reads of a person's account are logged (lms.privacy). Hooked on get_object and get_changelist_instance, not on
    # the views, so that the URL patterns stay Django's own (tests/security/rules.py classifies them by module).
    def get_object(self, request, object_id, from_field=None):
        user = super().get_object(request, object_id, from_field)
        if user is not None and request.method == "GET":
            _log_read(request, "DJANGO_ADMIN_USER", [user.pk])
        return user

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        _log_read(request, "ADMIN_USER_LIST", [user.pk for user in changelist.result_list])
        return changelist

    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


def _log_read(request, what: str, subjects) -> None:
    log_reads(request=request, what=getattr(PersonalDataAccess.What, what), subjects=subjects)
