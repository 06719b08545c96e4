"""The lesson block that shows an H5P activity. Add it to ``courses.blocks.LessonStreamBlock`` as ``h5p``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class H5PActivityBlock(blocks.StructBlock):
    activity = SnippetChooserBlock("h5p.H5PActivity", label=_("Hoạt động H5P"))
    title = blocks.CharBlock(label=_("Tiêu đề hiển thị"), required=False, max_length=200,
                             help_text=_("Để trống để dùng tên của hoạt động."))
    required = blocks.BooleanBlock(
        label=_("Bắt buộc đạt để hoàn thành bài"), required=False, default=False,
        help_text=_("Điểm do trình duyệt báo về chỉ dùng cho tiến độ bài học, không dùng cho chứng chỉ."),
    )
    pass_percent = blocks.IntegerBlock(
        label=_("Điểm tối thiểu để đạt (%)"), default=60, min_value=0, max_value=100,
        help_text=_("0: chỉ cần làm xong hoạt động."),
    )

    class Meta:
        icon = "form"
        template = "h5p/blocks/h5p_activity.html"
        label = _("Hoạt động tương tác (H5P)")
        description = _("Một hoạt động H5P đã tải lên; có thể yêu cầu đạt một mức điểm để hoàn thành bài.")

    def get_context(self, value, parent_context=None):
        from .selectors import result_passes, results_for  # cycle: -> courses.models -> these blocks
        from .views import player_config  # cycle: views -> placement -> courses.models -> these blocks

        context = super().get_context(value, parent_context=parent_context)
        activity = value.get("activity")
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        result = results_for(user, [activity.pk]).get(activity.pk) if activity and user else None
        pass_percent = int(value.get("pass_percent") or 0)
        context.update(
            {
                "activity": activity,
                "player": player_config(activity, request) if activity else None,
                "result": result,
                "passed": result_passes(result, pass_percent),
                "pass_percent": pass_percent,
                "dom_id": f"h5p-{activity.pk}" if activity else "h5p-missing",
                "config_id": f"h5p-{activity.pk}-config" if activity else "h5p-missing-config",
            }
        )
        return context
