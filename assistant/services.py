"""Writes: index a lesson (or remove it), answer a question (and log it), record a learner's thumbs up or down.

An answer is **extractive**: the passages that answer, quoted as written in the lesson, each linked to its lesson
and step, and one suggested next lesson. With an OpenAI-compatible endpoint configured, a short written answer is
added above the quotes only when every one of its sentences passed ``assistant.generation.check``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import selectors as course_selectors

from . import analysis, generation, safety, selectors
from .documents import lesson_documents
from .models import Citation, IndexCounter, IndexedLesson, Passage, Question

MAX_QUOTES = 3
MAX_QUOTES_PER_LESSON = 2
QUOTE_SCORE_SHARE = 0.45  # a further quote scores at least this share of the best one
MAX_QUESTION_CHARS = 300

REFUSED_SCAM = _(
    "Trợ lý không giúp lừa đảo hay chiếm đoạt tài khoản, tiền của người khác. Nếu bạn nghi mình đang bị lừa, hãy "
    "xem bài “Nhận diện lừa đảo qua mạng” hoặc gọi công an xã, phường nơi gần nhất."
)
REFUSED_TEST = _(
    "Trợ lý không cho đáp án của các bài kiểm tra. Hãy đọc lại bài học rồi tự làm: kết quả là của chính bạn."
)
NO_ANSWER = _("Trợ lý chưa tìm thấy đoạn nào trong các bài học trả lời được câu hỏi này.")


# --- Indexing ------------------------------------------------------------------------------------------------------


def _next_version() -> int:
    """The next index version. Locks the counter row until the caller's transaction commits."""
    counter, _created = IndexCounter.objects.select_for_update().get_or_create(pk=1)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


@transaction.atomic
def lesson_index(*, lesson_id: int) -> int:
    """(Re)index one lesson from its live version: its passages replace the stored ones. A lesson that is not live
    (unpublished, deleted, a draft) is removed instead. Returns the number of passages stored."""
    lesson = course_selectors.live_lesson(lesson_id=lesson_id)
    if lesson is None:
        lesson_remove(lesson_id=lesson_id)
        return 0
    language = lesson.locale.language_code
    course = lesson.course()
    documents = lesson_documents(title=lesson.title, summary=lesson.summary, body=lesson.body.raw_data,
                                 language=language)
    version = _next_version()
    indexed, _created = IndexedLesson.objects.update_or_create(
        lesson_id=lesson.pk,
        defaults={
            "course_id": course.pk if course else None,
            "language": language,
            "title": lesson.title[:255],
            "course_title": (course.title if course else "")[:255],
            "url": lesson.get_url() or "",
            "live": True,
            "version": version,
        },
    )
    Passage.objects.filter(lesson=indexed).delete()
    Passage.objects.bulk_create(
        Passage(lesson=indexed, position=d.piece.position, anchor=d.piece.anchor[:80], section=d.piece.section[:255],
                kind=d.piece.kind, text=d.piece.text, terms=" ".join(d.terms))
        for d in documents
    )
    return len(documents)


@transaction.atomic
def lesson_remove(*, lesson_id: int) -> None:
    """Take a lesson out of the index (its row stays, with no passages, so every process hears of it)."""
    if not IndexedLesson.objects.filter(pk=lesson_id).exists():
        return
    version = _next_version()
    Passage.objects.filter(lesson_id=lesson_id).delete()
    IndexedLesson.objects.filter(pk=lesson_id).update(live=False, version=version)


def index_rebuild() -> int:
    """Index every live lesson and remove the others (``manage.py assistant_index``). Returns the lesson count."""
    live = course_selectors.live_lesson_ids()
    for lesson_id in live:
        lesson_index(lesson_id=lesson_id)
    for lesson_id in IndexedLesson.objects.filter(live=True).exclude(pk__in=live).values_list("pk", flat=True):
        lesson_remove(lesson_id=lesson_id)
    return len(live)


# --- Answering -----------------------------------------------------------------------------------------------------


@dataclass
class Quote:
    number: int
    text: str
    section: str
    lesson_id: int
    lesson_title: str
    course_title: str
    url: str
    course_id: int | None = None

    @property
    def lines(self) -> list[str]:
        return [line for line in self.text.split("\n") if line.strip()]


@dataclass
class Suggestion:
    title: str
    url: str


@dataclass
class Answer:
    question: str
    language: str
    outcome: str
    message: str = ""
    quotes: list[Quote] = field(default_factory=list)
    suggestion: Suggestion | None = None
    written: list[generation.Sentence] = field(default_factory=list)
    log_id: int | None = None
    took_ms: int = 0

    @property
    def answered(self) -> bool:
        return self.outcome == Question.Outcome.ANSWERED


def _quotes(retrieval: selectors.Retrieval) -> list[Quote]:
    if not retrieval.hits:
        return []
    best = retrieval.hits[0].score
    chosen, per_lesson = [], {}
    for hit in retrieval.hits:
        if len(chosen) == MAX_QUOTES or hit.score < best * QUOTE_SCORE_SHARE:
            break
        if per_lesson.get(hit.lesson_id, 0) >= MAX_QUOTES_PER_LESSON:
            continue
        per_lesson[hit.lesson_id] = per_lesson.get(hit.lesson_id, 0) + 1
        chosen.append(hit)
    rows = selectors.passages_by_id([hit.passage_id for hit in chosen])
    quotes = []
    for hit in chosen:
        row = rows.get(hit.passage_id)
        if row is None:  # unpublished since the process read it: never quoted
            continue
        url = row.lesson.url + (f"#{row.anchor}" if row.anchor else "")
        quotes.append(Quote(number=len(quotes) + 1, text=row.text, section=row.section, lesson_id=row.lesson_id,
                            lesson_title=row.lesson.title, course_title=row.lesson.course_title, url=url,
                            course_id=row.lesson.course_id))
    return quotes


def _suggestion(quotes: list[Quote]) -> Suggestion | None:
    """The lesson after the best quoted one, in its course's reading order."""
    top = quotes[0]
    following = course_selectors.lesson_after(lesson_id=top.lesson_id, course_id=top.course_id)
    if following is not None:
        return Suggestion(title=following.title, url=following.get_url() or "")
    return None


@transaction.atomic  # one commit for the question and its citations
def _log(answer: Answer, *, course_id: int | None, refusal: str = "", generated: bool = False,
         rejected: bool = False) -> int:
    question = Question.objects.create(
        language=answer.language,
        text=safety.redact(answer.question),
        course_id=course_id,
        outcome=answer.outcome,
        refusal=refusal,
        generated=generated,
        generation_rejected=rejected,
        took_ms=answer.took_ms,
    )
    Citation.objects.bulk_create(
        Citation(question=question, lesson_id=quote.lesson_id, rank=quote.number) for quote in answer.quotes
    )
    return question.pk


def answer_question(*, question: str, language: str, course_id: int | None = None, log: bool = True) -> Answer:
    """Answer ``question`` from the published lessons, in ``language`` unless the question is plainly written in
    the other one; only from ``course_id``'s lessons when given (and from all lessons when that course has none
    good enough). Logs the question without personal data."""
    started = time.perf_counter()
    question = " ".join((question or "").split())[:MAX_QUESTION_CHARS]
    language = analysis.guess_language(question, language)
    refusal = safety.refusal(question)
    generated = rejected = False
    if refusal:
        answer = Answer(question=question, language=language, outcome=Question.Outcome.REFUSED,
                        message=str(REFUSED_SCAM if refusal == safety.SCAM else REFUSED_TEST))
    else:
        retrieval = selectors.retrieve(question=question, language=language, course_id=course_id)
        if course_id is not None and not retrieval.answerable:
            retrieval = selectors.retrieve(question=question, language=language)
        quotes = _quotes(retrieval) if retrieval.answerable else []
        if not quotes:
            answer = Answer(question=question, language=language, outcome=Question.Outcome.NO_ANSWER,
                            message=str(NO_ANSWER))
        else:
            answer = Answer(question=question, language=language, outcome=Question.Outcome.ANSWERED, quotes=quotes,
                            suggestion=_suggestion(quotes))
            if generation.configured():
                text, checked = generation.generate(question, [q.text for q in quotes], language)
                generated, rejected = bool(text), checked is not None and not text
                if text:
                    answer.written = checked.sentences
    answer.took_ms = int((time.perf_counter() - started) * 1000)
    if log:
        answer.log_id = _log(answer, course_id=course_id, refusal=refusal, generated=generated, rejected=rejected)
    return answer


def question_rate(*, question_id: int, value: int) -> bool:
    """Record 👍 (+1) or 👎 (-1) on a logged answer; a second vote replaces the first. False if no such answer."""
    if value not in (1, -1):
        raise ValueError("value must be 1 or -1")
    return bool(Question.objects.filter(pk=question_id).update(rating=value, rated_at=timezone.now()))
