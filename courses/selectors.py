"""Reads for the learning journey: progress, what to continue, the catalogue. Nothing here writes.

Progress rows point at default-locale pages (see ``canonical``); pages shown to the learner are in the active
locale. The two are matched by Wagtail's ``translation_key``, so every selector works in both languages with a
fixed number of queries, whatever the size of a course.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Locale, Page

from lms import localpages, pagecache
from lms.organisations.selectors import requirements_for
from lms.text import fold
from quizzes import selectors as quiz_selectors

from . import learnercache
from . import progress as rule
from .h5p import selectors as h5p_selectors
from .models import CoursePage, Enrollment, KnowledgeCheckSubmission, LessonPage, ModulePage, Topic
from .video import selectors as video_selectors


def canonical(page: Page) -> Page:
    """The page's translation in the default locale (where progress is recorded), or the page itself."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


OUTLINE_TIMEOUT = 60 * 60


def _lessons_under(courses: list[CoursePage]) -> list[LessonPage]:
    """Live lessons of several courses in reading order (tree path): each course's outline from the cache, kept
    per publish (the entry records the page tree's generation, ``lms.pagecache``, read in the same round trip);
    the courses not found there in one query."""
    if not courses:
        return []
    keys = {course.pk: f"outline:{course.pk}" for course in courses}
    kept = localpages.request_generation()  # the front door's request: this process's copies of this publish
    if kept is not None:
        memo = {course.pk: localpages.memo_get(keys[course.pk], kept) for course in courses}
        if localpages.MISSING not in memo.values():
            return sorted((lesson for course in courses for lesson in memo[course.pk]), key=lambda lesson: lesson.path)
    found = cache.get_many([pagecache.GENERATION_KEY, *keys.values()])
    generation = found.get(pagecache.GENERATION_KEY)
    outlines: dict[int, list[LessonPage]] = {}
    for course in courses:
        entry = found.get(keys[course.pk])
        if generation is not None and entry is not None and entry[0] == generation:
            outlines[course.pk] = entry[1]
    missing = [course for course in courses if course.pk not in outlines]
    if missing:
        under = Q()
        for course in missing:
            under |= Q(path__startswith=course.path, depth__gt=course.depth)
            outlines[course.pk] = []
        rows = LessonPage.objects.live().filter(under).order_by("path").select_related("locale").defer_streamfields()
        for lesson in rows:
            owner = next(course for course in missing if lesson.path.startswith(course.path))
            outlines[owner.pk].append(lesson)
        generation = generation if generation is not None else pagecache.current_generation()
        if generation is not None:
            cache.set_many({keys[course.pk]: (generation, outlines[course.pk]) for course in missing}, OUTLINE_TIMEOUT)
    if kept is not None and kept == generation and not missing:
        for course in courses:
            localpages.memo_put(keys[course.pk], generation, outlines[course.pk])
    return sorted((lesson for course in courses for lesson in outlines[course.pk]), key=lambda lesson: lesson.path)


def course_lessons(*, course: CoursePage) -> list[LessonPage]:
    """The course's live lessons in reading order, from the outline cached per publish."""
    return _lessons_under([course])


@dataclass
class CourseProgress:
    """A learner's place in one course. ``lessons`` are the course's live lessons in the displayed locale."""

    course: CoursePage
    lessons: list[LessonPage]
    done_keys: set = field(default_factory=set)
    enrollment: Enrollment | None = None

    @property
    def total(self) -> int:
        return len(self.lessons)

    @cached_property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.translation_key in self.done_keys)

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0

    @property
    def enrolled(self) -> bool:
        return self.enrollment is not None

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def started(self) -> bool:
        return self.enrolled or self.done > 0

    def is_done(self, lesson: Page) -> bool:
        return lesson.translation_key in self.done_keys

    @cached_property
    def next_lesson(self) -> LessonPage | None:
        """The first lesson, in reading order, that is not done yet."""
        return next((lesson for lesson in self.lessons if not self.is_done(lesson)), None)

    @property
    def continue_lesson(self) -> LessonPage | None:
        """Where *Tiếp tục* leads: the first incomplete lesson in reading order (never one further on, even when the
        learner last opened a later one)."""
        return self.next_lesson

    @property
    def sequential(self) -> bool:
        return bool(getattr(self.course, "sequential", False))

    @cached_property
    def _done_flags(self) -> list[bool]:
        return [self.is_done(lesson) for lesson in self.lessons]

    def is_open(self, lesson: Page) -> bool:
        """``courses.progress.lesson_is_open`` for ``lesson`` (a lesson outside the list is open)."""
        number = self.position(lesson)
        if number is None:
            return True
        return rule.lesson_is_open(sequential=self.sequential, position=number - 1, done=self._done_flags)

    def state(self, lesson: Page) -> tuple[str, LessonPage | None]:
        """``(status, blocker)`` of ``lesson``: ``done``, ``current`` (where to continue), ``locked`` (sequential
        course, the one before is not complete: that one is the blocker) or ``todo``."""
        if self.is_done(lesson):
            return "done", None
        if not self.is_open(lesson):
            return "locked", self.lessons[self.position(lesson) - 2]
        current = self.continue_lesson if self.started else None
        if current is not None and current.pk == lesson.pk:
            return "current", None
        return "todo", None

    def blocker(self, lesson: Page) -> LessonPage | None:
        """The lesson to complete first when ``lesson`` is locked, else ``None``."""
        return self.state(lesson)[1]

    def status(self, lesson: Page) -> str:
        return self.state(lesson)[0]

    def outline_states(self) -> list[tuple[str, LessonPage | None]]:
        """``state`` of every lesson of ``lessons`` in order (the course page's syllabus, at each fast-lane hit)."""
        return [self.state(lesson) for lesson in self.lessons]

    @cached_property
    def _positions(self) -> dict:
        """Each lesson's 1-based place by its pk (the first, should a pk appear twice), read once: ``status`` and
        ``blocker`` ask for every lesson of the outline, so a scan per call made the course page quadratic."""
        positions: dict = {}
        for number, item in enumerate(self.lessons, start=1):
            positions.setdefault(item.pk, number)
        return positions

    def position(self, lesson: Page) -> int | None:
        """1-based place of ``lesson`` in the course."""
        return self._positions.get(lesson.pk)

    def neighbours(self, lesson: Page) -> tuple[LessonPage | None, LessonPage | None]:
        number = self.position(lesson)
        if number is None:
            return None, None
        previous = self.lessons[number - 2] if number > 1 else None
        following = self.lessons[number] if number < self.total else None
        return previous, following


def _progress_for(*, user, courses: list[CoursePage]) -> dict[int, CourseProgress]:
    """Progress in several courses with four queries in all (lessons, enrollments, completions, nothing per
    course)."""
    lessons = _lessons_under(courses)
    by_course: dict[int, list[LessonPage]] = {course.pk: [] for course in courses}
    for lesson in lessons:
        for course in courses:
            if lesson.path.startswith(course.path):
                by_course[course.pk].append(lesson)
                break
    enrollments: dict = {}
    done_keys: set = set()
    if user is not None and user.is_authenticated:
        mine = learnercache.records(user)  # the learner's enrolments and completions, cached (one round trip)
        course_keys = {course.translation_key for course in courses}
        enrollments = {key: enrollment for key, enrollment in mine.enrollments.items() if key in course_keys}
        if lessons:
            done_keys = {lesson.translation_key for lesson in lessons} & mine.done
    return {
        course.pk: CourseProgress(
            course=course,
            lessons=by_course[course.pk],
            done_keys=done_keys,
            enrollment=enrollments.get(course.translation_key),
        )
        for course in courses
    }


def course_progress(*, user, course: CoursePage) -> CourseProgress:
    """``done``, ``total``, ``percent`` and ``next_lesson`` (plus the lesson list and statuses) for one course, in
    a constant number of queries."""
    return _progress_for(user=user, courses=[course])[course.pk]


def continue_lesson(*, user, course: CoursePage) -> LessonPage | None:
    return course_progress(user=user, course=course).continue_lesson


def course_modules(*, course: CoursePage) -> list[ModulePage]:
    """The course's live modules in order, cached per publish like the outline."""
    key = f"modules:{course.pk}"
    found = cache.get_many([pagecache.GENERATION_KEY, key])
    generation, entry = found.get(pagecache.GENERATION_KEY), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    generation = generation if generation is not None else pagecache.current_generation()
    if generation is not None:
        cache.set(key, (generation, modules), OUTLINE_TIMEOUT)
    return modules


def syllabus(*, progress: CourseProgress, modules: list[ModulePage]) -> list[dict]:
    """Lessons grouped by module, in reading order: ``[{"module": ModulePage | None, "lessons": [...]}, ...]``.
    Lessons placed directly under the course form groups without a module."""
    module_by_path = {module.path: module for module in modules}
    groups: list[dict] = []
    step = len(progress.course.path) + Page.steplen
    for lesson in progress.lessons:
        module = module_by_path.get(lesson.path[:step]) if lesson.depth > progress.course.depth + 1 else None
        if not groups or groups[-1]["module"] is not module:
            groups.append({"module": module, "lessons": []})
        groups[-1]["lessons"].append(
            {"page": lesson, "status": progress.status(lesson), "blocker": progress.blocker(lesson)}
        )
    return groups


@dataclass
class LearnerCourses:
    in_progress: list[CourseProgress]
    completed: list[CourseProgress]


def by_latest_activity(enrollments) -> list[Enrollment]:
    """Most recent activity first (the learner's cached enrolments, pending visits included); the newest enrolment
    first between equal times, so that every page (and the fast lane's handlers) shows the same order."""
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(enrollments, key=lambda enrollment: (enrollment.last_activity_at or oldest, enrollment.pk),
                  reverse=True)


def _shown_courses(enrollments: list[Enrollment], locale: Locale) -> dict[int, CoursePage]:
    """For each enrolment's course (a default-locale page): the live page shown in ``locale`` (its live translation,
    else the course itself), absent when the course is not live. Cached per publish (the page tree's generation,
    read in the same round trip); the courses not found there in one query."""
    keys = {enrollment.course_id: f"shown:{locale.pk}:{enrollment.course_id}" for enrollment in enrollments}
    kept = localpages.request_generation()  # the front door's request: this process's copies of this publish
    if kept is not None:
        memo = {course_id: localpages.memo_get(key, kept) for course_id, key in keys.items()}
        if localpages.MISSING not in memo.values():
            return {course_id: page for course_id, page in memo.items() if page is not None}
    found = cache.get_many([pagecache.GENERATION_KEY, *keys.values()])
    generation = found.get(pagecache.GENERATION_KEY)
    shown: dict[int, CoursePage] = {}
    missing: dict[int, object] = {}
    for enrollment in enrollments:
        entry = found.get(keys[enrollment.course_id])
        if generation is not None and entry is not None and entry[0] == generation:
            if entry[1] is not None:
                shown[enrollment.course_id] = entry[1]
        else:
            missing[enrollment.course_id] = enrollment.course.translation_key
    if missing:
        rows = list(CoursePage.objects.live().filter(translation_key__in=set(missing.values()))
                    .filter(Q(pk__in=missing) | Q(locale=locale)).defer("description"))
        stored = {}
        for course_id, key in missing.items():
            own = next((row for row in rows if row.pk == course_id), None)
            translated = next((row for row in rows if row.translation_key == key and row.locale_id == locale.pk), None)
            page = (translated or own) if own is not None else None
            stored[keys[course_id]] = (generation, page)
            if page is not None:
                shown[course_id] = page
        if generation is not None and not learnercache._in_transaction():
            cache.set_many(stored, OUTLINE_TIMEOUT)
    if kept is not None and kept == generation and not missing:
        for course_id, key in keys.items():
            localpages.memo_put(key, generation, shown.get(course_id))
    return shown


def learner_courses(*, user, locale: Locale | None = None) -> LearnerCourses:
    """The learner's enrolled courses (most recent activity first), shown in ``locale`` when translated. Read from
    the learner's cache entry and the courses cached per publish: no query when both are warm."""
    if user is None or not user.is_authenticated:
        return LearnerCourses(in_progress=[], completed=[])
    locale = locale or Locale.get_active()
    enrollments = by_latest_activity(learnercache.records(user).enrollments.values())  # cached: no query
    shown = _shown_courses(enrollments, locale) if enrollments else {}  # cached per publish
    enrollments = [enrollment for enrollment in enrollments if enrollment.course_id in shown]
    if not enrollments:
        return LearnerCourses(in_progress=[], completed=[])
    courses = [shown[enrollment.course_id] for enrollment in enrollments]
    progress = _progress_for(user=user, courses=courses)
    in_progress, completed = [], []
    for enrollment, course in zip(enrollments, courses, strict=True):
        item = progress[course.pk]
        (completed if enrollment.completed_at else in_progress).append(item)
    return LearnerCourses(in_progress=in_progress, completed=completed)


@dataclass
class RequiredItem:
    """A course or test that a manager made mandatory for the learner (``lms.organisations`` Requirement), with
    where the learner stands: ``done``, ``pending`` or ``overdue``."""

    requirement: object
    kind: str  # "course" or "assessment"
    status: str
    course: CoursePage | None = None
    assessment: object = None
    progress: CourseProgress | None = None

    @property
    def title(self) -> str:
        target = self.course or self.assessment
        return target.title if target is not None else self.requirement.title

    @property
    def deadline(self):
        return self.requirement.deadline

    @property
    def is_overdue(self) -> bool:
        return self.status == "overdue"

    @property
    def is_done(self) -> bool:
        return self.status == "done"


def enrollments_completed_between(*, start, end) -> QuerySet[Enrollment]:
    """Enrolments whose course was completed in [start, end]."""
    return Enrollment.objects.filter(completed_at__gte=start, completed_at__lte=end)


def required_for(*, user, today=None) -> list[RequiredItem]:
    """Courses and tests required of this learner (requirements of their unit's subtree and group), not done
    first (overdue, then by deadline). Done: a passed attempt at the test / the course completed."""
    if user is None or not user.is_authenticated:
        return []
    requirements = list(requirements_for(user))
    if not requirements:
        return []
    today = today or timezone.localdate()
    course_ids = [r.object_id for r in requirements if r.content_type.model == "coursepage"]
    test_ids = [r.object_id for r in requirements if r.content_type.model == "assessment"]
    courses = {c.pk: c for c in CoursePage.objects.live().filter(pk__in=course_ids)}
    locale = Locale.get_active()
    shown = {
        c.translation_key: c
        for c in CoursePage.objects.live().filter(
            translation_key__in=[c.translation_key for c in courses.values()], locale=locale
        )
    }
    displayed = {pk: shown.get(c.translation_key, c) for pk, c in courses.items()}
    progress = _progress_for(user=user, courses=list(displayed.values()))
    tests = quiz_selectors.assessments_by_id(test_ids)
    passed = quiz_selectors.passed_assessment_ids(user=user, assessment_ids=test_ids)
    items = []
    for requirement in requirements:
        if requirement.content_type.model == "coursepage":
            course = displayed.get(requirement.object_id)
            if course is None:
                continue
            item_progress = progress[course.pk]
            done = bool(item_progress.enrollment and item_progress.enrollment.completed_at)
            item = RequiredItem(requirement=requirement, kind="course", status="", course=course, progress=item_progress)
        else:
            assessment = tests.get(requirement.object_id)
            if assessment is None:
                continue
            done = assessment.pk in passed
            item = RequiredItem(requirement=requirement, kind="assessment", status="", assessment=assessment)
        item.status = "done" if done else "overdue" if requirement.deadline < today else "pending"
        items.append(item)
    order = {"overdue": 0, "pending": 1, "done": 2}
    return sorted(items, key=lambda i: (order[i.status], i.deadline, i.title))


def check_state(*, user, lesson: LessonPage) -> tuple[dict[str, KnowledgeCheckSubmission], set[str]]:
    """In one query: the latest submission of each knowledge check of ``lesson`` by ``user`` (keyed by block id),
    and the ids of the checks passed at least once."""
    if user is None or not user.is_authenticated or lesson.pk is None:  # no pk: a preview before the first save
        return {}, set()
    latest: dict[str, KnowledgeCheckSubmission] = {}
    passed: set[str] = set()
    rows = learnercache.submissions(user, canonical(lesson))  # cached with the learner's progress
    for submission in rows:
        latest[submission.block_id] = submission
        if submission.passed:
            passed.add(submission.block_id)
    return latest, passed


def check_submissions(*, user, lesson: LessonPage) -> dict[str, KnowledgeCheckSubmission]:
    """The latest submission of each knowledge check of ``lesson`` by ``user``, keyed by block id."""
    return check_state(user=user, lesson=lesson)[0]


def passed_check_ids(*, user, lesson: LessonPage) -> set[str]:
    return set(
        KnowledgeCheckSubmission.objects.filter(user=user, lesson=canonical(lesson), passed=True).values_list(
            "block_id", flat=True
        )
    )


def lesson_requirements(lesson: LessonPage) -> list[rule.Requirement]:
    """What ``lesson`` requires to be complete: every knowledge check, every H5P activity marked required, and every
    video of the platform whose block requires a percentage watched (once the video is ready)."""
    found = []
    for block in lesson.body:
        if block.block_type == "knowledge_check":
            found.append(rule.Requirement(kind=rule.CHECK, block_id=block.id, title=block.value.get("title") or ""))
    for block in h5p_selectors.required_blocks(lesson):
        activity = block.value.get("activity")
        title = block.value.get("title") or getattr(activity, "title", "") or ""
        found.append(rule.Requirement(kind=rule.ACTIVITY, block_id=block.id, title=title))
    for block in video_selectors.required_blocks(lesson):
        title = block.value.get("title") or block.value["video"].title
        found.append(rule.Requirement(kind=rule.VIDEO, block_id=block.id, title=title))
    return found


def lesson_state(*, user, lesson: LessonPage, passed_checks: set[str] | None = None,
                 reached_end: bool = False) -> rule.LessonState:
    """``courses.progress.LessonState`` of ``lesson`` for ``user``: which required items are still missing.
    ``passed_checks`` (from ``check_state``) saves a query when the caller already read them; the H5P results are
    read only when the lesson has a required activity."""
    requirements = lesson_requirements(lesson)
    passed: set[str] = set()
    if user is not None and user.is_authenticated and requirements:
        if any(r.kind == rule.CHECK for r in requirements):
            passed |= passed_checks if passed_checks is not None else passed_check_ids(user=user, lesson=lesson)
        if any(r.kind == rule.ACTIVITY for r in requirements):
            pending = {block.id for block in h5p_selectors.pending_activities(user, lesson)}
            passed |= {r.block_id for r in requirements if r.kind == rule.ACTIVITY and r.block_id not in pending}
        if any(r.kind == rule.VIDEO for r in requirements):
            pending = {block.id for block in video_selectors.pending_videos(user, lesson)}
            passed |= {r.block_id for r in requirements if r.kind == rule.VIDEO and r.block_id not in pending}
    return rule.lesson_state(requirements=requirements, passed=passed, reached_end=reached_end)


# --- Catalogue ------------------------------------------------------------------------------------

CATALOGUE_PAGE_SIZE = 24
LESSON_HITS_LIMIT = 300  # lessons read to find their courses when searching
SEARCH_MAX_WORDS = 12
SEARCH_MAX_WORD_LENGTH = 40
_SEARCH_WORD = re.compile(r"[^\W_]+")  # letters and digits (Vietnamese included, once composed), nothing else


def search_words(text: str) -> str:
    """What a visitor typed, reduced to plain words for any search backend: search input is text, never query
    syntax. Quotes, ``*``, ``-``, ``:``, parentheses, NUL and other punctuation separate words; operators typed in
    capitals (``OR``, ``AND``, ``NOT``, ``NEAR``) become ordinary lower-case words; at most ``SEARCH_MAX_WORDS``
    words of ``SEARCH_MAX_WORD_LENGTH`` letters are kept. A lone ``"`` (which SQLite's FTS5 read as an unfinished
    phrase, a 503) leaves nothing to search for."""
    composed = unicodedata.normalize("NFC", text or "")
    words = [word[:SEARCH_MAX_WORD_LENGTH].lower() for word in _SEARCH_WORD.findall(composed)]
    return " ".join(words[:SEARCH_MAX_WORDS])


def catalogue_courses(
    *,
    locale: Locale,
    topic: Topic | None = None,
    level: str = "",
    area=None,
    group=None,
    q: str = "",
) -> QuerySet | list[CoursePage]:
    """Live courses in ``locale`` matching the filters (a QuerySet in reading order), or, with search words
    ``q``, the matching courses as a list in order of relevance.

    Filters that Wagtail's search backends cannot apply (many-to-many relations) are applied with the ORM
    first; the search then runs on those ids. A word found in a lesson finds its course, after the courses
    whose own text matched.
    """
    courses: QuerySet = CoursePage.objects.live().filter(locale=locale)
    if topic is not None:
        courses = courses.filter(topic=topic)
    if level:
        courses = courses.filter(level=level)
    if area is not None:
        courses = courses.filter(competences__area=area)
    if group is not None:
        courses = courses.filter(population_groups=group)
    courses = courses.distinct().select_related("locale", "topic", "cover_image").prefetch_related("cover_image__renditions")
    q = fold(search_words(q))  # the index holds a folded copy of each page's text (models.FoldedSearchMixin)
    if not q:
        return courses.order_by("path")

    ids = list(courses.values_list("pk", flat=True))
    if not ids:
        return []
    found: list[int] = [page.pk for page in CoursePage.objects.live().filter(id__in=ids).search(q)]
    candidates = list(CoursePage.objects.filter(id__in=ids).only("id", "path"))
    lesson_hits = LessonPage.objects.live().filter(locale=locale).search(q)[:LESSON_HITS_LIMIT]
    for lesson in lesson_hits:
        for course in candidates:
            if lesson.path.startswith(course.path) and course.pk not in found:
                found.append(course.pk)
    by_id = {course.pk: course for course in courses.filter(id__in=found)}
    return [by_id[pk] for pk in found if pk in by_id]


# --- For reminders (the reminders app reads enrolments through these) ----------------------------------------


def completed_user_ids(*, course_id: int) -> QuerySet:
    """``user_id`` values of the people who completed course ``course_id`` (in any of its languages)."""
    course = CoursePage.objects.filter(pk=course_id).only("translation_key").first()
    if course is None:
        return Enrollment.objects.none().values("user_id")
    return Enrollment.objects.filter(
        course__translation_key=course.translation_key, completed_at__isnull=False
    ).values("user_id")


#: A course's nudge goes to learners who stopped between N and N + this many days ago: setting N on an old course
#: does not nudge everyone who left it years ago.
NUDGE_WINDOW_DAYS = 30


def stalled_enrollments(*, now) -> list[tuple[int, int, int]]:
    """(user id, course id, days) of unfinished enrolments, in courses with *Nhắc học tiếp sau (ngày)* = days,
    whose last activity is between ``days`` and ``days + NUDGE_WINDOW_DAYS`` days before ``now``."""
    out: list[tuple[int, int, int]] = []
    for course_id, days in CoursePage.objects.live().filter(nudge_after_days__gt=0).values_list("pk", "nudge_after_days"):
        newest = now - dt.timedelta(days=days)
        oldest = newest - dt.timedelta(days=NUDGE_WINDOW_DAYS)
        out.extend(
            (user_id, course_id, days)
            for user_id in Enrollment.objects.filter(
                course_id=course_id, completed_at__isnull=True, last_activity_at__lte=newest, last_activity_at__gt=oldest,
            ).values_list("user_id", flat=True)
        )
    return out


def course_title_and_path(*, course_id: int, language: str) -> tuple[str, str] | None:
    """The title and site-relative URL of a course in ``language`` (its translation when there is one), or None
    when the course is gone or not live."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        return None
    locale = Locale.objects.filter(language_code=language).first()
    shown = (course.get_translation_or_none(locale) if locale else None) or course
    if not shown.live:
        shown = course
    return shown.title, shown.get_url() or ""


# --- For the learning assistant (assistant/: it reads lessons through these only) ---------------------------------


def live_lesson(*, lesson_id: int) -> LessonPage | None:
    """The live lesson with this id (with its locale), or ``None`` when it is a draft, unpublished or gone."""
    return LessonPage.objects.live().select_related("locale").filter(pk=lesson_id).first()


def live_lesson_ids() -> list[int]:
    """Every live lesson's id, in tree order (both languages)."""
    return list(LessonPage.objects.live().order_by("path").values_list("pk", flat=True))


def lesson_after(*, lesson_id: int, course_id: int | None) -> LessonPage | None:
    """The live lesson that follows ``lesson_id`` in its course's reading order (the outline cached per publish)."""
    course = CoursePage.objects.live().filter(pk=course_id).first() if course_id else None
    if course is None:
        return None
    lessons = course_lessons(course=course)
    for number, lesson in enumerate(lessons):
        if lesson.pk == lesson_id:
            return lessons[number + 1] if number + 1 < len(lessons) else None
    return None


def lesson_ids_under(page: Page) -> list[int]:
    """Ids of the lessons at or under ``page`` (live or not)."""
    return list(LessonPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def courses_for_choice() -> QuerySet[CoursePage]:
    """Live courses in the default locale (where progress is recorded), in catalogue order: what an in-person session
    (``classes``) may complete."""
    return CoursePage.objects.live().filter(locale=Locale.get_default()).order_by("path")


def lessons_for_choice() -> QuerySet[LessonPage]:
    """Live lessons in the default locale, in reading order (an in-person session may complete some of them)."""
    return LessonPage.objects.live().filter(locale=Locale.get_default()).order_by("path")
