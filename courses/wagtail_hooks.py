"""Admin for the course app's vocabularies. (The competency framework's admin belongs to ``quizzes``.)"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Chủ đề khóa học")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "name_en", "slug", "sort_order"]
    sort_order_field = "sort_order"


register_snippet(TopicViewSet)
