"""Reads: the in-memory index of this process, kept in step with the stored passages, and a search over it.

Each process holds one ``assistant.engine.Index`` per language. Before a search it reads the ``IndexCounter``
row (one primary-key query): the same version as last time, nothing more to do; a higher one, it reads the
lessons whose version is higher and replaces their passages (one or two queries); another epoch, or a lower
version (a restored database), or too many dead entries, it builds the index again from every stored passage.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from . import analysis
from .engine import Hit, Index, good_enough, rank_lessons
from .models import IndexCounter, IndexedLesson, Passage

REBUILD_DEAD_RATIO = 0.3
REBUILD_CHANGED = 500  # more changed lessons than this at once: rebuilding is quicker than replacing each
SEARCH_DEPTH = 30


@dataclass
class _State:
    epoch: str = ""
    version: int = -1
    indexes: dict[str, Index] = field(default_factory=dict)


_state = _State()
_lock = threading.Lock()


def forget() -> None:
    """Drop this process's index (tests; the next search rebuilds it)."""
    global _state
    with _lock:
        _state = _State()


def _rebuild(counter: tuple[int, str] | None) -> _State:
    state = _State(epoch=counter[1] if counter else "", version=counter[0] if counter else 0)
    rows = (
        Passage.objects.filter(lesson__live=True)
        .order_by("lesson_id", "position")
        .values_list("pk", "lesson_id", "lesson__course_id", "lesson__language", "terms")
    )
    for pk, lesson_id, course_id, language, terms in rows.iterator(chunk_size=5000):
        index = state.indexes.get(language) or state.indexes.setdefault(language, Index())
        index.add(passage_id=pk, lesson_id=lesson_id, course_id=course_id or 0, terms=terms.split())
    return state


def _update(state: _State, version: int) -> None:
    changed = list(
        IndexedLesson.objects.filter(version__gt=state.version).values_list("lesson_id", "language", "live", "course_id")
    )
    ids = [lesson_id for lesson_id, _language, live, _course in changed if live]
    passages: dict[int, list[tuple[int, int, list[str]]]] = {}
    if ids:
        for pk, lesson_id, terms in Passage.objects.filter(lesson_id__in=ids).order_by("lesson_id", "position").values_list(
            "pk", "lesson_id", "terms"
        ):
            passages.setdefault(lesson_id, []).append((pk, 0, terms.split()))
    for lesson_id, language, live, course_id in changed:
        for other in state.indexes.values():
            other.remove_lesson(lesson_id)
        if live:
            index = state.indexes.setdefault(language, Index())
            index.replace_lesson(lesson_id, [(pk, course_id or 0, terms) for pk, _c, terms in passages.get(lesson_id, [])])
    state.version = version


def index_for(language: str) -> Index:
    """This process's index of ``language``, brought up to date with the stored passages."""
    global _state
    counter = IndexCounter.objects.filter(pk=1).values_list("value", "epoch").first()
    with _lock:
        state = _state
        if counter is None:
            if state.version != 0 or state.epoch:
                _state = state = _State(version=0)
        elif state.epoch != counter[1] or counter[0] < state.version:
            _state = state = _rebuild(counter)
        elif counter[0] > state.version:
            pending = IndexedLesson.objects.filter(version__gt=state.version).count()
            dead = max((index.dead_ratio for index in state.indexes.values()), default=0.0)
            if pending > REBUILD_CHANGED or dead > REBUILD_DEAD_RATIO:
                _state = state = _rebuild(counter)
            else:
                _update(state, counter[0])
        return state.indexes.get(language) or Index()


@dataclass
class Retrieval:
    language: str
    hits: list[Hit]
    answerable: bool

    @property
    def lessons(self) -> list[int]:
        return rank_lessons(self.hits)


def retrieve(*, question: str, language: str, course_id: int | None = None) -> Retrieval:
    """The passages that best answer ``question`` in ``language`` (only in ``course_id`` when given) and whether
    the best of them is good enough to answer (``assistant.engine.good_enough``)."""
    index = index_for(language)
    hits = index.search(analysis.terms(question, language, question=True), course_id=course_id, limit=SEARCH_DEPTH)
    return Retrieval(language=language, hits=hits, answerable=bool(hits) and good_enough(hits[0]))


def passages_by_id(ids: list[int]) -> dict[int, Passage]:
    """The stored passages with their lesson (title, course, URL), live lessons only."""
    rows = Passage.objects.filter(pk__in=ids, lesson__live=True).select_related("lesson")
    return {row.pk: row for row in rows}


def feedback_by_lesson(lesson_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    """Per lesson quoted in answers: ``{"questions", "up", "down"}`` (editors' view)."""
    from django.db.models import Count, Q

    from .models import Citation

    rows = Citation.objects.all()
    if lesson_ids is not None:
        rows = rows.filter(lesson_id__in=lesson_ids)
    totals = rows.values("lesson_id").annotate(
        questions=Count("question_id", distinct=True),
        up=Count("question_id", filter=Q(question__rating=1), distinct=True),
        down=Count("question_id", filter=Q(question__rating=-1), distinct=True),
    )
    return {row["lesson_id"]: {"questions": row["questions"], "up": row["up"], "down": row["down"]} for row in totals}


def questions_about(*, lesson_id: int, limit: int = 50):
    """The latest questions whose answer quoted ``lesson_id``."""
    from .models import Question

    return Question.objects.filter(citations__lesson_id=lesson_id).distinct().order_by("-asked_at")[:limit]


def indexed_lessons():
    return IndexedLesson.objects.filter(live=True)


def indexed_lessons_by_id(ids: list[int]):
    return IndexedLesson.objects.filter(pk__in=ids)


def latest_questions(limit: int = 50):
    from .models import Question

    return Question.objects.order_by("-asked_at")[:limit]


def feedback_counts(lesson_ids) -> dict[int, dict[str, int]]:
    """``feedback_by_lesson`` for every lesson, kept a minute in the cache (the page explorer asks once per row)."""
    from django.core.cache import cache

    found = cache.get("assistant:feedback")
    if found is None:
        found = feedback_by_lesson()
        cache.set("assistant:feedback", found, 60)
    return {pk: found[pk] for pk in lesson_ids if pk in found}
