"""Wagtail's user admin for our User (email login, ``full_name`` instead of first/last name).

Wagtail 6+ picks the user viewset from the ``wagtail.users`` app config (``user_viewset``); settings swap
``wagtail.users`` for ``lms.accounts.wagtail_users_app.WagtailUsersConfig``, which points here.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import IndexView as WagtailUserIndexView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from lms.privacy.models import PersonalDataAccess
from lms.privacy.services import log_reads

from . import services
from .models import User

PROFILE_FIELDS = ["full_name", "phone", "population_group", "province", "commune", "unit"]


class _UserFormMixin:
    def clean_full_name(self):
        return services.normalise_full_name(self.cleaned_data.get("full_name"))

    def clean_phone(self):
        return services.normalise_phone(self.cleaned_data.get("phone"))


class AdminUserCreationForm(_UserFormMixin, UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["email", *PROFILE_FIELDS, "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class AdminUserEditForm(_UserFormMixin, UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        model = User
        fields = ["email", *PROFILE_FIELDS, "phone_verified", "is_active", "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


for form_class in (AdminUserCreationForm, AdminUserEditForm):
    form_class.base_fields["full_name"].required = True
    form_class.base_fields["full_name"].label = _("Họ và tên")


class UserIndexView(WagtailUserIndexView):
    """Search by email, full name or phone; "Name" sorts by full name (first/last name are unused)."""

    search_fields = ["email", "full_name", "phone"]

    def order_queryset(self, queryset):
        if self.ordering in ("name", "-name"):
            return queryset.order_by(("-" if self.ordering.startswith("-") else "") + "full_name", "email")
        return super().order_queryset(queryset)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        _log(self.request, "ADMIN_USER_LIST", [user.pk for user in context.get("object_list") or []])
        return context


class UserEditView(WagtailUserEditView):
    """Every opening of a person's account in the admin is logged (lms.privacy: staff reads of personal data)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        _log(request, "ADMIN_USER", [self.object.pk])
        return response


def _log(request, what: str, subjects) -> None:
    log_reads(request=request, what=getattr(PersonalDataAccess.What, what), subjects=subjects)


class UserViewSet(WagtailUserViewSet):
    index_view_class = UserIndexView
    edit_view_class = UserEditView
    create_template_name = "accounts/admin/user_create.html"
    edit_template_name = "accounts/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
