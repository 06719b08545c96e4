"""Writes of the quiz engine (HackSoft style: keyword-only, validated, atomic).

Question import, attempts (start, answer, submit, time-out). Messages are module constants so that views and
tests share them.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.identity import REQUIRES_VERIFIED
from lms.accounts.selectors import is_identity_verified

from . import drawpool
from .importers.base import ParsedQuestion, ParseResult, Problem
from .models import (
    Assessment,
    Attempt,
    AttemptQuestion,
    Competence,
    Framework,
    Question,
    QuestionChoice,
    review_comparable,
)
from .results import ScoredItem, compute_result
from .scoring import default_choice_order, form_field_names, make_aliases, parse_form_response, score
from .selectors import blueprint_pool
from .signals import attempt_closed, attempt_scored

MSG_NOT_IN_ATTEMPT = gettext_lazy("Câu hỏi này không thuộc lượt làm bài của bạn.")
MSG_ATTEMPT_CLOSED = gettext_lazy("Lượt làm bài đã kết thúc, câu trả lời không được ghi nhận.")
MSG_NO_ATTEMPTS_LEFT = gettext_lazy("Bạn đã dùng hết số lần làm bài này.")
MSG_IDENTITY_REQUIRED = REQUIRES_VERIFIED  # with a link to verify on the test's page
MSG_NOT_AVAILABLE = gettext_lazy("Bài kiểm tra này hiện không mở.")
MSG_BAD_REQUEST = gettext_lazy(
    "Dữ liệu gửi lên không hợp lệ (một câu hỏi gửi nhiều lần hoặc trường lạ). Hãy tải lại trang rồi trả lời tiếp: "
    "các câu đã lưu vẫn còn."
)
MSG_NO_COMPETENCE = "Câu hỏi chưa có năng lực thành phần: dùng --competence và --level, hoặc ghi mã như “TT02-2025/4.2/L3” trong danh mục hay tiêu đề."
MSG_TAG_NOTHING = gettext_lazy("Danh mục “%(category)s” không còn câu hỏi nào chưa gắn năng lực.")
MSG_TAG_WRONG_LEVEL = gettext_lazy("Bậc phải từ 1 đến 8.")
MSG_APPROVE_FORBIDDEN = gettext_lazy("Bạn không có quyền duyệt câu hỏi: hãy nhờ người duyệt của đơn vị.")
ANSWER_GRACE = timedelta(seconds=5)  # answers sent by the browser as the countdown reaches 0


class AttemptError(Exception):
    status = 400

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


class QuestionNotInAttempt(AttemptError):
    status = 400


class AttemptNotFound(QuestionNotInAttempt):
    """No such attempt, or another learner's (the views answer 404)."""

    status = 404


class AttemptClosed(AttemptError):
    status = 409


class BadAnswerRequest(AttemptError):
    status = 400


class AnswerRateLimited(AttemptError):
    status = 429

    def __init__(self, retry_after: int):
        super().__init__("rate limited")
        self.retry_after = retry_after


# -- import ----------------------------------------------------------------------------------------
@dataclass
class ImportReport:
    created: list[Question] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.created) and not self.errors

    @property
    def untagged(self) -> list[Question]:
        return [q for q in self.created if q.competence_id is None]

    @property
    def drafts(self) -> list[Question]:
        return [q for q in self.created if q.status == Question.Status.DRAFT]


def _resolve(parsed: ParsedQuestion, framework: Framework, competence: Competence | None, level: int | None):
    tag = parsed.competence_tag()
    if tag:
        fw_code, comp_code, tag_level = tag
        if fw_code and fw_code != framework.code:
            return None, None, f"Mã “{fw_code}/{comp_code}/L{tag_level}” thuộc khung khác với khung {framework.code}."
        found = Competence.objects.filter(framework=framework, code=comp_code).first()
        if not found:
            return None, None, f"Khung {framework.code} không có năng lực thành phần “{comp_code}”."
        return found, tag_level, None
    if competence is None:
        return None, 1, None  # untagged: listed in the admin with its category until an editor tags it
    return competence, level or 1, None


def question_create(*, parsed: ParsedQuestion, competence: Competence | None, level: int,
                    status: str = Question.Status.DRAFT) -> Question:
    """Save one parsed question (its HTML is cleaned again by ``Question.save``). ``competence=None``: untagged."""
    question = Question(
        competence=competence, level=level, qtype=parsed.qtype, name=parsed.name[:255], category=parsed.category[:255],
        stem=parsed.stem, general_feedback=parsed.general_feedback, explanation=parsed.explanation,
        partial_credit=parsed.partial, correct_true=parsed.correct_true, case_sensitive=parsed.case_sensitive,
        ignore_diacritics=parsed.ignore_diacritics, is_active=not parsed.hidden, penalty=parsed.penalty,
        status=status,
    )
    question.choices = [
        QuestionChoice(text=c.text, match_text=c.match_text[:500], fraction=c.fraction, tolerance=c.tolerance,
                       feedback=c.feedback)
        for c in parsed.choices
    ]
    question.full_clean(exclude=["image"])
    question.save()
    return question


def questions_import(*, result: ParseResult, framework_code: str, competence_code: str | None = None,
                     level: int | None = None, strict: bool = False, approve: bool = False) -> ImportReport:
    """Save every parsed question, or none: any broken question (or, with ``strict``, any skipped one) aborts.

    Questions arrive as drafts (``approve=True`` only for the bundled demo bank); those with no competence tag
    and no ``competence_code`` arrive untagged. Neither kind is drawn into a test until approved and tagged."""
    report = ImportReport(skipped=list(result.skipped), errors=list(result.errors))
    framework = Framework.objects.filter(code=framework_code).first()
    if framework is None:
        report.errors.append(Problem("--framework", "", f"Không có khung năng lực mã “{framework_code}”."))
        return report
    competence = None
    if competence_code:
        competence = Competence.objects.filter(framework=framework, code=competence_code).first()
        if competence is None:
            report.errors.append(Problem("--competence", "", f"Khung {framework.code} không có năng lực “{competence_code}”."))
            return report
    if level is not None and competence is None:
        report.errors.append(Problem("--level", "", "Bậc mặc định (--level) chỉ dùng được cùng năng lực mặc định (--competence)."))
        return report
    if level is not None and not 1 <= level <= 8:
        report.errors.append(Problem("--level", "", "Bậc phải từ 1 đến 8."))
        return report
    resolved = []
    for parsed in result.questions:
        comp, lvl, error = _resolve(parsed, framework, competence, level)
        if error:
            report.errors.append(Problem(parsed.location, parsed.name, error))
        else:
            resolved.append((parsed, comp, lvl))
    if strict:
        report.errors.extend(Problem(p.location, p.name, "Bị bỏ qua (chế độ --strict): " + p.reason)
                             for p in report.skipped)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            for parsed, comp, lvl in resolved:
                report.created.append(question_create(
                    parsed=parsed, competence=comp, level=lvl,
                    status=Question.Status.READY if approve else Question.Status.DRAFT))
    except ValidationError as exc:
        report.created = []
        report.errors.append(Problem("", "", "; ".join(exc.messages)))
    return report


def questions_tag_category(*, category: str, competence: Competence, level: int) -> int:
    """Tag every untagged question imported from ``category`` with ``competence`` and ``level``; the count.

    Each question is saved (so it gets its first version). Approval is a separate step."""
    if not 1 <= int(level) <= 8:
        raise ValidationError(str(MSG_TAG_WRONG_LEVEL))
    with transaction.atomic():
        # order_by("pk"): the default ordering joins competence, and PostgreSQL cannot lock an outer join's side
        questions = list(Question.objects.select_for_update(of=("self",))
                         .filter(competence__isnull=True, category=category).order_by("pk"))
        if not questions:
            raise ValidationError(str(MSG_TAG_NOTHING % {"category": category or "—"}))
        for question in questions:
            question.competence, question.level = competence, int(level)
            question.save()
    return len(questions)


def questions_approve(*, questions, user, now=None) -> int:
    """Mark draft ``questions`` (a queryset) ready as ``user``, who needs ``quizzes.approve_question``; the count.
    Retired questions stay retired (bringing one back is a choice made on the question itself)."""
    if not user.has_perm("quizzes.approve_question"):
        raise PermissionError(str(MSG_APPROVE_FORBIDDEN))
    count = questions.filter(status=Question.Status.DRAFT).update(
        status=Question.Status.READY, approved_by=user, approved_at=now or timezone.now())
    drawpool.invalidate()  # an update() sends no signal: the approved questions join the tests' pools
    return count


def questions_retire(*, questions, user) -> int:
    """Retire ``questions`` (a queryset) as ``user``, who needs ``quizzes.approve_question``; the count. Tests never
    draw them again (``selectors.blueprint_pool``); attempts that met them keep their ``QuestionVersion``."""
    if not user.has_perm("quizzes.approve_question"):
        raise PermissionError(str(MSG_APPROVE_FORBIDDEN))
    count = questions.exclude(status=Question.Status.RETIRED).update(status=Question.Status.RETIRED)
    drawpool.invalidate()  # an update() sends no signal: no test draws them from now on
    return count


# -- blueprint -------------------------------------------------------------------------------------
def _row_label(row) -> str:
    target = row.competence.code if row.competence_id else (f"miền {row.area.code}" if row.area_id else "?")
    return f"{target}, bậc {row.level_min}–{row.level_max}"


def blueprint_draw(*, framework: Framework, rows, rng: random.Random | None = None,
                   seen: frozenset[int] | set[int] = frozenset()) -> list[Question]:
    """Questions for the blueprint ``rows`` (most specific rows first, no question twice).

    ``seen``: questions the learner met in earlier attempts; each row takes questions outside it first and
    only then, at random, from it (a bank with enough questions never repeats one across attempts).
    Raises ``ValidationError`` listing every row the bank cannot fill. With ``rng=None`` the first questions
    are taken (a dry run for validation at save time).
    """
    rows = list(rows)
    pools = [list(blueprint_pool(framework=framework, row=row)) for row in rows]
    return _draw(rows, pools, rng=rng, seen=seen, key=lambda q: q.pk, label=_row_label)


def _draw(rows, pools, *, rng, seen, key, label) -> list:
    """The drawing rule of ``blueprint_draw`` over candidate lists (``pools[n]`` for ``rows[n]``, in bank order);
    ``key(candidate)`` is its question id, ``label(row)`` names a row in messages. Rows are objects or dicts."""
    def get(row, name):
        return row[name] if isinstance(row, dict) else getattr(row, name)

    order = sorted(range(len(rows)), key=lambda n: (0 if get(rows[n], "competence_id") else 1,
                                                    get(rows[n], "level_max") - get(rows[n], "level_min")))
    taken: set[int] = set()
    drawn: dict[int, list] = {}
    errors = []
    for n in order:
        row = rows[n]
        if not get(row, "competence_id") and not get(row, "area_id"):
            errors.append(_("Mỗi dòng ma trận đề cần một năng lực thành phần hoặc một miền năng lực."))
            continue
        if get(row, "level_min") > get(row, "level_max"):
            errors.append(_("Dòng “%(row)s”: bậc đầu lớn hơn bậc cuối.") % {"row": label(row)})
            continue
        count = get(row, "count")
        pool = [q for q in pools[n] if key(q) not in taken]
        if len(pool) < count:
            errors.append(_("Dòng “%(row)s”: cần %(need)d câu nhưng ngân hàng chỉ có %(have)d câu phù hợp.")
                          % {"row": label(row), "need": count, "have": len(pool)})
            continue
        if rng:
            fresh = [q for q in pool if key(q) not in seen]
            again = [q for q in pool if key(q) in seen]
            picked = rng.sample(fresh, min(count, len(fresh)))
            picked += rng.sample(again, count - len(picked))
        else:
            picked = pool[:count]
        taken.update(key(q) for q in picked)
        drawn[n] = picked
    if errors:
        raise ValidationError(errors)
    return [q for n in sorted(drawn) for q in drawn[n]]


# -- review of official settings ----------------------------------------------------------------------
def assessment_record_live_version(*, assessment: Assessment) -> None:
    """Give a test written by code (the demo loader, a data fix) a revision for its live row, published by the
    system, so that its history starts there and attempts name it. Nothing happens if the live revision
    already holds the same settings. Editors never come here: their changes go through the admin's review."""
    assessment = Assessment.objects.get(pk=assessment.pk)  # as stored (Decimal pass marks, saved child rows)
    live = assessment.live_revision
    if live is not None:
        approved = live.as_object()
        if (review_comparable(approved.rules_snapshot()), review_comparable(str(approved.description))) == (
                review_comparable(assessment.rules_snapshot()), review_comparable(str(assessment.description))):
            return  # the same rules (the loader recreates child rows, so their ids differ) and description
    assessment.save_revision(log_action=True).publish(log_action=True)  # user=None: the system


MSG_ROW_LEVEL_RANGE = gettext_lazy(
    "Dòng “%(row)s” rút câu ở nhiều bậc: mỗi lần rút đề, số câu ở mỗi bậc sẽ khác nhau và bậc năng lực của "
    "người học phụ thuộc vào may rủi. Hãy tách thành một dòng cho mỗi bậc (bậc đầu bằng bậc cuối)."
)
MSG_AREA_LEVEL_GAP = gettext_lazy(
    "Miền %(area)s có câu ở bậc %(levels)s nhưng thiếu bậc %(missing)s: quy tắc xếp bậc cần đủ các bậc liên tiếp. "
    "Hãy thêm dòng cho bậc còn thiếu."
)


def blueprint_level_problems(rows) -> list[str]:
    """Why ``rows`` cannot support the proficiency-level rule (``results.area_level``) in every area.

    The rule reads, per area, the credit earned at each level. It gives the same level for the same mastery
    whatever the draw only when every draw puts the same number of questions at each level of each area:
    so each row names one level (``level_min == level_max``), and the levels of an area are consecutive
    (levels 1 and 3 without 2 would award level 3 with no evidence of level 2)."""
    problems: list[str] = []
    by_area: dict[str, set[int]] = {}
    for row in rows:
        if not row.competence_id and not row.area_id:
            continue  # reported by blueprint_draw
        if row.level_min != row.level_max:
            problems.append(str(MSG_ROW_LEVEL_RANGE) % {"row": _row_label(row)})
            continue
        area = row.competence.area.code if row.competence_id else row.area.code
        by_area.setdefault(area, set()).add(row.level_min)
    for area, levels in sorted(by_area.items()):
        missing = [n for n in range(min(levels), max(levels) + 1) if n not in levels]
        if missing:
            problems.append(str(MSG_AREA_LEVEL_GAP) % {
                "area": area, "levels": ", ".join(map(str, sorted(levels))),
                "missing": ", ".join(map(str, missing))})
    return problems


# -- attempts --------------------------------------------------------------------------------------
class _BufferedSystemRandom(random.SystemRandom):
    """``SystemRandom`` reading the operating system's randomness 512 bytes at a time: the same bits as
    ``SystemRandom.getrandbits`` (``os.urandom``, so the public ids and orders stay unpredictable), without one
    system call per call (a start drew about 1,600 of them for its opaque ids and shuffles)."""

    def __init__(self):
        self._buffer, self._at = b"", 0
        super().__init__()

    def getrandbits(self, k: int) -> int:
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        size = (k + 7) // 8
        if self._at + size > len(self._buffer):
            self._buffer, self._at = os.urandom(max(512, size)), 0
        chunk = self._buffer[self._at:self._at + size]
        self._at += size
        return int.from_bytes(chunk) >> (size * 8 - k)

    def random(self) -> float:
        return self.getrandbits(53) * 2.0 ** -53

    def randbytes(self, n: int) -> bytes:
        if self._at + n > len(self._buffer):
            self._buffer, self._at = os.urandom(max(512, n)), 0
        chunk = self._buffer[self._at:self._at + n]
        self._at += n
        return chunk


def assessment_check_available(assessment: Assessment, now=None) -> None:
    now = now or timezone.now()
    if not assessment.live or not assessment.is_published or (assessment.available_from and now < assessment.available_from) or (
        assessment.available_until and now >= assessment.available_until
    ):
        raise AttemptError(MSG_NOT_AVAILABLE)


def _lock_learner_and_attempts(user, assessment_id: int) -> list[tuple]:
    """Lock the learner's row (one start at a time), then read their attempts at this test: ``(pk, state,
    deadline)`` each.

    Two statements, never one: under READ COMMITTED a statement reads with the snapshot it took when it began. A
    ``SELECT … JOIN … FOR UPDATE OF learner`` that waited for another start's lock would return the attempts as
    they were before that start committed, and a second attempt would be drawn (seen once in CI with four
    simultaneous starts). The read after the lock takes a new snapshot, which holds the other start's attempt.
    On PostgreSQL both statements are plain SQL (the ORM's building cost more than running them)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").first()
        return list(Attempt.objects.filter(assessment_id=assessment_id, user=user)
                    .values_list("pk", "state", "deadline"))
    from lms import rawsql

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {rawsql.table(get_user_model())} WHERE id = %s FOR UPDATE", [user.pk])
        cursor.execute(f"SELECT id, state, deadline FROM {rawsql.table(Attempt)} "
                       "WHERE user_id = %s AND assessment_id = %s", [user.pk, assessment_id])
        return cursor.fetchall()


def attempt_start(*, assessment: Assessment | None = None, user, now=None, rng: random.Random | None = None,
                  pool: dict | None = None) -> Attempt:
    """Resume the learner's open attempt, or start one: draw and freeze versions, question and choice order.

    The attempt runs under the approved (live) version of the test: its precomputed pool
    (``drawpool.pool_for``, read before the transaction opens) holds that version's settings and each blueprint
    row's candidates with their latest ``QuestionVersion``; a draft waiting for review never applies, and the
    attempt records that version (``assessment_revision``, ``assessment_rules``). Whatever the bank's size: the
    learner's row locked (one start at a time) with their attempts at this test, and two INSERTs. ``pool``: the
    test's pool when the caller has read it already (``drawpool.live_pool_for_slug``); else ``assessment``'s.
    """
    now = now or timezone.now()
    if pool is None:
        pool = drawpool.pool_for(assessment.pk)
    with transaction.atomic():
        mine = _lock_learner_and_attempts(user, pool["assessment_id"])
        for pk, state, _deadline in mine:
            if state == Attempt.State.IN_PROGRESS:
                open_attempt = Attempt.objects.get(pk=pk)
                if not attempt_expire_if_due(open_attempt, now=now):
                    return open_attempt
        _check_pool_available(pool, now)
        if pool["requires_verified_identity"] and not is_identity_verified(user):
            raise AttemptError(MSG_IDENTITY_REQUIRED)
        if pool["attempts_allowed"] and len(mine) >= pool["attempts_allowed"]:
            raise AttemptError(MSG_NO_ATTEMPTS_LEFT)
        rng = rng or _BufferedSystemRandom()
        seen = set()
        if mine:  # a first attempt has met no question yet
            seen = set(AttemptQuestion.objects.filter(attempt__in=[row[0] for row in mine])
                       .values_list("version__question_id", flat=True))
        versions = pool["versions"]
        picked = _draw(pool["rows"], [row["candidates"] for row in pool["rows"]], rng=rng, seen=seen,
                       key=lambda pk: pk, label=lambda row: row["label"])
        if pool["shuffle_questions"]:
            rng.shuffle(picked)
        deadline = None
        if pool["time_limit_minutes"]:
            deadline = now + timedelta(minutes=pool["time_limit_minutes"])
        if pool["available_until"]:
            deadline = min(deadline, pool["available_until"]) if deadline else pool["available_until"]
        attempt = _create_attempt(assessment_id=pool["assessment_id"], user=user, started_at=now, deadline=deadline,
                                  **drawpool.attempt_fields(pool))
        data = drawpool.versions(versions[pk] for pk in picked)
        items = []
        for position, pk in enumerate(picked, start=1):
            version_id = versions[pk]
            qtype, question_data = data[version_id]
            order = default_choice_order(question_data)
            # Ordering items are always shuffled, uniformly (no rank is preselected, so the shown order tells
            # nothing and an untouched question stays unanswered); other options where the test allows it.
            # Matching answers are listed alphabetically (a list to pick from, shuffling would only confuse).
            if qtype == "ordering" or (pool["shuffle_choices"] and qtype != "matching"):
                rng.shuffle(order)
            items.append({"attempt_id": attempt.pk, "position": position, "version_id": version_id,
                          "choice_order": order, "aliases": make_aliases(question_data, rng)})
        _insert_items(items)
    return attempt


_ATTEMPT_INSERT: dict = {}


def _create_attempt(**values) -> Attempt:
    """``Attempt.objects.create(**values)``. On PostgreSQL one plain ``INSERT … RETURNING`` whose values the model's
    own fields prepare (``pre_save``, ``get_db_prep_save``: what the ORM sends), then ``post_save`` sent as
    ``create`` sends it, so that every receiver (the learner's test cards, the rollups, certificates) sees the same
    (no ``pre_save`` receiver exists for attempts). Building and compiling the ORM's INSERT was an eighth of a
    start's CPU on the 8:00 wave. ``tests/quizzes/test_wave.py`` compares the row with the ORM's."""
    from django.db import connection
    from django.db.models.signals import post_save

    from lms import rawsql

    attempt = Attempt(**values)
    if connection.vendor != "postgresql":
        attempt.save(force_insert=True)
        return attempt
    built = _ATTEMPT_INSERT.get("insert")  # (fields, sql), set in one assignment: two threads may build it at once
    if built is None:
        fields = [f for f in Attempt._meta.concrete_fields if not f.primary_key]
        built = _ATTEMPT_INSERT["insert"] = (fields, (
            f"INSERT INTO {rawsql.table(Attempt)} ({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {connection.ops.quote_name(Attempt._meta.pk.column)}"))
    fields, sql = built
    params = [f.get_db_prep_save(f.pre_save(attempt, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        attempt.pk = cursor.fetchone()[0]
    attempt._state.adding = False
    attempt._state.db = connection.alias
    post_save.send(sender=Attempt, instance=attempt, created=True, update_fields=None, raw=False,
                   using=connection.alias)
    return attempt


_ITEM_COLUMNS = ("id", "attempt_id", "position", "version_id", "choice_order", "aliases", "flagged", "response",
                 "answered_at", "score", "history")


def _insert_items(items: list[dict]) -> None:
    """The attempt's questions (``{attempt_id, position, version_id, choice_order, aliases}`` each) in one
    INSERT. On PostgreSQL the rows go as one JSON document expanded by the server (``jsonb_to_recordset``):
    ``bulk_create`` sends each JSON value of each row as an element of a ``jsonb[]`` array quoted by the client,
    about half of a start's CPU in the service, and builds a model instance per row. Elsewhere ``bulk_create``.
    The rows are the same either way (``tests/quizzes/test_wave.py``)."""
    from django.db import connection

    fields = tuple(f.column for f in AttemptQuestion._meta.concrete_fields)
    if connection.vendor != "postgresql" or fields != _ITEM_COLUMNS:  # a new column: the ORM knows its default
        AttemptQuestion.objects.bulk_create([AttemptQuestion(**item) for item in items])
        return
    import json

    rows = json.dumps(items, ensure_ascii=False)
    table = connection.ops.quote_name(AttemptQuestion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (attempt_id, position, version_id, choice_order, aliases, flagged, response, "
            "answered_at, score, history) SELECT r.attempt_id, r.position, r.version_id, r.choice_order, r.aliases, "
            "false, NULL, NULL, NULL, '[]'::jsonb FROM jsonb_to_recordset(%s::jsonb) AS r(attempt_id bigint, "
            "position integer, version_id bigint, choice_order jsonb, aliases jsonb)", [rows])


def _check_pool_available(pool: dict, now) -> None:
    """``assessment_check_available`` on the live version as the pool holds it."""
    if not pool["live"] or not pool["is_published"] or (pool["available_from"] and now < pool["available_from"]) or (
            pool["available_until"] and now >= pool["available_until"]):
        raise AttemptError(MSG_NOT_AVAILABLE)


def seconds_left(attempt: Attempt, now=None) -> int | None:
    if attempt.deadline is None:
        return None
    now = now or timezone.now()
    return max(0, int((attempt.deadline - now).total_seconds()))


def attempt_expire_if_due(attempt: Attempt, now=None) -> bool:
    """Close an open attempt whose time is up (on access; the periodic job does the same). True if closed."""
    now = now or timezone.now()
    if attempt.state == Attempt.State.IN_PROGRESS and attempt.deadline and now >= attempt.deadline:
        attempt_close(attempt_id=attempt.pk, timed_out=True, now=now)
        attempt.refresh_from_db()
        return True
    return attempt.state != Attempt.State.IN_PROGRESS


def attempt_answer(*, attempt: Attempt, user, position, response=None, getlist=None, now=None) -> AttemptQuestion:
    """Save the answer to question ``position`` as given. ``getlist`` reads form fields (``q<position>…``)."""
    now = now or timezone.now()
    try:
        position = int(position)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a JSON position of 1e400 (infinity)
        raise QuestionNotInAttempt(MSG_NOT_IN_ATTEMPT)
    with transaction.atomic():
        locked, expired = _lock_open_attempt(attempt=attempt, user=user, now=now)
        if not expired:
            item = AttemptQuestion.objects.select_related("version").filter(attempt=locked, position=position).first()
            if item is None:
                raise QuestionNotInAttempt(MSG_NOT_IN_ATTEMPT)
            if getlist is not None:
                response = parse_form_response(item.version.data, f"q{position}", getlist, item.aliases)
            item.response = response
            item.answered_at = now
            item.history = _history_with(item, response, now)
            item.save(update_fields=["response", "answered_at", "history"])
    if expired:
        _close_expired(attempt=attempt, now=now)
    return item


def _lock_open_attempt(*, attempt, user, now) -> tuple[Attempt, bool]:
    """``attempt`` (an ``Attempt`` or its id) locked for the caller's transaction, if it is ``user``'s and still
    open, and whether its time is up (deadline plus ``ANSWER_GRACE``): an expired attempt takes no answer and is
    closed after the transaction. Only the columns an answer needs are read (not the rules and result JSON)."""
    locked = (Attempt.objects.select_for_update().only("pk", "user_id", "state", "deadline")
              .filter(pk=getattr(attempt, "pk", attempt)).first())
    if locked is None or locked.user_id != user.pk:
        raise AttemptNotFound(MSG_NOT_IN_ATTEMPT)
    if locked.state != Attempt.State.IN_PROGRESS:
        raise AttemptClosed(MSG_ATTEMPT_CLOSED)
    return locked, bool(locked.deadline and now >= locked.deadline + ANSWER_GRACE)


def _close_expired(*, attempt, now) -> None:
    attempt_close(attempt_id=getattr(attempt, "pk", attempt), timed_out=True, now=now)
    raise AttemptClosed(MSG_ATTEMPT_CLOSED)


def _history_with(item: AttemptQuestion, response, now) -> list:
    """The answer's history with ``response`` added (the newest ``HISTORY_LIMIT`` entries)."""
    return (item.history + [{"at": now.isoformat(), "response": response}])[-item.HISTORY_LIMIT:]


MAX_POSITION = 10_000
_ANSWER_FIELDS = ("id", "attempt", "position", "version_id", "aliases", "response", "flagged", "answered_at",
                  "history")
CONTROL_FIELDS = frozenset({"csrfmiddlewaretoken", "positions", "save", "finish", "flag", "confirm"})


def _bad_request():
    return BadAnswerRequest(MSG_BAD_REQUEST)


def attempt_answers_save(*, attempt: Attempt | int, user, positions, getlist, field_counts: dict[str, int],
                         charge=None, now=None) -> list[AttemptQuestion]:
    """Save the answers (and review flags) of the questions ``positions`` from one request, in one transaction.

    Bounded: each position at most once and only positions of this attempt; every field named in the request
    (``field_counts``: field name → number of values sent) must belong to one of those questions (or be one of
    ``CONTROL_FIELDS``) and carry no more values than the question has options. Anything else raises
    ``BadAnswerRequest`` (400) before a single row is read twice. Only answers that change are written, and
    ``charge(n)`` (the rate limiter: seconds to wait, 0 when allowed) is told how many: limits count saves.
    The flag of a question is set when its position is among the ``flag`` values. ``attempt`` may be an id (the
    autosave view reads nothing before this): each returned item's ``attempt`` is the locked row (its ``deadline``
    and ``state``)."""
    now = now or timezone.now()
    try:
        wanted = [int(p) for p in positions]
    except (TypeError, ValueError, OverflowError):
        raise _bad_request()
    if not wanted or len(set(wanted)) != len(wanted):
        raise _bad_request()
    if not all(0 < p <= MAX_POSITION for p in wanted):  # also keeps 10**30 away from the database's integers
        raise QuestionNotInAttempt(MSG_NOT_IN_ATTEMPT)
    flags = set(getlist("flag"))
    with transaction.atomic():
        items, locked, expired = None, None, False
        if len(wanted) == 1:  # the autosave: the attempt locked and its question read in one statement
            items, locked, expired = _lock_and_read(attempt, user, wanted[0], now)
        if locked is None:
            locked, expired = _lock_open_attempt(attempt=attempt, user=user, now=now)
        if not expired:
            if len(wanted) > 500:  # more than any test has: refuse before reading
                raise _bad_request()
            fresh = items is None
            if fresh:
                items = _read_items(locked.pk, wanted)
            # A version never changes: its data is kept (``drawpool.versions``), not read with the rows.
            data = {vid: d for vid, (_qtype, d) in drawpool.versions({i.version_id for i in items.values()}).items()}
            allowed: dict[str, int] = {}
            for position, item in items.items():
                allowed.update(form_field_names(data[item.version_id], f"q{position}", item.aliases))
            for name, count in field_counts.items():
                if name in CONTROL_FIELDS:
                    limit = len(wanted) if name in ("positions", "flag") else 1
                elif name in allowed:
                    limit = allowed[name]
                else:
                    raise _bad_request()  # a field of no question of this request
                if count > limit:
                    raise _bad_request()
            before = {p: item.answered_at for p, item in items.items()}
            changed = _apply(items, wanted, data, getlist, flags, now)
            if not fresh:
                # Read by the statement that took the lock: if it waited for another save of this question, it may
                # hold the row as it was before that save (PostgreSQL reads a statement's rows as of its start).
                # Write only if the row is still the one read (its ``answered_at``); otherwise, and when nothing
                # seems to change, read it again now that the lock is ours and decide again.
                wait = charge(len(changed)) if (charge and changed) else 0
                if wait:
                    raise AnswerRateLimited(wait)
                if changed and _save_if_unchanged(changed[0], before[changed[0].position]):
                    changed = []
                else:
                    items = _read_items(locked.pk, wanted)
                    changed = _apply(items, wanted, data, getlist, flags, now)
                    fresh = True
            if fresh:
                wait = charge(len(changed)) if (charge and changed) else 0
                if wait:
                    raise AnswerRateLimited(wait)
                if len(changed) == 1:  # the autosave: a plain UPDATE of one row (bulk_update builds CASE … WHEN)
                    changed[0].save(update_fields=["response", "flagged", "answered_at", "history"])
                elif changed:
                    AttemptQuestion.objects.bulk_update(changed, ["response", "flagged", "answered_at", "history"])
            for item in items.values():
                item.attempt = locked
    if expired:
        _close_expired(attempt=attempt, now=now)
    return [items[p] for p in wanted]


# In the models' field order, as ``Model.from_db`` takes a partial row.
_LOCK_READ_ITEM = tuple(f.attname for f in AttemptQuestion._meta.concrete_fields if f.attname in {
    "id", "attempt_id", "position", "version_id", "aliases", "response", "flagged", "answered_at", "history"})
_LOCK_READ_ATTEMPT = tuple(f.attname for f in Attempt._meta.concrete_fields
                           if f.attname in {"id", "user_id", "state", "deadline"})


def _lock_and_read(attempt, user, position: int, now):
    """One question of the attempt with the attempt's row locked, in one statement: ``(items, locked, expired)``,
    or ``(None, None, False)`` when no such row (the caller's ``_lock_open_attempt`` then says why). The checks of
    ``_lock_open_attempt`` on the joined attempt: another learner's → 404, closed → 409. The attempt's columns
    are its latest (a locked row is read again after the wait); the question's may be older (see the caller).

    Plain SQL (``lms.rawsql``; the ORM's ``select_related`` + ``select_for_update(of=…)`` + ``only`` cost about
    1 ms of CPU to build, a third of an autosave); the instances are the ORM's (``from_db``, the other columns
    deferred). ``tests/quizzes/test_wave.py`` compares them with the ORM's."""
    from django.db import connection

    from lms import rawsql

    sql = (f"SELECT {', '.join('q.' + c for c in _LOCK_READ_ITEM)}, {', '.join('a.' + c for c in _LOCK_READ_ATTEMPT)} "
           f"FROM {rawsql.table(AttemptQuestion)} q INNER JOIN {rawsql.table(Attempt)} a ON a.id = q.attempt_id "
           "WHERE q.attempt_id = %s AND q.position = %s")
    if connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF a"
    with connection.cursor() as cursor:
        cursor.execute(sql, [int(getattr(attempt, "pk", attempt)), position])
        row = cursor.fetchone()
    if row is None:
        return None, None, False
    row = rawsql.convert(row, _lock_read_converters())
    n = len(_LOCK_READ_ITEM)
    item = AttemptQuestion.from_db(connection.alias, _LOCK_READ_ITEM, row[:n])
    locked = Attempt.from_db(connection.alias, _LOCK_READ_ATTEMPT, row[n:])
    item.attempt = locked
    if locked.user_id != user.pk:
        raise AttemptNotFound(MSG_NOT_IN_ATTEMPT)
    if locked.state != Attempt.State.IN_PROGRESS:
        raise AttemptClosed(MSG_ATTEMPT_CLOSED)
    return {position: item}, locked, bool(locked.deadline and now >= locked.deadline + ANSWER_GRACE)


def _lock_read_converters():
    from lms import rawsql

    return rawsql.converters(AttemptQuestion, _LOCK_READ_ITEM) + rawsql.converters(Attempt, _LOCK_READ_ATTEMPT)


def _read_items(attempt_id: int, wanted: list[int]) -> dict[int, AttemptQuestion]:
    items = {i.position: i for i in AttemptQuestion.objects.filter(attempt_id=attempt_id, position__in=wanted)
             .only(*_ANSWER_FIELDS).order_by()}
    if len(items) != len(wanted):
        raise QuestionNotInAttempt(MSG_NOT_IN_ATTEMPT)
    return items


def _apply(items, wanted, data, getlist, flags, now) -> list[AttemptQuestion]:
    """Set each question's answer and flag from the request; the questions that change (to be written)."""
    changed = []
    for position in wanted:
        item = items[position]
        response = parse_form_response(data[item.version_id], f"q{position}", getlist, item.aliases)
        flagged = str(position) in flags
        if response == item.response and flagged == item.flagged:
            continue
        if response != item.response:
            item.history = _history_with(item, response, now)
        item.response, item.flagged, item.answered_at = response, flagged, now
        changed.append(item)
    return changed


def _write_scores(items: list[AttemptQuestion]) -> None:
    """Each question's ``score`` in one UPDATE (``CASE id WHEN … THEN …``), as ``bulk_update(items, ["score"])``
    writes it, without the ORM building and resolving 30 ``When`` expressions per submit (a fifth of its CPU)."""
    if not items:
        return
    from django.db import connection

    from lms import rawsql

    whens, params = [], []
    for item in items:
        whens.append("WHEN %s THEN %s")
        params += [item.pk, rawsql.prepare(AttemptQuestion, "score", item.score)]
    ids = [item.pk for item in items]
    score_type = AttemptQuestion._meta.get_field("score").db_type(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {rawsql.table(AttemptQuestion)} SET score = CAST(CASE id {' '.join(whens)} END AS "
                       f"{score_type}) WHERE id IN ({', '.join(['%s'] * len(ids))})", params + ids)


def _save_if_unchanged(item: AttemptQuestion, answered_at) -> bool:
    """Write ``item``'s answer if its row still has ``answered_at`` (no save since it was read): True if written.
    Plain SQL with the values the ORM's ``update()`` would send (``lms.rawsql.prepare``): the autosave's write."""
    from django.db import connection

    from lms import rawsql

    values = [rawsql.prepare(AttemptQuestion, name, getattr(item, name))
              for name in ("response", "flagged", "answered_at", "history")]
    same = "answered_at IS NULL" if answered_at is None else "answered_at = %s"
    params = [*values, item.pk] + ([] if answered_at is None else [rawsql.prepare(AttemptQuestion, "answered_at",
                                                                                   answered_at)])
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {rawsql.table(AttemptQuestion)} SET response = %s, flagged = %s, answered_at = %s, "
                       f"history = %s WHERE id = %s AND {same}", params)
        return cursor.rowcount == 1


def attempt_close(*, attempt_id: int, timed_out: bool = False, now=None) -> tuple[Attempt, bool]:
    """Score and close an attempt once. Returns (attempt, closed_now); a second call changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("assessment__framework").get(pk=attempt_id)
        if attempt.state != Attempt.State.IN_PROGRESS:
            return attempt, False
        items = list(attempt.items.select_related("version__competence__area"))
        result = attempt_score(attempt=attempt, items=items)
        state = Attempt.State.TIMED_OUT if timed_out else Attempt.State.SUBMITTED
        # Conditional UPDATE on the state: whatever the database's locking, only one close wins.
        won = Attempt.objects.filter(pk=attempt.pk, state=Attempt.State.IN_PROGRESS).update(
            state=state, closed_at=now, score=result["score"], passed=result["passed"], result=result)
        if won:
            _write_scores(items)
            attempt_scored.send(sender=Attempt, attempt_id=attempt.pk, user_id=attempt.user_id)
            transaction.on_commit(lambda: _send_closed(attempt.pk, timed_out))
            # what the UPDATE wrote, without reading the row again
            attempt.state, attempt.closed_at, attempt.score = state, now, result["score"]
            attempt.passed, attempt.result = result["passed"], result
    if not won:
        attempt.refresh_from_db()
    return attempt, bool(won)


def attempt_score(*, attempt: Attempt, items: list[AttemptQuestion], areas=None) -> dict:
    """Score ``items`` (their ``response``; each item's ``score`` is set) under the attempt's frozen rules and
    return the result (``results.compute_result``). Writes nothing: ``attempt_close`` stores it."""
    scored = []
    for item in items:
        item.score = float(score(item.version.data, item.response))
        comp = item.version.competence
        scored.append(ScoredItem(area_code=comp.area.code, competence_code=comp.code,
                                 competence_name=comp.name, level=item.version.level, score=item.score))
    if areas is None:
        framework = attempt.assessment.framework
        areas = [(a.code, a.name) for a in framework.areas.order_by("sort_order", "code")]
    return compute_result(items=scored, areas=areas, pass_mark=float(attempt.pass_mark),
                          area_pass_marks=attempt.area_pass_marks, framework_code=attempt.framework_code,
                          framework_version=attempt.framework_version)


def _send_closed(attempt_id: int, timed_out: bool) -> None:
    attempt_closed.send(sender=Attempt, attempt=Attempt.objects.get(pk=attempt_id), timed_out=timed_out)


def attempt_submit(*, attempt: Attempt, user, now=None) -> tuple[Attempt, bool]:
    if attempt.user_id != user.pk:
        raise QuestionNotInAttempt(MSG_NOT_IN_ATTEMPT)
    now = now or timezone.now()
    late = attempt.deadline is not None and now >= attempt.deadline + ANSWER_GRACE
    return attempt_close(attempt_id=attempt.pk, timed_out=late, now=now)


def attempts_close_expired(*, now=None) -> int:
    now = now or timezone.now()
    closed = 0
    for pk in Attempt.objects.filter(state=Attempt.State.IN_PROGRESS, deadline__lte=now).values_list("pk", flat=True):
        _, won = attempt_close(attempt_id=pk, timed_out=True, now=now)
        closed += won
    return closed
