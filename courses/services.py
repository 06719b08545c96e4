"""Writes for the learning journey: enrolment, visits, knowledge checks, lesson and course completion.

Every function takes keyword arguments, records progress against default-locale pages (``canonical``) and is
safe to call twice: a double click, a resent form or two tabs never create a second row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from courses.h5p import selectors as h5p_selectors

from .models import CoursePage, Enrollment, KnowledgeCheckSubmission, LessonCompletion, LessonPage
from .selectors import canonical, course_progress, passed_check_ids
from .signals import course_completed

__all__ = [
    "canonical",
    "enrol",
    "record_visit",
    "score_check",
    "submit_knowledge_check",
    "complete_lesson",
    "LearningError",
]

# Messages shown to learners; tests assert on these same constants.
CHECKS_NOT_PASSED = _("Bạn cần làm đạt phần “Kiểm tra nhanh” của bài này trước khi đánh dấu hoàn thành.")
CHECK_NOT_FOUND = _("Không tìm thấy phần kiểm tra này. Bài học có thể vừa được cập nhật, hãy tải lại trang.")
CHECK_NO_ANSWER = _("Bạn chưa chọn phương án nào. Hãy chọn câu trả lời rồi bấm “Kiểm tra”.")
CHECK_BAD_TOKEN = _("Biểu mẫu đã hết hạn. Hãy tải lại trang rồi trả lời lại.")
LESSON_NOT_IN_COURSE = _("Bài học này không thuộc khóa học nào đang mở.")
ENROLLED = _("Bạn đã ghi danh khóa học “%(course)s”. Chúc bạn học tốt!")
LESSON_COMPLETED = _("Đã ghi nhận: bạn hoàn thành bài “%(lesson)s”.")
COURSE_COMPLETED = _("Chúc mừng! Bạn đã hoàn thành khóa học “%(course)s”.")
CHECK_PASSED = _("Bạn đã đạt phần kiểm tra (%(percent)s%% câu đúng).")
CHECK_FAILED = _("Bạn đúng %(percent)s%% số câu, cần %(needed)s%% để đạt. Xem gợi ý bên dưới rồi thử lại nhé.")


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


def record_visit(*, user, lesson: LessonPage) -> Enrollment | None:
    """Remember the lesson a learner opened (for “continue”), enrolling them in its course on the way."""
    course = lesson.course()
    if course is None:
        return None
    enrollment, _created = enrol(user=user, course=course)
    target = canonical(lesson)
    if enrollment.last_lesson_id != target.pk:
        enrollment.last_lesson = target
        enrollment.save(update_fields=["last_lesson", "last_activity_at"])
    return enrollment


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
    return salted_hmac("courses.knowledge_check", f"{token}:{block_id}:{question}:{choice}").hexdigest()[:16]


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
    return submission, _result_of(submission)


def _result_of(submission: KnowledgeCheckSubmission) -> CheckResult:
    """Rebuild a ``CheckResult`` from what was stored (never from the block as it is now)."""
    questions = tuple(
        QuestionResult(index=index, selected=tuple(submission.answers.get(str(index), ())), correct=bool(correct))
        for index, correct in enumerate(submission.results)
    )
    return CheckResult(questions=questions, percent=round(submission.score), pass_percent=submission.pass_percent)


# --- Completion -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    lesson_created: bool
    course_completed: bool


def complete_lesson(*, user, lesson: LessonPage) -> Completion:
    """Mark ``lesson`` done. Refused (``CHECKS_NOT_PASSED``) while any knowledge check of the lesson has no
    passing submission, or (``ACTIVITIES_NOT_PASSED``) while a required H5P activity is below its threshold. Idempotent. When it was the last lesson, the enrolment is marked complete and
    ``course_completed`` is sent once."""
    course = lesson.course()
    if course is None:
        raise LearningError(LESSON_NOT_IN_COURSE)
    check_ids = {block.id for block in lesson.knowledge_checks()}
    if check_ids - passed_check_ids(user=user, lesson=lesson):
        raise LearningError(CHECKS_NOT_PASSED)
    if not h5p_selectors.activities_passed(user, lesson):
        raise LearningError(h5p_selectors.ACTIVITIES_NOT_PASSED)

    target = canonical(lesson)
    newly_completed = False
    with transaction.atomic():
        enrollment, _created = enrol(user=user, course=course)
        try:
            with transaction.atomic():
                _completion, lesson_created = LessonCompletion.objects.get_or_create(user=user, lesson=target)
        except IntegrityError:
            lesson_created = False
        enrollment = Enrollment.objects.select_for_update().select_related("course").get(pk=enrollment.pk)
        progress = course_progress(user=user, course=enrollment.course)
        if progress.is_complete and enrollment.completed_at is None:
            enrollment.completed_at = timezone.now()
            newly_completed = True
        enrollment.last_lesson = target
        enrollment.save(update_fields=["completed_at", "last_lesson", "last_activity_at"])
    if newly_completed:
        course_completed.send(sender=Enrollment, enrollment=enrollment, user=user, course=enrollment.course)
    return Completion(lesson_created=lesson_created, course_completed=newly_completed)
