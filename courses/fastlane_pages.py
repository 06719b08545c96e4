"""The signed-in course page and *Học tập của tôi* in the fast lane (``lms/fastlane.py``, issue 17), next to the
lesson page (``courses/fastlane.py``): which responses may be stored, and the learner's values for their parts and
rows, computed from the learner's cache entry (``courses.learnercache``) and data cached per publish, with the same
``CourseProgress`` and selectors as the pages themselves. The fast lane checks them against what the templates saw
each time it stores a page, so this module and the templates cannot drift apart silently.

- Course page (``templates/courses/course_page.html``): the progress bar and the action (parts), and the syllabus's
  lessons as rows keyed by the lesson with its status (done, current, locked, todo) and blocker: what is stored is
  bounded by lessons × 4. Refused: a learner who completed the course (their certificate is shown), an editor's
  preview, a page with view restrictions.
- *Học tập của tôi* (``templates/courses/my_learning.html``): the learner's courses as rows in their order: a course
  in progress is two rows (its card keyed by the course and the lessons done, then the lesson to continue), so what
  is stored is bounded by courses × (2 × lessons + 1); a completed course is keyed by the course and the day it was
  completed (bounded by courses × days). The learner's requirements (*Bắt buộc đối với tôi*, cached per learner:
  ``courses.requiredcache``) are rows keyed by the requirement, its status, title, deadline, test slug and the
  course's lessons done / total: bounded by requirements × states, never by learners.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime

from lms import fastlane
from lms.organisations.permissions import can_view_reports

from . import learnercache, requiredcache, selectors
from .fastlane import CourseRef, LessonRef

COMPLETED_ON = 'item.enrollment.completed_at|date:"Y-m-d"'
REQUIRED_DEADLINE = 'item.deadline|date:"Y-m-d"'


def _pk(page) -> int | str:
    """``page.pk`` as a template reads it: a missing page is the empty string (``string_if_invalid``)."""
    return page.pk if page is not None else ""


def _header(user) -> dict:
    return {"user.is_authenticated": True, "CAN_VIEW_REPORTS": can_view_reports(user)}


# --- course page -------------------------------------------------------------------------------------------------


def mark_course(request, course, *, syllabus: list[dict]) -> None:
    """Called by ``CoursePage.get_context`` while the fast lane captures: this course page may be stored."""
    if fastlane.capturing(request) is None or course.pk is None or not request.user.is_authenticated:
        return
    if getattr(request, "is_preview", False) or not getattr(course, "_routecache_unrestricted", False):
        return
    groups = tuple(tuple(LessonRef(pk=item["page"].pk, translation_key=item["page"].translation_key)
                         for item in group["lessons"]) for group in syllabus)
    request._fastlane_kind = ("course", {
        "course": CourseRef(pk=course.pk, path=course.path, depth=course.depth,
                            translation_key=course.translation_key, sequential=bool(course.sequential)),
        "groups": groups,  # the syllabus's lessons by module, as of this generation (the entry's)
    })


def course_values(request, user, data: dict):
    course, groups = data["course"], data["groups"]
    outline = [lesson for group in groups for lesson in group]
    mine = learnercache.records(user)
    progress = selectors.CourseProgress(
        course=course, lessons=outline, done_keys={item.translation_key for item in outline} & mine.done,
        enrollment=mine.enrollments.get(course.translation_key),
    )
    if progress.enrolled and progress.is_complete:
        raise fastlane.Refused("course complete")  # the certificate part is the learner's own
    following = progress.continue_lesson
    values = {
        **_header(user),
        "progress.started": progress.started,
        "progress.done": progress.done,
        "progress.percent": progress.percent,
        "progress.enrolled": progress.enrolled,
        "progress.is_complete": progress.is_complete,
        "progress.continue_lesson.pk": _pk(following),
        "course.lessons": [],
    }
    states = iter(progress.outline_states())  # the outline is the groups' lessons in order
    for group in groups:
        rows = []
        for lesson in group:
            status, blocker = next(states)
            rows.append({"item.page.pk": lesson.pk, "item.status": status, "item.blocker.pk": _pk(blocker)})
        values["course.lessons"].append(rows)
    return values, None


# --- Học tập của tôi ---------------------------------------------------------------------------------------------


def mark_my_learning(request) -> None:
    """Called by the view while the fast lane captures (``lms.fastlane.capturable``)."""
    if fastlane.capturing(request) is not None and request.user.is_authenticated:
        request._fastlane_kind = ("my_learning", {})


def _required_row(item) -> dict:
    """A requirement's row as the template keys it: the requirement, its status and the small values it shows
    (a missing value is the empty string, as the template reads it)."""
    progress = item.progress
    return {
        "item.requirement.pk": item.requirement.pk,
        "item.status": item.status,
        "item.title": item.title,
        REQUIRED_DEADLINE: item.deadline.isoformat(),
        "item.assessment.slug": item.assessment.slug if item.assessment is not None else "",
        "item.progress.done": progress.done if progress is not None else "",
        "item.progress.total": progress.total if progress is not None else "",
    }


def my_learning_values(request, user, data: dict):
    with translation.override(getattr(request, "LANGUAGE_CODE", None) or translation.get_language()):
        required = requiredcache.required_for(user)  # from the learner's cached entry when current: no SQL
        mine = selectors.learner_courses(user=user)
    values = {
        **_header(user),
        "any_required": bool(required),
        "learning.required": [[_required_row(item) for item in required]],
        "any_in_progress": bool(mine.in_progress),
        "any_completed": bool(mine.completed),
        "learning.in_progress": [[  # two rows per course: the card (lessons done), the lesson to continue
            row for item in mine.in_progress for row in (
                {"item.course.pk": item.course.pk, "row": "card", "state": item.done},
                {"item.course.pk": item.course.pk, "row": "continue", "state": _pk(item.continue_lesson)},
            )
        ]],
        "learning.completed": [[
            {"item.course.pk": item.course.pk,
             COMPLETED_ON: date_format(localtime(item.enrollment.completed_at), "Y-m-d")}
            for item in mine.completed
        ]],
    }
    return values, None


def register() -> None:
    fastlane.register("course", course_values)
    fastlane.register("my_learning", my_learning_values)
