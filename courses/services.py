"""Writes for the learning journey: enrolment, visits, knowledge checks, lesson and course completion.

Every function takes keyword arguments, records progress against default-locale pages (``canonical``) and is
safe to call twice: a double click, a resent form or two tabs never create a second row.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import progress as rule
from . import visits
from .h5p.selectors import required_blocks
from .models import CoursePage, Enrollment, KnowledgeCheckSubmission, LessonCompletion, LessonPage
from .selectors import canonical, course_progress, lesson_state
from .signals import course_completed

__all__ = [
    "canonical",
    "enrol",
    "record_visit",
    "score_check",
    "submit_knowledge_check",
    "complete_lesson",
    "lesson_progress_update",
    "progress_catch_up",
    "complete_in_person",
    "missing_message",
    "LearningError",
]

# Messages shown to learners; tests assert on these same constants.
CHECK_NOT_FOUND = _("Không tìm thấy phần kiểm tra này. Bài học có thể vừa được cập nhật, hãy tải lại trang.")
CHECK_NO_ANSWER = _("Bạn chưa chọn phương án nào. Hãy chọn câu trả lời rồi bấm “Kiểm tra”.")
CHECK_BAD_TOKEN = _("Biểu mẫu đã hết hạn. Hãy tải lại trang rồi trả lời lại.")
LESSON_NOT_IN_COURSE = _("Bài học này không thuộc khóa học nào đang mở.")
ENROLLED = _("Bạn đã ghi danh khóa học “%(course)s”. Chúc bạn học tốt!")
LESSON_COMPLETED = _("Đã ghi nhận: bạn hoàn thành bài “%(lesson)s”.")
COURSE_COMPLETED = _("Chúc mừng! Bạn đã hoàn thành khóa học “%(course)s”.")
CHECK_PASSED = _("Bạn đã đạt phần kiểm tra (%(percent)s%% câu đúng).")
CHECK_FAILED = _("Bạn đúng %(percent)s%% số câu, cần %(needed)s%% để đạt. Xem gợi ý bên dưới rồi thử lại nhé.")
NOT_ENROLLED = _("Bạn chưa ghi danh khóa học này. Bấm “Bắt đầu học” để lưu kết quả và tiến độ học tập.")
LESSON_LOCKED = _("Bài “%(lesson)s” chưa mở: khóa học này học lần lượt, bạn cần hoàn thành bài “%(previous)s” trước.")
# What is still missing, said plainly: "Bài “X” chưa hoàn thành: bạn còn cần làm đạt phần “Kiểm tra nhanh”." (or
# "… xem đủ video “Y”")
LESSON_INCOMPLETE = _("Bài “%(lesson)s” chưa hoàn thành: bạn còn cần %(missing)s.")
MISSING_CHECK = _("làm đạt phần “%(title)s”")
MISSING_ACTIVITY = _("làm đạt hoạt động “%(title)s”")
MISSING_VIDEO = _("xem đủ video “%(title)s”")
MISSING_JOIN = _(" và ")
MOVED_ON_INCOMPLETE = _("Bạn có thể quay lại bài này bất cứ lúc nào để hoàn thành.")
MUST_COMPLETE_FIRST = _("Khóa học này học lần lượt: bài tiếp theo mở khi bạn hoàn thành bài này.")


class LearningError(Exception):
    """A rule of the learning journey refused the action; ``message`` is shown to the learner."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- Enrolment and visits -------------------------------------------------------------------------


def enrol(*, user, course: CoursePage) -> tuple[Enrollment, bool]:
    """Enrol ``user`` in ``course`` (its default-locale page). Idempotent: returns ``(enrollment, created)``."""
    course = canonical(course)
    existing = Enrollment.objects.filter(user=user, course=course).first()
    if existing is not None:  # every lesson visit passes here: no transaction for the usual case
        return existing, False
    try:
        with transaction.atomic():
            return Enrollment.objects.get_or_create(user=user, course=course)
    except IntegrityError:
        # Two requests raced past get_or_create's SELECT; the other one's row is there now.
        return Enrollment.objects.get(user=user, course=course), False


def record_visit(*, enrollment: Enrollment | None, lesson: LessonPage) -> None:
    """Remember the lesson an *enrolled* learner opened (the enrolment's latest activity, which orders
    *Học tập của tôi*). Never enrols: opening a lesson is reading it. Only when the lesson changed: written through
    into the learner's cache entry at once and to the database in batches (``courses.visits``)."""
    if enrollment is None:
        return
    target = canonical(lesson)
    if enrollment.last_lesson_id != target.pk:
        visits.record(enrollment=enrollment, lesson_id=target.pk, lesson=target)  # batched (courses/visits.py)


def enrollment_of(*, user, course: CoursePage) -> Enrollment | None:
    if user is None or not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, course=canonical(course)).first()


# --- Knowledge checks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    index: int
    selected: tuple[int, ...]
    correct: bool


@dataclass(frozen=True)
class CheckResult:
    questions: tuple[QuestionResult, ...]
    percent: int
    pass_percent: int

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_percent

    @property
    def correct_count(self) -> int:
        return sum(1 for question in self.questions if question.correct)


def _indexes(raw: Any, limit: int) -> tuple[int, ...]:
    """Clean a list of submitted choice numbers: integers within range, each once, sorted."""
    if raw is None:
        return ()
    if isinstance(raw, str | int):
        raw = [raw]
    cleaned = set()
    for item in raw:
        try:
            number = int(item)
        except (TypeError, ValueError):
            continue
        if 0 <= number < limit:
            cleaned.add(number)
    return tuple(sorted(cleaned))


def score_check(block_value, answers: dict[str, Any]) -> CheckResult:
    """Score one knowledge check. ``answers`` maps a question's number (``"0"``, ``"1"``…) to the chosen choice
    numbers. A single-choice question is right when the one right choice is chosen; a multiple-choice question is
    all-or-nothing (exactly the right set)."""
    results = []
    questions = list(block_value["questions"])
    for index, question in enumerate(questions):
        choices = list(question["choices"])
        selected = _indexes(answers.get(str(index)), len(choices))
        right = tuple(number for number, choice in enumerate(choices) if choice["correct"])
        if not question["multiple"]:
            correct = len(selected) == 1 and selected[0] in right
        else:
            correct = bool(selected) and selected == right
        results.append(QuestionResult(index=index, selected=selected, correct=correct))
    percent = round(100 * sum(r.correct for r in results) / len(results)) if results else 0
    return CheckResult(questions=tuple(results), percent=percent, pass_percent=int(block_value["pass_percent"]))


def check_choice_id(token: str, block_id: str, question: int, choice: int) -> str:
    """The public id of choice ``choice`` of question ``question`` in one rendered knowledge-check form.

    Derived from the form's random ``token`` with the site's secret (HMAC), so it is opaque, differs on every
    render and needs no storage: the server maps it back with the token the form posts."""
    message = f"{token}:{block_id}:{question}:{choice}".encode()
    return hmac.new(_choice_key(settings.SECRET_KEY), message, hashlib.sha1).hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def _choice_key(secret: str) -> bytes:
    """``salted_hmac("courses.knowledge_check", …)``'s derived key, computed once per secret instead of once per
    choice (a lesson page draws ten choice ids per response: issue 17). The ids are the same as before."""
    return hashlib.sha1(CHOICE_KEY_SALT + secret.encode()).digest()


CHOICE_KEY_SALT = b"courses.knowledge_check"


def check_answers_from_form(block_value, *, block_id: str, token: str, getlist) -> dict[str, list[str]]:
    """The choice numbers a learner picked, from a posted form whose inputs carry ``check_choice_id`` values
    (``getlist("q<n>")``). Unknown values (an author's index, a guess) count for nothing; each question reads
    at most as many values as it has choices."""
    answers: dict[str, list[str]] = {}
    for index, question in enumerate(block_value["questions"]):
        count = len(question["choices"])
        public = {check_choice_id(token, block_id, index, n): n for n in range(count)}
        picked = [public[v] for v in getlist(f"q{index}")[: count] if v in public]
        answers[str(index)] = [str(n) for n in picked]
    return answers


def find_check(lesson: LessonPage, block_id: str):
    """The knowledge-check block ``block_id`` of ``lesson``, or ``None``."""
    for block in lesson.body:
        if block.block_type == "knowledge_check" and block.id == block_id:
            return block
    return None


def submit_knowledge_check(
    *, user, lesson: LessonPage, block_id: str, answers: dict[str, Any], token: str
) -> tuple[KnowledgeCheckSubmission, CheckResult]:
    """Score and store one submission. The same ``token`` (one rendered form) is stored once: a double post
    returns the first row. Scored against the block the learner saw; stored against the default-locale lesson."""
    block = find_check(lesson, block_id)
    if block is None:
        raise LearningError(CHECK_NOT_FOUND)
    course = lesson.course()
    if course is None:
        raise LearningError(LESSON_NOT_IN_COURSE)
    if enrollment_of(user=user, course=course) is None:
        raise LearningError(NOT_ENROLLED)
    token = (token or "").strip()
    if not token or len(token) > 64:
        raise LearningError(CHECK_BAD_TOKEN)
    if not any(answers.get(str(index)) for index in range(len(block.value["questions"]))):
        raise LearningError(CHECK_NO_ANSWER)

    existing = KnowledgeCheckSubmission.objects.filter(user=user, token=token).first()
    if existing is not None:
        return existing, _result_of(existing)

    result = score_check(block.value, answers)
    fields = {
        "lesson": canonical(lesson),
        "block_id": block_id,
        "answers": {str(q.index): list(q.selected) for q in result.questions},
        "score": result.percent,
        "passed": result.passed,
        "pass_percent": result.pass_percent,
        "results": [q.correct for q in result.questions],
    }
    try:
        with transaction.atomic():
            submission, _created = KnowledgeCheckSubmission.objects.get_or_create(
                user=user, token=token, defaults=fields
            )
    except IntegrityError:
        submission = KnowledgeCheckSubmission.objects.get(user=user, token=token)
    if submission.passed:
        lesson_progress_update(user=user, lesson=lesson)  # passing the last required check completes the lesson
    return submission, _result_of(submission)


def _result_of(submission: KnowledgeCheckSubmission) -> CheckResult:
    """Rebuild a ``CheckResult`` from what was stored (never from the block as it is now)."""
    questions = tuple(
        QuestionResult(index=index, selected=tuple(submission.answers.get(str(index), ())), correct=bool(correct))
        for index, correct in enumerate(submission.results)
    )
    return CheckResult(questions=questions, percent=round(submission.score), pass_percent=submission.pass_percent)


# --- Completion ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    lesson_created: bool
    course_completed: bool
    state: rule.LessonState | None = None

    @property
    def lesson_complete(self) -> bool:
        return bool(self.state and self.state.complete)


def missing_message(*, lesson: LessonPage, state: rule.LessonState):
    """The plain sentence saying what ``lesson`` still needs (``LESSON_INCOMPLETE``), or ``""`` when nothing."""
    if not state.missing:
        return ""
    parts = [
        {rule.CHECK: MISSING_CHECK, rule.VIDEO: MISSING_VIDEO}.get(item.kind, MISSING_ACTIVITY)
        % {"title": item.title or lesson.title}
        for item in state.missing
    ]
    missing = str(MISSING_JOIN).join(str(part) for part in parts)
    return LESSON_INCOMPLETE % {"lesson": lesson.title, "missing": missing}


def lesson_progress_update(*, user, lesson: LessonPage, reached_end: bool = False,
                           state: rule.LessonState | None = None) -> Completion:
    """Apply the rule of ``courses.progress`` to ``user`` and ``lesson`` and record what it decides: the one place
    that writes a ``LessonCompletion`` (and an enrolment's ``completed_at``). Called when a knowledge check is
    passed, when a required H5P activity reaches its threshold, when the learner reaches the end of the lesson, and
    by the lesson page when an earlier event was missed. Does nothing for a learner who is not enrolled.
    Idempotent; ``course_completed`` is sent once, after the transaction, when the last lesson is completed."""
    course = lesson.course()
    if course is None:
        raise LearningError(LESSON_NOT_IN_COURSE)
    state = state or lesson_state(user=user, lesson=lesson, reached_end=reached_end)
    if not state.complete:
        return Completion(lesson_created=False, course_completed=False, state=state)
    enrollment = enrollment_of(user=user, course=course)
    if enrollment is None:
        return Completion(lesson_created=False, course_completed=False, state=state)

    target = canonical(lesson)
    newly_completed = False
    with transaction.atomic():
        try:
            with transaction.atomic():
                _completion, lesson_created = LessonCompletion.objects.get_or_create(user=user, lesson=target)
        except IntegrityError:
            lesson_created = False
        newly_completed = _course_completion(enrollment=enrollment, last_lesson=target)
    if newly_completed:
        _send_completed(enrollment)
    return Completion(lesson_created=lesson_created, course_completed=newly_completed, state=state)


def _course_completion(*, enrollment: Enrollment, last_lesson: LessonPage | None = None) -> bool:
    """Inside a transaction: mark the enrolment complete when every live lesson of its course is complete. Returns
    whether it was completed now (the caller sends ``course_completed`` once its transaction is over)."""
    enrollment = Enrollment.objects.select_for_update().select_related("course").get(pk=enrollment.pk)
    progress = course_progress(user=enrollment.user, course=enrollment.course)
    newly_completed = progress.is_complete and enrollment.completed_at is None
    fields = []
    if newly_completed:
        enrollment.completed_at = timezone.now()
        fields.append("completed_at")
    if last_lesson is not None:
        enrollment.last_lesson = last_lesson
        fields += ["last_lesson", "last_activity_at"]
    if fields:
        enrollment.save(update_fields=fields)
    return newly_completed


def _send_completed(enrollment: Enrollment) -> None:
    enrollment = Enrollment.objects.select_related("course", "user").get(pk=enrollment.pk)
    course_completed.send(sender=Enrollment, enrollment=enrollment, user=enrollment.user, course=enrollment.course)


def course_completion_update(*, enrollment: Enrollment) -> bool:
    """Record a course completed by the rule but not yet marked (a lesson unpublished after the others were done):
    the course page calls it when its progress says complete. Idempotent."""
    with transaction.atomic():
        newly_completed = _course_completion(enrollment=enrollment)
    if newly_completed:
        _send_completed(enrollment)
    return newly_completed


def complete_lesson(*, user, lesson: LessonPage) -> Completion:
    """The learner reached the end of ``lesson`` (*Hoàn thành bài học*, *Bài tiếp theo*). Refused with
    ``NOT_ENROLLED`` before *Bắt đầu học*, with ``LESSON_LOCKED`` when a sequential course has not opened it yet.
    Otherwise the rule decides (``lesson_progress_update``); the returned ``state`` says what is missing."""
    course = lesson.course()
    if course is None:
        raise LearningError(LESSON_NOT_IN_COURSE)
    if enrollment_of(user=user, course=course) is None:
        raise LearningError(NOT_ENROLLED)
    progress = course_progress(user=user, course=course)
    blocker = progress.blocker(lesson)
    if blocker is not None:
        raise LearningError(LESSON_LOCKED % {"lesson": lesson.title, "previous": blocker.title})
    return lesson_progress_update(user=user, lesson=lesson, reached_end=True)


def complete_in_person(*, user, course: CoursePage | None = None, lesson_ids=()) -> list[int]:
    """An in-person session attended (``classes``, issue 23) counts as learning: every live lesson of ``course``, or
    the live lessons ``lesson_ids``, is recorded complete for ``user`` (enrolled in their courses first). The online
    rule (knowledge checks, activities) is not applied: the trainer saw the learner do it. A course whose every
    lesson is then complete is completed, and ``course_completed`` is sent once (certificates follow as for online
    completion). Idempotent; returns the ids of the lessons completed now."""
    if course is not None:
        lessons = list(canonical(course).lessons())
    else:
        lessons = list(LessonPage.objects.live().filter(pk__in=list(lesson_ids)).order_by("path"))
    by_course: dict[int, tuple[CoursePage, list[LessonPage]]] = {}
    for lesson in lessons:
        owner = lesson.course()
        if owner is None:
            continue
        owner = canonical(owner)
        by_course.setdefault(owner.pk, (owner, []))[1].append(canonical(lesson))
    created: list[int] = []
    for owner, owned in by_course.values():
        enrollment, _created = enrol(user=user, course=owner)
        with transaction.atomic():
            for target in owned:
                try:
                    with transaction.atomic():
                        _completion, made = LessonCompletion.objects.get_or_create(user=user, lesson=target)
                except IntegrityError:
                    made = False
                if made:
                    created.append(target.pk)
            newly_completed = _course_completion(enrollment=enrollment)
        if newly_completed:
            _send_completed(enrollment)
    return created


def lessons_update_for_activity(*, user, lesson_ids) -> list[Completion]:
    """A required H5P activity's result changed: apply the rule to the live lessons placing it (``lesson_ids``)
    in courses ``user`` is enrolled in."""
    results = []
    for lesson in LessonPage.objects.live().filter(pk__in=list(lesson_ids)):
        if required_blocks(lesson):
            results.append(lesson_progress_update(user=user, lesson=lesson))
    return results


def progress_catch_up() -> int:
    """Apply the rule to every enrolled learner who passed a knowledge check of a lesson that has no completion
    recorded for them (passing a quick check did not complete a lesson before issue 15). Returns how many lessons
    were completed now. Safe to run again (``manage.py progress_catch_up``)."""
    pending = (
        KnowledgeCheckSubmission.objects.filter(passed=True)
        .filter(~Exists(LessonCompletion.objects.filter(user=OuterRef("user"), lesson=OuterRef("lesson"))))
        .values_list("lesson_id", "user_id")
        .distinct()
        .order_by("lesson_id")
    )
    by_lesson: dict[int, set[int]] = {}
    for lesson_id, user_id in pending:
        by_lesson.setdefault(lesson_id, set()).add(user_id)
    users = get_user_model().objects.in_bulk({pk for ids in by_lesson.values() for pk in ids})
    completed = 0
    for lesson in LessonPage.objects.live().filter(pk__in=by_lesson):
        for user_id in sorted(by_lesson[lesson.pk]):
            if lesson_progress_update(user=users[user_id], lesson=lesson).lesson_created:
                completed += 1
    return completed
