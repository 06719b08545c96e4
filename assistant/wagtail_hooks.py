"""The assistant in the Wagtail admin: the feedback page (Reports menu) and, next to each lesson in the page
explorer, how its quotes were rated."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton

from . import admin_views, selectors


@hooks.register("register_admin_urls")
def register_assistant_admin_urls():
    return [path("assistant/", admin_views.feedback_view, name="assistant_admin_feedback")]


class _FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_feedback(request.user)


@hooks.register("register_reports_menu_item")
def register_feedback_menu_item():
    return _FeedbackMenuItem(_("Trợ lý học tập"), reverse("assistant_admin_feedback"), icon_name="help", order=900)


@hooks.register("register_page_listing_buttons")
def feedback_button(page, user, next_url=None):
    """“Trợ lý: 👍 3 · 👎 1” on a lesson whose passages answers quoted."""
    counts = selectors.feedback_counts([page.pk]).get(page.pk)
    if counts and admin_views.can_see_feedback(user):
        label = _("Trợ lý: 👍 %(up)d · 👎 %(down)d") % counts
        yield ListingButton(label, f"{reverse('assistant_admin_feedback')}?lesson={page.pk}", priority=60,
                                attrs={"title": _("Đánh giá của người học về câu trả lời trích bài này")})
