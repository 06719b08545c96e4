"""Admin for videos: a snippet with an upload form and its status (pending, processing, ready, failed with the
reason) in the listing and on the edit page; Wagtail's usage view lists the lessons that show a video."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms import VideoForm
from .models import Video


class StatusPanel(HelpPanel):
    """The video's processing status, read-only, at the top of the edit page."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            video = self.instance
            if not video.pk:
                self.content = ""
                return
            renditions = ", ".join(f"{r['height']}p" for r in sorted(video.renditions, key=lambda r: r["height"]))
            self.content = format_html(
                '<p class="help-block help-{}" data-video-status="{}"><strong>{}</strong> {}</p>',
                "critical" if video.status == Video.Status.FAILED else "info", video.status,
                _("Trạng thái:"), video.status_text + (f" ({renditions})" if video.ready and renditions else ""),
            )


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = _("Video")
    menu_order = 255
    add_to_admin_menu = True
    list_display = ["title", "status_text", "duration", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    edit_handler = ObjectList([
        StatusPanel(heading=_("Trạng thái")),
        FieldPanel("title"),
        FieldPanel("upload"),
        FieldPanel("retry"),
        MultiFieldPanel([FieldPanel("captions_vi"), FieldPanel("captions_vi_file"), FieldPanel("captions_en"),
                         FieldPanel("captions_en_file")], heading=_("Phụ đề (WebVTT)")),
        FieldPanel("transcript"),
    ], base_form_class=VideoForm)


register_snippet(VideoViewSet)
