"""The retrieval: Okapi BM25 over the stored passages, held in this process's memory (pure Python, no database).

Why this and not PostgreSQL full text: the platform runs on SQLite (embedded mode) and on PostgreSQL; one
ranking in Python gives the same answers on both, so the question set in ``tests/assistant`` measures what every
deployment does. It also lets the analysis fit Vietnamese (``assistant.analysis``: folded syllables and pairs of
syllables, function words dropped on their accented form), which PostgreSQL's ``simple`` configuration with
``unaccent`` cannot (no pairs, and ``ts_rank`` scores cannot be compared with a fixed "good enough" bar).

Memory: postings are ``array`` objects (4 bytes per document number, 2 per term frequency), so 5,000 lessons
(~60,000 passages) take about 20 MB. Updates are incremental (``replace_lesson``): a lesson's old passages are
marked dead and its new ones appended; dead entries are skipped when scoring and dropped when the owner rebuilds
(``dead_ratio``). Document frequencies count dead entries until then, as Lucene's do until a merge.

A hit is "good enough" (``Hit.coverage``) when the passage holds most of what the question asks: the share of
the question's term weight (IDF of its syllables; a syllable no lesson has weighs as the rarest) that the passage
contains. Off-topic questions ("giá vàng hôm nay", "công thức nấu phở") ask for words the lessons do not have.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

K1 = 1.2
B = 0.75
PAIR_WEIGHT = 1.0
COMMON_SHARE = 0.02  # a term in more than this share of the passages (and at least COMMON_MIN_DF) is "common"
COMMON_MIN_DF = 1000
CANDIDATES = 300


@dataclass(frozen=True)
class Hit:
    passage_id: int
    lesson_id: int
    course_id: int
    score: float
    coverage: float  # 0..1: share of the question's syllable weight found in the passage
    matched: int  # distinct question syllables found in the passage
    phrase_coverage: float = 0.0  # 0..1: share of the question's weight, syllables and pairs, found in it
    pair_coverage: float = 1.0  # 0..1: share of the question's pair weight found in it (1 without pairs)


class Index:
    """BM25 over the passages of one language."""

    def __init__(self):
        self.passage_ids = array("q")
        self.lesson_ids = array("q")
        self.course_ids = array("q")
        self.lengths = array("I")
        self.alive = bytearray()
        self.postings: dict[str, tuple[array, array]] = {}
        self.by_lesson: dict[int, list[int]] = {}
        self.total_length = 0
        self.dead = 0

    # --- building -------------------------------------------------------------------------------------
    def add(self, *, passage_id: int, lesson_id: int, course_id: int, terms: list[str]) -> None:
        doc = len(self.passage_ids)
        self.passage_ids.append(passage_id)
        self.lesson_ids.append(lesson_id)
        self.course_ids.append(course_id or 0)
        self.lengths.append(len(terms))
        self.alive.append(1)
        self.total_length += len(terms)
        self.by_lesson.setdefault(lesson_id, []).append(doc)
        for term, count in Counter(terms).items():
            entry = self.postings.get(term)
            if entry is None:
                entry = self.postings[term] = (array("I"), array("H"))
            entry[0].append(doc)
            entry[1].append(min(count, 65535))

    def remove_lesson(self, lesson_id: int) -> None:
        for doc in self.by_lesson.pop(lesson_id, []):
            if self.alive[doc]:
                self.alive[doc] = 0
                self.dead += 1

    def replace_lesson(self, lesson_id: int, passages: list[tuple[int, int, list[str]]]) -> None:
        """``passages``: ``(passage_id, course_id, terms)`` of the lesson's current passages (empty: removed)."""
        self.remove_lesson(lesson_id)
        for passage_id, course_id, terms in passages:
            self.add(passage_id=passage_id, lesson_id=lesson_id, course_id=course_id, terms=terms)

    @property
    def size(self) -> int:
        return len(self.passage_ids) - self.dead

    @property
    def dead_ratio(self) -> float:
        return self.dead / len(self.passage_ids) if len(self.passage_ids) else 0.0

    def lessons(self) -> set[int]:
        return set(self.by_lesson)

    # --- searching ------------------------------------------------------------------------------------
    def idf(self, term: str) -> float:
        n = len(self.passage_ids)
        entry = self.postings.get(term)
        df = len(entry[0]) if entry else 0
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def search(self, query_terms: list[str], *, course_id: int | None = None, limit: int = 10) -> list[Hit]:
        """The best ``limit`` passages for ``query_terms`` (``assistant.analysis.terms`` of the question), only in
        ``course_id`` when given.

        Terms are scored rarest first. A term found in more than ``COMMON_SHARE`` of the passages (over a large
        index: "tài khoản", "điện thoại") is not walked through: its weight is added, by binary search in its
        postings, to the ``CANDIDATES`` passages that scored best on the rarer terms, which are the only ones
        it could still lift into the first ``limit`` in practice (its IDF is small)."""
        if not query_terms or not len(self.passage_ids):
            return []
        n = len(self.passage_ids)
        avgdl = self.total_length / n if n else 1.0
        max_idf = math.log(1 + (n + 0.5) / 0.5)
        weights = Counter(query_terms)
        terms = sorted(weights, key=lambda t: len(self.postings[t][0]) if t in self.postings else 0)
        idfs = {t: (self.idf(t) if t in self.postings else max_idf) for t in terms}
        singles_weight = sum(idfs[t] for t in terms if "_" not in t) or 1.0
        pairs_weight = sum(idfs[t] for t in terms if "_" in t)
        all_weight = singles_weight + pairs_weight
        common_df = max(COMMON_MIN_DF, int(n * COMMON_SHARE))
        alive, lengths, courses = self.alive, self.lengths, self.course_ids
        k1_plus, base, slope = K1 + 1, K1 * (1 - B), K1 * B / avgdl
        scores: dict[int, float] = {}
        masks: dict[int, int] = {}
        common: list[tuple[int, str]] = []
        for bit, term in enumerate(terms):
            entry = self.postings.get(term)
            if entry is None:
                continue
            docs, tfs = entry
            if len(docs) > common_df and scores:
                common.append((bit, term))
                continue
            weight = idfs[term] * weights[term] * (PAIR_WEIGHT if "_" in term else 1.0)
            flag = 1 << bit
            get_score, get_mask = scores.get, masks.get
            for doc, tf in zip(docs, tfs, strict=True):
                if not alive[doc] or (course_id is not None and courses[doc] != course_id):
                    continue
                scores[doc] = get_score(doc, 0.0) + weight * tf * k1_plus / (tf + base + slope * lengths[doc])
                masks[doc] = get_mask(doc, 0) | flag
        if common:
            candidates = sorted(scores, key=scores.__getitem__, reverse=True)[:CANDIDATES]
            for bit, term in common:
                docs, tfs = self.postings[term]
                weight = idfs[term] * weights[term] * (PAIR_WEIGHT if "_" in term else 1.0)
                flag = 1 << bit
                size = len(docs)
                for doc in candidates:
                    at = bisect_left(docs, doc)
                    if at < size and docs[at] == doc:
                        tf = tfs[at]
                        scores[doc] += weight * tf * k1_plus / (tf + base + slope * lengths[doc])
                        masks[doc] |= flag
        best = sorted(scores.items(), key=lambda item: -item[1])[:limit]
        hits = []
        for doc, score in best:
            mask = masks.get(doc, 0)
            found = [terms[bit] for bit in range(len(terms)) if mask >> bit & 1]
            single = sum(idfs[t] for t in found if "_" not in t)
            pair = sum(idfs[t] for t in found if "_" in t)
            hits.append(Hit(
                passage_id=self.passage_ids[doc],
                lesson_id=self.lesson_ids[doc],
                course_id=self.course_ids[doc],
                score=score,
                coverage=min(1.0, single / singles_weight),
                matched=sum(1 for t in found if "_" not in t),
                phrase_coverage=min(1.0, (single + pair) / all_weight),
                pair_coverage=min(1.0, pair / pairs_weight) if pairs_weight else 1.0,
            ))
        return hits


def rank_lessons(hits: list[Hit]) -> list[int]:
    """Lesson ids in the order of their best passage."""
    seen: list[int] = []
    for hit in hits:
        if hit.lesson_id not in seen:
            seen.append(hit.lesson_id)
    return seen


# A passage answers the question when it holds most of the question's weight: three quarters of it, or half of it
# with either half of the pairs too or four distinct syllables of the question (tests/assistant/test_quality.py).
FULL_COVERAGE = 0.75
MIN_COVERAGE = 0.5
MIN_PHRASE_COVERAGE = 0.5
MIN_MATCHED = 4


def good_enough(hit: Hit) -> bool:
    if hit.coverage >= FULL_COVERAGE:
        return True
    return hit.coverage >= MIN_COVERAGE and (hit.phrase_coverage >= MIN_PHRASE_COVERAGE or hit.matched >= MIN_MATCHED)
