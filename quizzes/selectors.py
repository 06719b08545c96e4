"""Reads of the quiz engine: question pools, tests a learner may take, a learner's attempts."""

from __future__ import annotations

import math

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .models import Assessment, Attempt, AttemptQuestion, Competence, CompetenceArea, Framework, Question


def blueprint_pool(*, framework, row) -> QuerySet[Question]:
    """Questions a blueprint row may draw: live (published through review), active, ready and tagged (drafts,
    retired questions, unpublished edits and untagged ones never)."""
    qs = Question.objects.filter(live=True, is_active=True, status=Question.Status.READY, competence__isnull=False,
                                 competence__framework=framework,
                                 level__gte=row.level_min, level__lte=row.level_max)
    if row.competence_id:
        qs = qs.filter(competence_id=row.competence_id)
    elif row.area_id:
        qs = qs.filter(competence__area_id=row.area_id)
    return qs.order_by("pk")


def assessment_list_for_user(*, user, now=None) -> QuerySet[Assessment]:
    """Published tests open now (their approved version); the standard test of the learner's group first."""
    now = now or timezone.now()
    qs = Assessment.objects.filter(live=True, is_published=True).filter(
        Q(available_from__isnull=True) | Q(available_from__lte=now),
        Q(available_until__isnull=True) | Q(available_until__gt=now),
    )
    group_id = getattr(user, "population_group_id", None)
    if group_id:
        mine = Assessment.objects.filter(population_groups=group_id).values("pk")
        qs = qs.annotate(is_mine=Case(When(pk__in=mine, then=Value(0)), default=Value(1), output_field=IntegerField()))
        return qs.order_by("is_mine", "title")
    return qs.order_by("title")


def standard_tests_for(*, user, now=None, limit: int | None = None) -> list[Assessment]:
    """The tests open now as a learner sees them listed (the test list, the home page): the standard test of
    their population group first, each with ``is_mine`` and ``open_attempt`` (their attempt in progress whose
    time is not up, else ``None``) and ``minutes_left`` (``None`` without a time limit)."""
    now = now or timezone.now()
    tests = list(assessment_list_for_user(user=user, now=now)[:limit] if limit else assessment_list_for_user(user=user, now=now))
    group_id = getattr(user, "population_group_id", None)
    open_attempts: dict[int, Attempt] = {}
    if getattr(user, "is_authenticated", False):
        rows = Attempt.objects.filter(user=user, state=Attempt.State.IN_PROGRESS, assessment__in=[t.pk for t in tests])
        for attempt in rows.filter(Q(deadline__isnull=True) | Q(deadline__gt=now)).order_by("started_at"):
            open_attempts.setdefault(attempt.assessment_id, attempt)
    for test in tests:
        test.is_mine = bool(group_id) and getattr(test, "is_mine", 1) == 0
        test.open_attempt = open_attempts.get(test.pk)
        test.minutes_left = None
        if test.open_attempt is not None and test.open_attempt.deadline:
            test.minutes_left = max(1, math.ceil((test.open_attempt.deadline - now).total_seconds() / 60))
    return tests


def attempt_list_for_user(*, user, assessment=None) -> QuerySet[Attempt]:
    qs = Attempt.objects.filter(user=user).select_related("assessment")
    if assessment is not None:
        qs = qs.filter(assessment=assessment)
    return qs.order_by("-started_at")


def assessments_by_id(ids) -> dict[int, Assessment]:
    """The tests with these ids, by id (whatever their state: a requirement names a test, not its availability)."""
    return {a.pk: a for a in Assessment.objects.filter(pk__in=ids)}


def passed_assessment_ids(*, user, assessment_ids) -> set[int]:
    """Those of ``assessment_ids`` that ``user`` has passed at least once."""
    return set(Attempt.objects.filter(user=user, assessment_id__in=assessment_ids, passed=True)
               .values_list("assessment_id", flat=True))


def passed_user_ids(*, assessment_id: int) -> QuerySet:
    """``user_id`` values of the people who passed test ``assessment_id`` at least once (for reminders)."""
    return Attempt.objects.filter(assessment_id=assessment_id, passed=True).values("user_id")


def has_attempt_in_progress(*, user, now=None) -> bool:
    """Whether ``user`` is taking a standard test now: an attempt in progress whose time is not up. The learning
    assistant closes meanwhile (it quotes the lessons the test is about)."""
    if not getattr(user, "is_authenticated", False):
        return False
    now = now or timezone.now()
    return (Attempt.objects.filter(user=user, state=Attempt.State.IN_PROGRESS)
            .filter(Q(deadline__isnull=True) | Q(deadline__gt=now)).exists())


def attempt_with_test(attempt_id) -> Attempt | None:
    """One attempt with its test and learner (None when the row is gone)."""
    return Attempt.objects.select_related("assessment", "user").filter(pk=attempt_id).first()


def attempt_page_rows(*, attempt_id, user) -> tuple[Attempt, list[tuple]] | None:
    """What the attempt page reads, in one query: the learner's attempt (``id``, ``state``, ``deadline``, its test
    with ``title`` only; an unsaved instance that ``services.attempt_expire_if_due`` can close) and its questions
    ``(position, version_id, choice_order, aliases, response, flagged)`` in order. ``None``: not this learner's
    attempt (or one without questions, which a start never makes).

    Plain SQL, the values converted as the model's fields convert them: the same read through the ORM cost
    about 1.5 ms of CPU against 0.4 ms (building and compiling the query, then a converter call per JSON value),
    on a 6 ms page that every start renders (issue 17). ``tests/quizzes/test_wave.py`` compares it with the ORM's
    answer on SQLite and PostgreSQL."""
    from django.db import connection

    from lms import rawsql

    try:
        attempt_id = int(attempt_id)
    except (TypeError, ValueError):
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.state, a.deadline, a.assessment_id, s.title, q.position, q.version_id, q.choice_order, "
            f"q.aliases, q.response, q.flagged FROM {rawsql.table(AttemptQuestion)} q INNER JOIN "
            f"{rawsql.table(Attempt)} a ON a.id = q.attempt_id INNER JOIN {rawsql.table(Assessment)} s "
            "ON s.id = a.assessment_id WHERE q.attempt_id = %s AND a.user_id = %s ORDER BY q.position",
            [attempt_id, user.pk])
        found = cursor.fetchall()
    if not found:
        return None
    head = rawsql.convert(found[0][:4], rawsql.converters(Attempt, ("state", "deadline", "assessment_id"))
                          + rawsql.converters(Assessment, ("title",)))
    state, deadline, assessment_id, title = head
    attempt = Attempt(pk=attempt_id, user_id=user.pk, state=state, deadline=deadline, assessment_id=assessment_id)
    attempt.assessment = Assessment(pk=assessment_id, title=title)
    columns = rawsql.converters(AttemptQuestion, ("position", "version_id", "choice_order", "aliases", "response",
                                                  "flagged"))
    return attempt, [tuple(rawsql.convert(row[4:], columns)) for row in found]


def passed_attempts_closed_between(*, start, end) -> QuerySet[Attempt]:
    """Closed passing attempts whose close falls in [start, end], with their test and learner."""
    return (Attempt.objects.filter(passed=True, closed_at__gte=start, closed_at__lte=end)
            .exclude(state=Attempt.State.IN_PROGRESS).select_related("assessment", "user"))


def default_framework() -> Framework | None:
    return Framework.objects.filter(is_default=True).first()


def framework_entries_by_code(*, framework_code: str, codes, areas: bool) -> dict:
    """Competence areas (``areas``) or competences of a framework, by code: each has ``name`` and ``name_en``."""
    model = CompetenceArea if areas else Competence
    return {row.code: row for row in model.objects.filter(framework__code=framework_code, code__in=list(codes))}


def untagged_categories() -> list[dict]:
    """Source categories of untagged questions: ``[{"category", "count", "drafts"}]``, by category."""
    return list(Question.objects.filter(competence__isnull=True).values("category")
                .annotate(count=Count("pk"), drafts=Count("pk", filter=Q(status=Question.Status.DRAFT)))
                .order_by("category"))


def draft_categories() -> list[dict]:
    """Source categories of tagged questions awaiting approval: ``[{"category", "count"}]``."""
    return list(Question.objects.filter(status=Question.Status.DRAFT, competence__isnull=False).values("category")
                .annotate(count=Count("pk")).order_by("category"))


def question_list(*, framework_code: str | None = None, active_only: bool = True) -> QuerySet[Question]:
    qs = Question.objects.select_related("competence__framework", "competence__area").prefetch_related("choices")
    if active_only:
        qs = qs.filter(is_active=True)
    if framework_code:
        qs = qs.filter(competence__framework__code=framework_code)
    return qs.order_by("competence__framework__code", "competence__area__sort_order", "competence__sort_order",
                       "level", "pk")


def attempt_review_shown(*, attempt: Attempt, now=None) -> str:
    """What of the review the learner may see now: ``score`` (score, profile and per-area feedback only),
    ``own`` (also their answers and which were right or wrong) or ``correct`` (also the key and explanations).

    The attempt's ``review_policy`` says how far the review goes, its ``review_after`` from when:
    ``at_once``; ``last_attempt``: the test allows a set number of attempts and the learner has used them all
    (none still open), or the test's window has closed; ``window_closed``: the test's window has closed.
    Until then only ``score``. An open attempt shows nothing."""
    if attempt.state == Attempt.State.IN_PROGRESS:
        return Assessment.ReviewPolicy.SCORE
    policy = attempt.review_policy
    if policy == Assessment.ReviewPolicy.SCORE or attempt.review_after == Assessment.ReviewAfter.AT_ONCE:
        return policy
    now = now or timezone.now()
    assessment = attempt.assessment
    if assessment.available_until and now >= assessment.available_until:
        return policy
    if attempt.review_after == Assessment.ReviewAfter.LAST_ATTEMPT and assessment.attempts_allowed:
        mine = Attempt.objects.filter(assessment=assessment, user_id=attempt.user_id)
        if not mine.filter(state=Attempt.State.IN_PROGRESS).exists() and mine.count() >= assessment.attempts_allowed:
            return policy
    return Assessment.ReviewPolicy.SCORE


def attempts_left(*, user, assessment) -> int | None:
    """How many more attempts the learner may start (``None``: unlimited)."""
    if not assessment.attempts_allowed:
        return None
    return max(0, assessment.attempts_allowed - Attempt.objects.filter(assessment=assessment, user=user).count())


def framework_labels(*, framework_code: str) -> dict[str, str]:
    """``area:<code>`` and ``competence:<code>`` → the name in the active language (``name_en`` in English when
    it is filled in), for showing a stored result, whose names are the Vietnamese ones it was scored with."""
    labels = {f"area:{a.code}": a.label for a in CompetenceArea.objects.filter(framework__code=framework_code)}
    labels.update({f"competence:{c.code}": c.label for c in Competence.objects.filter(framework__code=framework_code)})
    return labels
