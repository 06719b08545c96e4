"""Admin for certificates: templates (editors) and the register of issued certificates (staff revoke them).

Certificates are only created by the issuing rules, and never deleted: a mistaken one is revoked, with a reason
that the public verification page shows.
"""

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet, SnippetViewSetGroup

from lms.privacy.models import PersonalDataAccess
from lms.privacy.services import log_reads

from .models import Certificate, CertificateTemplate
from .services import REASON_REQUIRED, certificate_revoke


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Nobody adds or deletes a certificate in the admin (not even a superuser); ``change`` means revoke."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate), exact_class=True)


class CertificateRevokeForm(WagtailAdminModelForm):
    """The only edit of a certificate: revoke it, with a reason (shown publicly)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_revoked:
            for field in self.fields.values():
                field.disabled = True
        self.fields["revocation_reason"].help_text = _(
            "Bắt buộc khi thu hồi. Lý do được hiện trên trang kiểm tra công khai của chứng nhận."
        )
        self.fields["revocation_reason"].widget = forms.Textarea(attrs={"rows": 3})

    def clean(self):
        cleaned = super().clean()
        if (
            not self.instance.is_revoked
            and cleaned.get("status") == Certificate.Status.REVOKED
            and not (cleaned.get("revocation_reason") or "").strip()
        ):
            self.add_error("revocation_reason", REASON_REQUIRED)
        return cleaned

    def save(self, commit=True):
        original = Certificate.objects.get(pk=self.instance.pk)
        if original.is_revoked or self.cleaned_data.get("status") != Certificate.Status.REVOKED:
            return original  # nothing else about a certificate is editable
        return certificate_revoke(
            certificate=original, reason=self.cleaned_data["revocation_reason"], by=self.for_user
        )


class CertificateInspectView(InspectView):
    """The certificate's fields, then its log (who issued, revoked, re-issued, downloaded it, and when), and a
    button to the page where staff and managers revoke or re-issue it."""

    def get_fields(self):
        return [*super().get_fields(), "events"]

    def get_field_label(self, field_name, field):
        if field_name == "events":
            return _("Nhật ký")
        return super().get_field_label(field_name, field)

    def get_events_display_value(self):
        return render_to_string(
            "certificates/includes/events.html",
            {"events": self.object.events.select_related("actor", "related")},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log_reads(request=self.request, what=PersonalDataAccess.What.CERTIFICATE, subjects=[self.object.user_id])
        return context

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(_("Thu hồi, cấp lại"), icon_name="history", priority=30,
                   url=reverse("my_certificates:manage_detail", args=[self.object.display_serial])),
        ]


class CertificateIndexView(SnippetIndexView):
    """The register: each page of it shown is logged as a staff read of those learners' data (lms.privacy)."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        log_reads(request=self.request, what=PersonalDataAccess.What.CERTIFICATE_LIST,
                  subjects=[c.user_id for c in context.get("object_list") or []])
        return context


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    icon = "doc-full"
    menu_label = _("Chứng nhận đã cấp")
    list_display = ["display_serial", "learner_name", "achievement_title", "kind", "issued_at", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["serial", "learner_name", "achievement_title"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-issued_at"]
    edit_handler = ObjectList(
        [FieldPanel("status"), FieldPanel("revocation_reason")],
        base_form_class=CertificateRevokeForm,
    )


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-empty"
    menu_label = _("Mẫu chứng nhận")
    list_display = ["name", "issuing_body", "signer_name", "is_default"]


class CertificatesGroup(SnippetViewSetGroup):
    menu_label = _("Chứng nhận")
    menu_icon = "doc-full"
    menu_order = 400
    items = (CertificateViewSet, CertificateTemplateViewSet)


register_snippet(CertificatesGroup)
