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
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
