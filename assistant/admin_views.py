"""Editors' view of the assistant (Wagtail admin): which lessons its answers quote, with learners' 👍 and 👎, and
the questions asked about one lesson (logged without personal data)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import selectors


def can_see_feedback(user) -> bool:
    """Editors and reviewers: anyone who may edit pages."""
    return user.is_active and (user.is_superuser or PagePermissionPolicy().user_has_any_permission(
        user, {"add", "change", "publish"}))


def feedback_view(request):
    if not can_see_feedback(request.user):
        raise PermissionDenied
    lesson_id = request.GET.get("lesson", "")
    lesson_id = int(lesson_id) if lesson_id.isdigit() and len(lesson_id) < 19 else None
    totals = selectors.feedback_by_lesson([lesson_id] if lesson_id else None)
    lessons = {row.pk: row for row in selectors.indexed_lessons_by_id(list(totals))}
    rows = sorted(
        ({"lesson_id": pk, "lesson": lessons.get(pk), **counts} for pk, counts in totals.items()),
        key=lambda row: (-row["down"], -row["questions"]),
    )
    questions = selectors.questions_about(lesson_id=lesson_id) if lesson_id else selectors.latest_questions()
    return TemplateResponse(request, "assistant/admin/feedback.html", {
        "rows": rows, "questions": questions, "lesson": lessons.get(lesson_id) if lesson_id else None,
        "page_title": _("Trợ lý học tập: phản hồi của người học"),
    })
