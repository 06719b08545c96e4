"""Item analysis of the question bank, as Moodle's quiz statistics report computes it (plain functions).

Moodle ("Quiz statistics calculations", docs.moodle.org/dev): for question *i* with score *x* (here 0–1, partial
credit included) and the attempt's total *X*,

* **facility index** F = 100 · mean(x) / max(x): the mean score fraction in percent (the share answered right
  when every score is 0 or 1);
* **discrimination index** D = 100 · r(x, X − x): Pearson's correlation between the question's score and the
  score on the *rest of the test* (the attempt without this question), in percent. Not the upper/lower 27 %
  method. Each question counts once in a test here, so the rest of the test is the mean score of the attempt's
  other questions (a fraction), which keeps attempts of tests of different lengths comparable.

Only closed attempts count (submitted or timed out: unanswered questions score 0, Moodle's "treat omitted items
as 0"); every attempt is counted as independent (Moodle's "all attempts" option). An attempt of one question
has no rest of the test and adds to the facility only. With fewer than two such attempts, or no spread in
either score, the discrimination is ``None`` (Moodle shows nothing either).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, FloatField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import Attempt, AttemptQuestion, BlueprintRow, Question

CLOSED_STATES = (Attempt.State.SUBMITTED, Attempt.State.TIMED_OUT)


@dataclass(frozen=True)
class ItemStats:
    """One question's statistics over closed attempts (``drawn`` also counts open ones)."""

    drawn: int = 0  # times it was put into an attempt, open or closed
    attempts: int = 0  # closed attempts that had it
    answered: int = 0  # of which the learner gave an answer
    facility: float | None = None  # percent, 0–100
    discrimination: float | None = None  # percent, −100…100
    sd: float | None = None  # standard deviation of its score, in percent (Moodle's "SD")


def item_statistics(rows: Iterable[tuple[float, float | None]]) -> tuple[float | None, float | None, float | None]:
    """``(facility, discrimination, sd)`` in percent from ``(score, rest)`` pairs: the question's score (0–1) in
    one closed attempt and that attempt's rest-of-test score (0–1; ``None`` when the attempt had no other
    question). Sample standard deviation (n − 1), as Moodle; Pearson's r for the discrimination."""
    rows = list(rows)
    if not rows:
        return None, None, None
    scores = [x for x, _ in rows]
    n = len(scores)
    mean = sum(scores) / n
    facility = 100 * mean
    sd = 100 * math.sqrt(sum((x - mean) ** 2 for x in scores) / (n - 1)) if n > 1 else None
    pairs = [(x, y) for x, y in rows if y is not None]
    discrimination = None
    if len(pairs) >= 2:
        mx = sum(x for x, _ in pairs) / len(pairs)
        my = sum(y for _, y in pairs) / len(pairs)
        sxy = sum((x - mx) * (y - my) for x, y in pairs)
        sxx = sum((x - mx) ** 2 for x, _ in pairs)
        syy = sum((y - my) ** 2 for _, y in pairs)
        if sxx > 0 and syy > 0:
            discrimination = 100 * sxy / math.sqrt(sxx * syy)
    return facility, discrimination, sd


def question_statistics(*, question_ids: Iterable[int] | QuerySet | None = None, assessment=None) -> dict[int, ItemStats]:
    """``{question id: ItemStats}`` for the given questions (all when ``None``), over every version of each and
    every test (or one ``assessment``). Two queries whatever the number of attempts: the closed attempts' items
    with their attempt's total and count (one statement, subqueries), and the draw counts."""
    items = AttemptQuestion.objects.filter(version__question_id__isnull=False)
    if question_ids is not None:  # ids, or a queryset of ``pk`` values (a subquery: no list of ids in the SQL)
        items = items.filter(version__question_id__in=question_ids if isinstance(question_ids, QuerySet)
                             else list(question_ids))
    if assessment is not None:
        items = items.filter(attempt__assessment=assessment)
    drawn = dict(items.values_list("version__question_id").annotate(n=Count("pk")).order_by())
    totals = (AttemptQuestion.objects.filter(attempt_id=OuterRef("attempt_id")).order_by().values("attempt_id"))
    closed = (items.filter(attempt__state__in=CLOSED_STATES)
              .annotate(total=Subquery(totals.annotate(s=Sum(Coalesce("score", Value(0.0)))).values("s"),
                                       output_field=FloatField()),
                        count=Subquery(totals.annotate(c=Count("pk")).values("c")))
              .values_list("version__question_id", "score", "response", "total", "count"))
    rows: dict[int, list[tuple[float, float | None]]] = defaultdict(list)
    answered: dict[int, int] = defaultdict(int)
    for question_id, score, response, total, count in closed:
        x = score or 0.0
        rest = (total - x) / (count - 1) if count and count > 1 else None
        rows[question_id].append((x, rest))
        if response not in (None, "", [], {}):
            answered[question_id] += 1
    out = {}
    for question_id in set(drawn) | set(rows):
        facility, discrimination, sd = item_statistics(rows.get(question_id, []))
        out[question_id] = ItemStats(drawn=drawn.get(question_id, 0), attempts=len(rows.get(question_id, [])),
                                     answered=answered[question_id], facility=facility,
                                     discrimination=discrimination, sd=sd)
    return out


def question_blueprint_rows(question: Question):
    """The blueprint rows (of every test, approved or not) whose draw can take ``question``: same framework, its
    competence or its area, its level within the row's range. Empty for an untagged question."""
    if question.competence_id is None:
        return BlueprintRow.objects.none()
    competence = question.competence
    return (BlueprintRow.objects.filter(assessment__framework_id=competence.framework_id,
                                        level_min__lte=question.level, level_max__gte=question.level)
            .filter(Q(competence_id=competence.pk) | Q(competence__isnull=True, area_id=competence.area_id))
            .select_related("assessment", "competence", "area").order_by("assessment__title", "sort_order"))


SORTS = {
    "name": lambda r: r["question"].name.casefold(),
    "drawn": lambda r: r["stats"].drawn,
    "attempts": lambda r: r["stats"].attempts,
    "facility": None,  # by value, questions without one last (below)
    "discrimination": None,
}


def question_statistics_list(*, questions, ordering: str = "-attempts") -> list[dict]:
    """The rows of the sortable list: ``[{"question", "stats"}]`` for ``questions`` (a queryset), sorted by
    ``ordering`` (a key of ``SORTS``, ``-`` for descending; unknown: by attempts, most first). Questions never
    met keep ``ItemStats()``. Questions without a value sort last either way."""
    stats = question_statistics(question_ids=questions.values("pk"))
    questions = list(questions.select_related("competence"))
    rows = [{"question": q, "stats": stats.get(q.pk, ItemStats())} for q in questions]
    key = ordering.lstrip("-")
    if key not in SORTS:
        key, ordering = "attempts", "-attempts"
    descending = ordering.startswith("-")
    if key in ("facility", "discrimination"):
        known = [r for r in rows if getattr(r["stats"], key) is not None]
        unknown = [r for r in rows if getattr(r["stats"], key) is None]
        known.sort(key=lambda r: getattr(r["stats"], key), reverse=descending)
        return known + unknown
    rows.sort(key=SORTS[key], reverse=descending)
    return rows

