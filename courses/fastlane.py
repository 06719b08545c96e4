"""The lesson page in the fast lane (``lms/fastlane.py``, issue 17): which lessons may be served from the shared
body, and the learner's values for its parts (``{% fastpart %}`` in ``templates/courses/lesson_page.html`` and
``templates/base.html``), computed from the learner's cache entry and the course outline cached per publish.

The values are computed here with the same selectors the page's ``get_context`` uses; the fast lane checks them
against what the template saw each time it stores a page, so this module and the template cannot drift apart
silently.

Refused (the normal path serves): a lesson with an H5P activity (its state is read per learner from the H5P
results), a learner with a knowledge-check result in the lesson (the form shows their answers), a lesson locked for
this learner (403 page), an editor's preview, a page with view restrictions (never in the route cache).
"""

from __future__ import annotations

from dataclasses import dataclass

from lms import fastlane
from lms.organisations.permissions import can_view_reports

from . import learnercache, selectors, services, visits

ALLOWED_BLOCKS = frozenset({"heading", "paragraph", "image", "video", "steps", "callout", "document",
                            "knowledge_check"})


@dataclass(frozen=True)
class CourseRef:
    """What progress needs of a course (``selectors.CourseProgress``, ``_lessons_under``), small to pickle."""

    pk: int
    path: str
    depth: int
    translation_key: object
    sequential: bool


@dataclass(frozen=True)
class LessonRef:
    pk: int
    translation_key: object


def mark(request, lesson, *, course, canonical_pk: int, state) -> None:
    """Called by ``LessonPage.get_context`` while the fast lane captures: this lesson page may be stored."""
    if fastlane.capturing(request) is None or course is None or lesson.pk is None:
        return
    if getattr(request, "is_preview", False) or not getattr(lesson, "_routecache_unrestricted", False):
        return
    if any(block.block_type not in ALLOWED_BLOCKS for block in lesson.body):
        return
    if any(requirement.kind != "check" for requirement in state.requirements):
        return
    none_passed = selectors.lesson_state(user=None, lesson=lesson)  # nobody's results: every check missing
    # Translation keys as integers (``UUID.int``): the handler hashes them some 150 times per request, and a UUID's
    # hash is a Python call where an int's is not.
    outline = tuple(LessonRef(pk=item.pk, translation_key=item.translation_key.int)
                    for item in selectors.course_lessons(course=course))
    request._fastlane_kind = ("lesson", {
        "course": CourseRef(pk=course.pk, path=course.path, depth=course.depth,
                            translation_key=course.translation_key, sequential=bool(getattr(course, "sequential", False))),
        "lesson": LessonRef(pk=lesson.pk, translation_key=lesson.translation_key.int),
        "outline": outline,  # the course's live lessons as of this generation (the entry's)
        "outline_keys": frozenset(item.translation_key for item in outline),
        "canonical_pk": canonical_pk,
        "missing_message": services.missing_message(lesson=lesson, state=none_passed),
        "pending_checks": tuple(r.block_id for r in none_passed.missing if r.kind == "check"),
    })


def lesson_values(request, user, data: dict):
    """The learner's values for the lesson page's parts, and the visit to record once the page is served."""
    course, lesson, outline = data["course"], data["lesson"], data["outline"]
    mine = learnercache.records(user)  # one cache round trip (the outline came with the entry)
    progress = selectors.CourseProgress(
        course=course, lessons=list(outline), done_keys=data["outline_keys"] & {key.int for key in mine.done},
        enrollment=mine.enrollments.get(course.translation_key),
    )
    if progress.position(lesson) is None:
        raise fastlane.Refused("lesson not in the outline")
    if progress.blocker(lesson) is not None:
        raise fastlane.Refused("locked")
    if mine.checks.get(data["canonical_pk"]):
        raise fastlane.Refused("check results")
    enrollment = progress.enrollment
    is_done = progress.is_done(lesson)
    _previous, following = progress.neighbours(lesson)
    values = {
        "user.is_authenticated": True,
        "CAN_VIEW_REPORTS": can_view_reports(user),
        "is_done": is_done,
        "enrolled": enrollment is not None,
        "not_enrolled": enrollment is None,
        "progress.started": progress.started,
        "progress.done": progress.done,
        "progress.percent": progress.percent,
        "check_submissions": (),
        "missing_message": "" if is_done else data["missing_message"],
        "pending_checks": data["pending_checks"],
        "next_locked": bool(following and not progress.is_open(following)),
    }

    def after():
        if enrollment is not None and enrollment.last_lesson_id != data["canonical_pk"]:
            visits.record(enrollment=enrollment, lesson_id=data["canonical_pk"])

    return values, after
