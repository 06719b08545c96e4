"""Learning without a steady connection (issue 20): what a saved course holds, and the replay of what a learner did
offline. Plain functions; the views (``courses/views_offline.py``) only translate requests and responses.

**A saved course** (``course_manifest``) is a list of URLs the browser stores in its own cache: the course page,
an *offline copy* of each lesson that is open to the learner (the lesson page rendered with its images in one
phone-sized rendition and, for its quick checks only, the answer key: ``offline_keys``), the lesson images in
that rendition, the documents the editor marked *offline* (``DocumentBlock.offline``), and the uploaded videos,
listed apart with their size so that the learner chooses first. Each lesson carries its *version* (the id of its
live revision): a changed version is what tells the browser to fetch the lesson again and the learner that the
saved course changed. Standard tests (``quizzes``) are never part of it: their answers never leave the server.

**Replay** (``replay_events``): events queued on the device while offline (a quick check answered, the end of a
lesson reached), each with an idempotency ``key`` drawn on the device. The rules:

- A batch holds at most ``MAX_EVENTS`` events; each must be well formed (``EventError`` refuses a bad one, the
  others go on). The learner is the signed-in user: an event names no user.
- Only a live lesson of a course the learner may see (no view restriction it cannot pass), in a course the learner
  is enrolled in, opened (a sequential course's lock holds offline too).
- A check is **scored again on the server** from the answers given (``courses.services.score_check`` via
  ``submit_knowledge_check``): what the device said (``claimed``) is kept for the record and never trusted.
- Each key is recorded once per learner (``OfflineEvent``, unique ``(user, key)``): a replayed key answers with the
  verdict recorded the first time and writes nothing, so a batch sent twice (lost reply, Background Sync and the
  page both sending) counts once. The check's submission uses the key as its token, so two racing replays still
  store one submission.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

from . import services
from .models import CoursePage, LessonPage, OfflineEvent

MAX_EVENTS = 50  # events in one batch
MAX_BODY_BYTES = 64 * 1024  # one request's body (checked by the view before parsing)
MAX_ANSWER_VALUES = 12  # values per question (a check has at most 12 choices)
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,48}$")
PHONE_RENDITION = "width-360|format-webp"  # what a saved lesson shows (and what the low-data mode shows)

EVENT_CHECK = "check"
EVENT_COMPLETE = "complete"

# Messages (the device shows them next to the event; tests assert on the same constants).
BAD_EVENT = _("Dữ liệu gửi lên không hợp lệ.")
LESSON_UNAVAILABLE = _("Bài học này không còn mở hoặc bạn không được xem bài này.")
TOO_MANY_EVENTS = _("Mỗi lần gửi tối đa %(n)s kết quả.")
NOT_SAVABLE = _("Hãy bấm “Bắt đầu học” trước khi tải khóa học về máy.")


class EventError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Verdict:
    """The server's answer for one event: it wins over what the device showed."""

    key: str
    status: str  # "recorded" (now), "duplicate" (recorded before: nothing written) or "refused"
    message: str = ""
    passed: bool | None = None  # a check: passed or not (server's scoring)
    percent: int | None = None
    complete: bool | None = None  # the lesson complete after this event
    lesson: int | None = None
    block: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        return {**data, **self.extra}


# --- Who may see what ------------------------------------------------------------------------------


def may_see(*, user, page) -> bool:
    """Whether ``user`` passes every view restriction on ``page`` and its ancestors. A password restriction needs a
    form the device cannot show offline: refused."""
    for restriction in PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True)):
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            if not user.is_authenticated:
                return False
        elif restriction.restriction_type == PageViewRestriction.GROUPS:
            if not user.is_superuser and not set(restriction.groups.values_list("pk", flat=True)) & set(
                user.groups.values_list("pk", flat=True)
            ):
                return False
        else:
            return False
    return True


def lesson_for(*, user, lesson_id) -> LessonPage:
    """The live lesson ``lesson_id`` if ``user`` may see it and it belongs to a course, else ``EventError``."""
    if not isinstance(lesson_id, int) or isinstance(lesson_id, bool):
        raise EventError(BAD_EVENT)
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    if lesson is None or lesson.course() is None or not lesson.course().live or not may_see(user=user, page=lesson):
        raise EventError(LESSON_UNAVAILABLE)
    return lesson


# --- What a saved course holds ---------------------------------------------------------------------


def lesson_version(lesson: LessonPage) -> str:
    """Changes with every publish of the lesson (its live revision), so a saved copy knows it is old."""
    return f"r{lesson.live_revision_id or 0}"


def _images(value, found: list) -> None:
    """Images of one block value, depth first (ImageBlock values, steps' screenshots)."""
    from wagtail.images.models import AbstractImage

    if isinstance(value, AbstractImage):
        found.append(value)
    elif isinstance(value, dict) or hasattr(value, "items"):
        for item in value.values():
            _images(item, found)
    elif isinstance(value, list | tuple) or type(value).__name__ == "ListValue":
        for item in value:
            _images(item, found)


def lesson_files(lesson: LessonPage) -> dict[str, list[dict[str, Any]]]:
    """The files a saved lesson needs: its images in the phone rendition, the documents the editor marked offline,
    and its uploaded videos (optional: the learner chooses, their size is shown first)."""
    images: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    videos: list[dict[str, Any]] = []
    for block in lesson.body:
        if block.block_type in ("image", "steps"):
            found: list = []
            _images(block.value, found)
            for image in found:
                rendition = image.get_rendition(PHONE_RENDITION)
                images.append({"url": rendition.url, "bytes": None})
        elif block.block_type == "document" and block.value.get("offline") and block.value.get("document"):
            document = block.value["document"]
            documents.append({"url": document.url, "title": block.value.get("title") or document.title,
                              "bytes": document.get_file_size()})
        elif block.block_type == "video" and block.value.get("file"):
            document = block.value["file"]
            videos.append({"url": document.url, "title": block.value.get("title") or document.title,
                           "bytes": document.get_file_size(), "lesson": lesson.pk})
    return {"images": images, "documents": documents, "videos": videos}


def course_manifest(*, user, course: CoursePage, copy_url, saved_page_url: str = "") -> dict[str, Any]:
    """The per-course offline manifest for ``user`` (``copy_url(lesson)`` names a lesson's offline copy). Raises
    ``EventError`` when the learner may not save it (not enrolled, a course they may not see)."""
    from . import selectors

    if not course.live or not may_see(user=user, page=course):
        raise EventError(LESSON_UNAVAILABLE)
    if services.enrollment_of(user=user, course=course) is None:
        raise EventError(NOT_SAVABLE)
    progress = selectors.course_progress(user=user, course=course)
    lessons, images, documents, videos = [], [], [], []
    seen: set[str] = set()
    for lesson in course.lessons().specific():
        is_open = progress.is_open(lesson) if progress else True
        lessons.append({"id": lesson.pk, "title": lesson.title, "url": lesson.url, "copy": copy_url(lesson),
                        "version": lesson_version(lesson), "open": bool(is_open)})
        if not is_open:
            continue  # a locked lesson is not saved (it opens after the next connection)
        files = lesson_files(lesson)
        for bucket, items in ((images, files["images"]), (documents, files["documents"]), (videos, files["videos"])):
            for item in items:
                if item["url"] not in seen:
                    seen.add(item["url"])
                    bucket.append(item)
    if course.cover_image_id:  # the course page shows its cover (course_page.html): the webp of that picture
        cover = course.cover_image.get_rendition("fill-720x405|format-webp").url
        if cover not in seen:
            images.append({"url": cover, "bytes": None})
    versions = ",".join(f"{item['id']}:{item['version']}" for item in lessons)
    return {
        "course": {"id": course.pk, "title": course.title, "url": course.url,
                   "version": f"r{course.live_revision_id or 0}"},
        "version": f"r{course.live_revision_id or 0};{versions}",
        "lessons": lessons,
        "images": images,
        "documents": documents,
        "videos": videos,
        "pages": [url for url in [course.url, saved_page_url] if url],
    }


def offline_keys(context) -> dict[str, Any] | None:
    """The answer-key collector of an offline copy (``None`` on every other render): filled by each quick check as
    it renders (``KnowledgeCheckBlock.get_context``), written into the copy by the lesson template."""
    return context.get("offline_keys") if context.get("offline_copy") else None


def check_key(*, value, token: str, block_id: str, check_url: str, public_id) -> dict[str, Any]:
    """What the device needs to score one rendered quick check by the server's rules (``services.score_check``):
    for each question, whether several choices may be picked, and per public choice id its number in the author's
    list, whether it is right and its feedback. Only quick checks: standard tests never have a key on the device."""
    return {
        "block": block_id,
        "token": token,
        "url": check_url,
        "pass": int(value["pass_percent"]),
        "questions": [
            {"multiple": bool(question["multiple"]), "explanation": question.get("explanation") or "",
             "choices": {public_id(index, n): {"n": n, "correct": bool(choice["correct"]),
                                               "feedback": choice.get("feedback") or ""}
                         for n, choice in enumerate(question["choices"])}}
            for index, question in enumerate(value["questions"])
        ],
    }


# --- Replay of events queued offline ---------------------------------------------------------------


def _clean_event(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise EventError(BAD_EVENT)
    key = raw.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise EventError(BAD_EVENT)
    kind = raw.get("type")
    if kind not in (EVENT_CHECK, EVENT_COMPLETE):
        raise EventError(BAD_EVENT)
    lesson = raw.get("lesson")
    if not isinstance(lesson, int) or isinstance(lesson, bool) or not 0 < lesson < 2**31:
        raise EventError(BAD_EVENT)
    event = {"key": key, "type": kind, "lesson": lesson}
    claimed = raw.get("claimed")
    event["claimed"] = {k: claimed[k] for k in ("passed", "percent", "complete") if k in claimed} if isinstance(
        claimed, dict) else {}
    if kind == EVENT_CHECK:
        block, token, answers = raw.get("block"), raw.get("token"), raw.get("answers")
        if not isinstance(block, str) or not 0 < len(block) <= 64 or not isinstance(token, str) or not (
                0 < len(token) <= 64) or not isinstance(answers, dict) or len(answers) > 10:
            raise EventError(BAD_EVENT)
        cleaned: dict[str, list[str]] = {}
        for question, values in answers.items():
            if not isinstance(question, str) or not question.isdigit() or not isinstance(values, list):
                raise EventError(BAD_EVENT)
            if len(values) > MAX_ANSWER_VALUES or not all(isinstance(v, str) and len(v) <= 32 for v in values):
                raise EventError(BAD_EVENT)
            cleaned[question] = values
        event.update(block=block, token=token, answers=cleaned)
    return event


def _record(*, user, event: dict[str, Any], lesson: LessonPage | None, verdict: Verdict) -> Verdict:
    """Store the event once; a key already stored (a racing replay) answers with its first verdict."""
    try:
        with transaction.atomic():
            OfflineEvent.objects.create(
                user=user, key=event["key"], kind=event["type"], lesson=lesson, block_id=event.get("block", ""),
                status=verdict.status, verdict=verdict.as_dict(), claimed=event.get("claimed") or {},
            )
    except IntegrityError:
        return _duplicate(OfflineEvent.objects.get(user=user, key=event["key"]))
    return verdict


def _duplicate(row: OfflineEvent) -> Verdict:
    data = dict(row.verdict)
    data.pop("status", None)
    known = {name: data.pop(name) for name in ("message", "passed", "percent", "complete", "lesson", "block")
             if name in data}
    data.pop("key", None)
    return Verdict(key=row.key, status="duplicate", extra=data, **known)


def replay_event(*, user, raw: Any) -> Verdict:
    """Replay one event for ``user`` (see the module's docstring for the rules). Never raises for a bad event: the
    verdict says ``refused`` and why."""
    key = raw.get("key") if isinstance(raw, dict) and isinstance(raw.get("key"), str) else ""
    try:
        event = _clean_event(raw)
    except EventError as error:
        return Verdict(key=key[:48], status="refused", message=str(error.message))
    existing = OfflineEvent.objects.filter(user=user, key=event["key"]).first()
    if existing is not None:
        return _duplicate(existing)
    try:
        lesson = lesson_for(user=user, lesson_id=event["lesson"])
    except EventError as error:
        return _record(user=user, event=event, lesson=None,
                       verdict=Verdict(key=event["key"], status="refused", message=str(error.message)))
    try:
        verdict = _apply(user=user, event=event, lesson=lesson)
    except services.LearningError as error:
        verdict = Verdict(key=event["key"], status="refused", message=str(error.message), lesson=lesson.pk,
                          block=event.get("block", ""))
    return _record(user=user, event=event, lesson=lesson, verdict=verdict)


def _apply(*, user, event: dict[str, Any], lesson: LessonPage) -> Verdict:
    from . import selectors

    course = lesson.course()
    progress = selectors.course_progress(user=user, course=course)
    blocker = progress.blocker(lesson)
    if blocker is not None:  # online the locked page is never shown; offline neither counts
        raise services.LearningError(services.LESSON_LOCKED % {"lesson": lesson.title, "previous": blocker.title})
    if event["type"] == EVENT_CHECK:
        block = services.find_check(lesson, event["block"])
        if block is None:
            raise services.LearningError(services.CHECK_NOT_FOUND)
        given = event["answers"]
        answers = services.check_answers_from_form(
            block.value, block_id=event["block"], token=event["token"],
            getlist=lambda name: list(given.get(name[1:], [])),
        )
        submission, result = services.submit_knowledge_check(
            user=user, lesson=lesson, block_id=event["block"], answers=answers, token=f"off-{event['key']}"
        )
        done = selectors.course_progress(user=user, course=course).is_done(lesson)
        message = (services.CHECK_PASSED % {"percent": result.percent} if result.passed else
                   services.CHECK_FAILED % {"percent": result.percent, "needed": result.pass_percent})
        return Verdict(key=event["key"], status="recorded", message=str(message), passed=result.passed,
                       percent=result.percent, complete=done, lesson=lesson.pk, block=event["block"])
    completion = services.complete_lesson(user=user, lesson=lesson)
    message = (services.LESSON_COMPLETED % {"lesson": lesson.title} if completion.lesson_complete
               else services.missing_message(lesson=lesson, state=completion.state))
    return Verdict(key=event["key"], status="recorded", message=str(message), complete=completion.lesson_complete,
                   lesson=lesson.pk)


def replay_events(*, user, events: Any) -> list[Verdict]:
    """Replay a batch in the order given (a check before the end of its lesson). ``EventError`` for a batch that
    is not a list or holds more than ``MAX_EVENTS``; each event gets its own verdict."""
    if not isinstance(events, list):
        raise EventError(BAD_EVENT)
    if len(events) > MAX_EVENTS:
        raise EventError(TOO_MANY_EVENTS % {"n": MAX_EVENTS})
    return [replay_event(user=user, raw=raw) for raw in events]
