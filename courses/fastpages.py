"""The signed-in home page and catalogue in the fast lane (``lms/fastlane.py``, issue 17), as the lesson page is
(``courses/fastlane.py``): their learner parts (``{% fastpart %}`` in ``templates/courses/home_page.html`` and the
header in ``templates/base.html``) computed here from caches only: the learner's entry
(``courses.learnercache``), their attempts in progress and the bank generation (``quizzes.testcards``, read with
the fast lane's entry), and what the page stored with its entry (``data``, per publish generation).

Home page parts, bounded whatever the number of learners:

- ``home.continue`` keyed by the course to continue (its title and link), holding ``home.progress`` keyed by
  (done, total, percent) and ``home.next`` keyed by the next lesson: variants grow with courses + lessons.
- ``home.tests`` keyed by the tests listed with their *mine* flags (one list per population group). A learner
  with an attempt in progress in a listed test is served by the normal path (its link names the attempt).

The catalogue without a query string has no learner part but the header. Its filter lists are in the shared
body: a change of a topic, area or group starts a new page generation (``courses.forms.forget_choices``).

Refused (the normal path serves): an editor's preview, a restricted page, the learner's attempts not cached yet,
the tests changed since the page was stored (bank generation), a test in progress.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from lms import fastlane, pagecache
from lms.organisations.permissions import can_view_reports
from quizzes import testcards

from . import learnercache, selectors
from .fastlane import CourseRef
from .models import HOME_TESTS, CoursePage

HOME_KIND = "home"
CATALOGUE_KIND = "catalogue"
COURSES_TIMEOUT = 60 * 60


def _may_store(request, page) -> bool:
    return (fastlane.capturing(request) is not None and request.user.is_authenticated
            and not getattr(request, "is_preview", False) and getattr(page, "_routecache_unrestricted", False))


def _nav(user) -> dict:
    return {"user.is_authenticated": True, "CAN_VIEW_REPORTS": can_view_reports(user)}


# --- catalogue ----------------------------------------------------------------------------------------------------


def mark_catalogue(request, page) -> None:
    """Called by ``CourseIndexPage.get_context``: the plain catalogue (no filter, first page) may be stored."""
    if _may_store(request, page) and not request.GET:
        request._fastlane_kind = (CATALOGUE_KIND, {})


def catalogue_values(request, user, data: dict):
    return _nav(user), None


# --- home page ----------------------------------------------------------------------------------------------------


def home_courses(locale) -> dict[int, tuple]:
    """Per live course of the default locale (where enrolments point): the course shown in ``locale`` (its live
    translation, else itself) and that course's live lessons in reading order, as ``(shown pk, lesson
    translation keys as hex, lesson pks)``. Cached per publish generation (read in the same round trip)."""
    key = f"fastlane:home-courses:{locale.pk}"
    found = cache.get_many([pagecache.GENERATION_KEY, key])
    generation, entry = found.get(pagecache.GENERATION_KEY), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    generation = generation if generation is not None else pagecache.current_generation()
    default = Locale.get_default()
    rows = list(CoursePage.objects.live().filter(locale_id__in={locale.pk, default.pk})
                .values_list("pk", "translation_key", "locale_id", "path", "depth"))
    translated = {key: (pk, path, depth) for pk, key, locale_id, path, depth in rows if locale_id == locale.pk}
    shown = {}
    for pk, key, locale_id, path, depth in rows:
        if locale_id == default.pk:
            shown_pk, shown_path, shown_depth = translated.get(key, (pk, path, depth))
            shown[pk] = CourseRef(pk=shown_pk, path=shown_path, depth=shown_depth, translation_key=key, sequential=False)
    lessons = selectors._lessons_under(list(shown.values()))
    courses = {}
    for canonical_pk, course in shown.items():
        mine = [lesson for lesson in lessons if lesson.path.startswith(course.path)]
        courses[canonical_pk] = (course.pk, tuple(lesson.translation_key.hex for lesson in mine),
                                 tuple(lesson.pk for lesson in mine))
    if generation is not None:
        cache.set(key, (generation, courses), COURSES_TIMEOUT)
    return courses


def mark_home(request, page, *, tests: testcards.HomeTests) -> None:
    """Called by ``HomePage.get_context`` while the fast lane captures: this home page may be stored."""
    if not _may_store(request, page):
        return
    request._fastlane_kind = (HOME_KIND, {
        "courses": home_courses(page.locale),
        "tests": tests.tests,
        "bank": tests.generation,
    })


def continue_values(mine: learnercache.LearnerRecords, courses: dict) -> dict:
    """``selectors.learner_courses(...).in_progress[0]`` as the home page shows it: the most recently active
    enrolment of a live course not completed, its progress and the first lesson not done."""
    values = {"continue_course_id": None, "continue_lesson_id": None, "continue_progress.done": 0,
              "continue_progress.total": 0, "continue_progress.percent": 0}
    enrollments = selectors.by_latest_activity(mine.enrollments.values())
    chosen = next((e for e in enrollments if e.course_id in courses and e.completed_at is None), None)
    if chosen is None:
        return values
    shown_pk, keys, pks = courses[chosen.course_id]
    done_keys = {key.hex for key in mine.done}
    flags = [key in done_keys for key in keys]
    done, total = sum(flags), len(flags)
    values.update({
        "continue_course_id": shown_pk,
        "continue_lesson_id": next((pk for pk, flag in zip(pks, flags, strict=True) if not flag), None),
        "continue_progress.done": done,
        "continue_progress.total": total,
        "continue_progress.percent": done * 100 // total if total else 0,
    })
    return values


def home_values(request, user, data: dict):
    mine = learnercache.records(user)  # read with the fast lane's entry (one round trip)
    if fastlane.capturing(request) is not None:  # storing: what the page read just now (from the cache)
        attempts, bank = testcards.open_attempts(user), testcards.published_tests()[0]
    else:
        attempts, bank = testcards.prefetched(user.pk)  # read with the fast lane's entry
        if attempts is None:
            raise fastlane.Refused("attempts in progress not cached")
    if bank is None or bank != data["bank"]:
        raise fastlane.Refused("tests changed")
    cards = testcards.cards(tests=data["tests"], group_id=user.population_group_id, attempts=attempts,
                            now=timezone.now(), limit=HOME_TESTS)
    if any(card.open_attempt is not None for card in cards):
        raise fastlane.Refused("a test in progress")
    values = {**_nav(user), **continue_values(mine, data["courses"]), "standard_tests_key": testcards.variant(cards)}
    return values, None
