"""Administrators (superusers, the Django admin at /django-admin/) register, change and revoke clients, and read
the call log and the webhook deliveries. A new client's secret is shown once, on the page after saving."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import SCOPE_CHOICES, ApiCall, ApiClient, WebhookDelivery, WebhookSubscription
from .services import api_client_create, api_client_revoke, api_client_update

SECRET_ONCE = _("Đã tạo hệ thống “%(name)s”. client_id: %(id)s — client_secret: %(secret)s (chỉ hiện một lần; "
                "hãy chép và gửi cho hệ thống qua kênh an toàn).")


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("Phạm vi"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiClient
        fields = ["name", "unit", "scopes", "rate"]


@admin.register(ApiClient)
class ApiClientAdmin(SuperuserOnly, admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "unit", "scope_list", "client_id", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "unit__code", "application__client_id"]
    actions = ["revoke"]
    autocomplete_fields = []
    raw_id_fields = ["unit"]

    def has_add_permission(self, request, *args):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser and (obj is None or obj.active)

    @admin.display(description=_("Phạm vi"))
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    @admin.display(description="client_id")
    def client_id(self, obj):
        return obj.application.client_id

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            api_client_update(client=obj, unit=data["unit"], scopes=data["scopes"], rate=data.get("rate", ""))
            return
        new = api_client_create(name=data["name"], unit=data["unit"], scopes=data["scopes"],
                                rate=data.get("rate", ""), created_by=request.user)
        obj.pk = new.client.pk
        messages.warning(request, SECRET_ONCE % {"name": new.client.name, "id": new.client_id,
                                                 "secret": new.client_secret})

    @admin.action(description=_("Thu hồi quyền truy cập của các hệ thống đã chọn"))
    def revoke(self, request, queryset):
        for client in queryset:
            api_client_revoke(client=client)
        messages.success(request, _("Đã thu hồi."))


@admin.register(ApiCall)
class ApiCallAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["at", "client", "method", "path", "query", "status", "rows", "ip"]
    list_filter = ["client", "status", "method"]
    date_hierarchy = "at"


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["client", "url", "events", "active", "created_at"]
    list_filter = ["active", "client"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["created_at", "event", "subscription", "status", "attempts", "last_status", "next_attempt_at",
                    "delivered_at"]
    list_filter = ["status", "event"]
