"""Draw pools of published tests, precomputed once per state of the bank (issue 17, the 8:00 wave).

Starting an attempt used to read the test, its blueprint, one pool query per blueprint row over the whole bank,
the questions with their choices and versions, and six more queries for the rules snapshot: 40 queries and
about 0.13 s of CPU per start, for the same answer every time. Here that answer is computed once and kept in the
cache: per test, for the approved (live) version of its settings,

- what an attempt copies from the test (``Attempt`` fields, ``rules_snapshot``, time limit, window, shuffles),
- each blueprint row's candidates: the ids of the questions ``selectors.blueprint_pool`` gives it, each with
  the id of the question's latest ``QuestionVersion`` (written when missing, as the start used to);

and per question version (immutable rows, no invalidation needed) its type and data, read for the 30 drawn
questions only (``versions``). A start is then one cache round trip, the learner's attempts, and two INSERTs.

Freshness: every entry carries the bank's *generation*. Any change that can alter a pool or a test's rules
starts a new one (``invalidate``, connected in ``apps.py``): a question, choice, competence, area or framework
saved or deleted, a test or one of its rows saved or deleted, its groups changed, and the bulk ``update()``s of
``services.questions_approve`` / ``questions_retire`` and ``Question.publish``. The generation is renewed at
once and again after the commit, so a start that read the old rows in between never keeps them. The start reads
its pool before its own transaction opens (nothing it might roll back goes into an entry), and nothing else
builds one. Cache unreachable: every start computes the pool from the database (correct, slower).
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "quizzes:bank:generation"
TIMEOUT = 24 * 3600
_POOL = "quizzes:drawpool:{}"
_VERSION = "quizzes:qversion:{}"


def invalidate(**_kwargs) -> None:
    """A new bank generation now, and again once the current transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - an unreachable cache has nothing stale to renew
        pass


def _generation(found: dict):
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)  # still None: the cache is unreachable
    return generation


def pool_for(assessment_id: int, *, wait: bool = True) -> dict | None:
    """The test's precomputed pool (see the module's docstring), from the cache or built and stored.

    Single flight: when the entry is missing (the first start after a change of the bank, at 8:00 maybe 200 at
    once), one request builds it and the others wait for it (up to ``WAIT`` seconds, then build it themselves).
    ``wait=False`` (the test's page, warming it): ``None`` at once when another request is building it."""
    key = _POOL.format(assessment_id)
    found = cache.get_many([GENERATION_KEY, key]) or {}
    generation = _generation(found)
    entry = found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:
        return build(assessment_id)
    building = f"{key}:building:{generation}"
    if not cache.add(building, 1, timeout=int(WAIT) + 5):
        if not wait:
            return None
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            time.sleep(0.05)
            entry = cache.get(key)
            if entry is not None and entry[0] == generation:
                return entry[1]
    pool = build(assessment_id)
    cache.set(key, (generation, pool), TIMEOUT)
    return pool


WAIT = 25.0  # below the 30 s a browser (and the bench) waits: 200 learners wait for one build, not 200 builds


def build(assessment_id: int) -> dict:
    """Compute a test's pool from the database (its live row; ``Assessment.DoesNotExist`` if gone)."""
    from .models import Assessment, Question, QuestionVersion
    from .selectors import blueprint_pool

    assessment = Assessment.objects.select_related("framework").get(pk=assessment_id)
    framework = assessment.framework
    rows = list(assessment.blueprint_rows.select_related("competence", "area").all())
    candidates = [list(blueprint_pool(framework=framework, row=row).values_list("pk", flat=True)) for row in rows]
    wanted = {pk for ids in candidates for pk in ids}
    questions = Question.objects.prefetch_related("choices").in_bulk(wanted)
    latest: dict[int, QuestionVersion] = {}
    for v in QuestionVersion.objects.filter(question_id__in=wanted).order_by("question_id", "-number"):
        latest.setdefault(v.question_id, v)
    versions, data = {}, {}
    for pk, question in questions.items():
        version = question.snapshot(latest=latest.get(pk))  # a new version only if the data moved on
        versions[pk] = version.pk
        data[_VERSION.format(version.pk)] = (version.qtype, version.data)
    try:
        cache.set_many(data, TIMEOUT)  # every candidate's data ready for the starts (``versions``)
    except Exception:  # noqa: BLE001 - the starts read them from the database then
        pass
    from .services import _row_label

    return {
        "assessment_id": assessment.pk,
        "slug": assessment.slug,
        "live": assessment.live,
        "is_published": assessment.is_published,
        "available_from": assessment.available_from,
        "available_until": assessment.available_until,
        "time_limit_minutes": assessment.time_limit_minutes,
        "attempts_allowed": assessment.attempts_allowed,
        "requires_verified_identity": assessment.requires_verified_identity,
        "shuffle_questions": assessment.shuffle_questions,
        "shuffle_choices": assessment.shuffle_choices,
        "attempt": {
            "framework_code": framework.code, "framework_version": framework.version,
            "pass_mark": str(assessment.pass_mark),
            "area_pass_marks": {m.area.code: float(m.pass_mark)
                                for m in assessment.area_pass_marks.select_related("area")},
            "review_policy": assessment.review_policy, "review_after": assessment.review_after,
            "assessment_revision_id": assessment.live_revision_id, "assessment_rules": assessment.rules_snapshot(),
        },
        "rows": [{"competence_id": row.competence_id, "area_id": row.area_id, "level_min": row.level_min,
                  "level_max": row.level_max, "count": row.count, "label": _row_label(row),
                  "candidates": [pk for pk in ids if pk in versions]}
                 for row, ids in zip(rows, candidates, strict=True)],
        "versions": versions,
    }


_slug_ids: dict[str, int] = {}
SLUGS_MAX = 1024


def live_pool_for_slug(slug: str) -> dict | None:
    """The pool of the live, published test at ``slug``; ``None`` when there is none (the start's 404).

    The slug's test id is kept in this process and checked against the pool it leads to, which is renewed with
    any change of a test: a slug given to another test, a test taken down or deleted is seen at once, and the
    database is asked again. A start then reads no test row at all (one cache round trip for the pool)."""
    from .models import Assessment

    pk = _slug_ids.get(slug)
    if pk is not None:
        try:
            pool = pool_for(pk)
        except Assessment.DoesNotExist:
            pool = None
        if pool is not None and pool.get("slug") == slug and pool["live"] and pool["is_published"]:
            return pool
        _slug_ids.pop(slug, None)
    pk = Assessment.objects.filter(live=True, is_published=True, slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        return None
    if len(_slug_ids) >= SLUGS_MAX:
        _slug_ids.clear()
    _slug_ids[slug] = pk
    return pool_for(pk)


def attempt_fields(pool: dict) -> dict:
    """The ``Attempt`` fields a start copies from the test, as stored in ``pool``."""
    fields = dict(pool["attempt"])
    fields["pass_mark"] = Decimal(fields["pass_mark"])
    return fields


_local: dict[int, tuple[str, dict]] = {}
LOCAL_MAX = 8192


def forget() -> None:
    """Drop the versions kept in this process (tests: a rolled-back test's version ids are the next test's)."""
    _local.clear()
    _slug_ids.clear()


def versions(version_ids) -> dict[int, tuple[str, dict]]:
    """``{version id: (qtype, data)}`` for these versions: this process's memory first (a version never changes,
    so a kept one is never stale), then the cache, the rest in one query (then kept in both). The data is shared:
    callers read it and never change it."""
    from .models import QuestionVersion

    ids = list(version_ids)
    out = {pk: _local[pk] for pk in ids if pk in _local}
    if len(out) == len(ids):
        return out
    try:
        found = cache.get_many([_VERSION.format(pk) for pk in ids if pk not in out]) or {}
    except Exception:  # noqa: BLE001 - the database answers alone
        found = {}
    for pk in ids:
        if pk not in out and _VERSION.format(pk) in found:
            out[pk] = found[_VERSION.format(pk)]
    missing = [pk for pk in ids if pk not in out]
    if len(_local) + len(ids) > LOCAL_MAX:
        _local.clear()  # a bank of thousands of versions: start again rather than grow
    _local.update(out)
    if missing:
        fetched = {pk: (qtype, data) for pk, qtype, data in
                   QuestionVersion.objects.filter(pk__in=missing).order_by().values_list("pk", "qtype", "data")}
        out.update(fetched)
        _local.update(fetched)
        try:
            cache.set_many({_VERSION.format(pk): value for pk, value in fetched.items()}, TIMEOUT)
        except Exception:  # noqa: BLE001
            pass
    return out
