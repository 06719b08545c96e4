"""Admin for H5P activities: a snippet with an upload form (Wagtail's usage view lists the lessons that use an
activity, from the reference index of the lesson block's chooser), and a preview button."""

from __future__ import annotations

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .forms import H5PActivityForm
from .models import H5PActivity


class _NoticesMixin:
    """After a package is stored, tell the editor what was changed on the way in (an SVG cleaned: what was
    removed), the same notices ``manage.py import_h5p`` prints."""

    def save_instance(self):
        instance = super().save_instance()
        for notice in getattr(self.form, "notices", []):
            messages.warning(self.request, notice)
        return instance


class H5PActivityCreateView(_NoticesMixin, CreateView):
    pass


class H5PActivityEditView(_NoticesMixin, EditView):
    pass


class H5PActivityViewSet(SnippetViewSet):
    model = H5PActivity
    add_view_class = H5PActivityCreateView
    edit_view_class = H5PActivityEditView
    icon = "form"
    menu_label = _("Hoạt động H5P")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "main_library", "language", "updated_at"]
    search_fields = ["title"]
    list_filter = ["main_library"]
    inspect_view_enabled = True
    inspect_view_fields = ["title", "main_library", "language", "package_name", "package_size", "created_at",
                           "updated_at", "created_by"]
    edit_handler = ObjectList([FieldPanel("title"), FieldPanel("package")], base_form_class=H5PActivityForm)


register_snippet(H5PActivityViewSet)


@hooks.register("register_snippet_listing_buttons")
def preview_button(snippet, user, next_url=None):
    if isinstance(snippet, H5PActivity):
        yield ListingButton(
            _("Xem thử"), reverse("h5p:preview", args=[snippet.pk]), icon_name="view", priority=15,
            attrs={"target": "_blank", "rel": "noopener"},
        )
