"""The one query layer: every number on the managers' pages and every exported row comes from here.

Every function takes the ``viewer`` (the manager, national manager or superuser looking) and scopes people through
``lms.organisations.permissions`` before anything else, so a page, an export and a background job see the same
people. Rows are read from the models where the data lives (courses: ``Enrollment``; tests: ``Attempt``;
certificates: ``Certificate``) and never written.

Definitions (also in docs/exports.md):
- *learners* of a unit: active, non-staff accounts whose place (unit, else commune, else province) is in the
  unit's subtree; accounts erased at their owner's request (``erased_at``, lms/privacy) are counted in every total
  but no list or export row shows them;
- a *test row* is a learner's best closed attempt at a test (passed first, then the highest score): status
  ``passed`` or ``failed``; a *course row* is an enrolment: ``completed`` or ``in_progress``; ``not_started``
  rows (learners with neither) are listed only when asked for, for one course or test;
- *passed the standard test*: a passed attempt at a test that is the standard test of the learner's own group;
- *basic skills*: passed any test or completed any course.
- *in person* (issue 23, ``classes``): an attendance at a guided session that was not cancelled; *attendees* are
  distinct learners with at least one. Counted by the learner's place and group (like everything here), read
  directly from the attendance rows (``in_person_stats``: they are few next to enrolments and attempts); a session
  that completes lessons or a course also shows in the online columns through the enrolment it completed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Replace, TruncDate
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from certificates.models import Certificate
from certificates.serials import display as display_serial
from classes import selectors as class_selectors
from courses.models import CoursePage, Enrollment
from lms.accounts.models import User
from lms.organisations.models import PopulationGroup, Requirement, Target, Unit
from lms.organisations.permissions import (
    HOME_PATH,
    assigned_units,
    in_unit,
    is_national,
    results_scope,
    root_paths,
    scope_users,
    visible_units,
)
from lms.organisations.selectors import ancestor_paths
from quizzes.models import Assessment, Attempt

from . import rollups

# Row statuses (stable codes, see docs/exports.md) and the status filter's values. Exported files show the labels,
# in the language of whoever asked for them (``STATUS_LABELS``), never the codes.
PASSED, FAILED, COMPLETED, IN_PROGRESS, NOT_STARTED = "passed", "failed", "completed", "in_progress", "not_started"
ATTENDED = "attended"  # an in-person guided session attended (classes)
STATUS_LABELS = {
    PASSED: _("Đạt"), FAILED: _("Chưa đạt"), COMPLETED: _("Đã hoàn thành"), IN_PROGRESS: _("Đang học"),
    NOT_STARTED: _("Chưa bắt đầu"), ATTENDED: _("Đã tham dự trực tiếp"),
}
DONE, NOT_DONE = "done", "not_done"
STATUS_FILTERS = (DONE, NOT_DONE, NOT_STARTED)
DONE_STATUSES = {PASSED, COMPLETED}
AREA_CODES = ("1", "2", "3", "4", "5", "6")  # TT02-2025 areas, exported as L1…L6
CLOSED = (Attempt.State.SUBMITTED, Attempt.State.TIMED_OUT)
WEEKS = 12
CHUNK = 2000


@dataclass(frozen=True)
class Filters:
    """What an export or a list is narrowed to. ``unit`` None = everything the viewer sees."""

    unit: Unit | None = None
    group: PopulationGroup | None = None
    course: CoursePage | None = None
    assessment: Assessment | None = None
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    columns: tuple[str, ...] = ()  # the chosen columns, in ``COLUMNS`` order; empty = all of them

    @property
    def column_keys(self) -> list[str]:
        return chosen_columns(self.columns)

    def to_params(self) -> dict:
        """JSON-safe form (stored on export jobs)."""
        return {
            "unit": self.unit.pk if self.unit else None,
            "group": self.group.pk if self.group else None,
            "course": self.course.pk if self.course else None,
            "assessment": self.assessment.pk if self.assessment else None,
            "status": self.status,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "columns": list(self.columns),
        }

    @classmethod
    def from_params(cls, params: dict) -> Filters:
        def get(model, key):
            return model.objects.filter(pk=params[key]).first() if params.get(key) else None

        def day(key):
            return dt.date.fromisoformat(params[key]) if params.get(key) else None

        return cls(
            unit=get(Unit, "unit"), group=get(PopulationGroup, "group"), course=get(CoursePage, "course"),
            assessment=get(Assessment, "assessment"), status=params.get("status") or "",
            date_from=day("date_from"), date_to=day("date_to"),
            columns=tuple(chosen_columns(params.get("columns") or ())),
        )


# --- People ---------------------------------------------------------------------------------------


def _counted(prefix: str = "") -> Q:
    """People counted in totals: active accounts, and accounts erased at their owner's request (``erased_at``),
    whose results stay in the totals but which no list or export shows (``_listed``)."""
    return Q(**{f"{prefix}is_active": True}) | Q(**{f"{prefix}erased_at__isnull": False})


def _listed(qs: QuerySet, prefix: str = "") -> QuerySet:
    """Rows that name a person: never an erased account's (lms.privacy: "results kept only in aggregate")."""
    return qs.filter(**{f"{prefix}erased_at__isnull": True})


def learners(viewer, *, unit: Unit | None = None, group: PopulationGroup | None = None) -> QuerySet[User]:
    """The learners ``viewer`` may see, in ``unit``'s subtree and ``group`` when given (erased accounts included:
    they are counted; lists of people go through ``_listed``)."""
    qs = scope_users(viewer, User.objects.filter(_counted(), is_staff=False, is_superuser=False))
    if not is_national(viewer) or unit is not None:
        qs = qs.exclude(unit__isnull=True, commune__isnull=True, province__isnull=True)
    qs = in_unit(qs, unit)
    if group is not None:
        qs = qs.filter(population_group=group)
    return qs


def _of_learners(qs: QuerySet, viewer, unit: Unit | None, group: PopulationGroup | None = None, *,
                 prefix: str = "user__") -> QuerySet:
    """Rows of ``qs`` (attempts, enrolments) whose person, reached through ``prefix``, is one of
    ``learners(viewer, unit=unit, group=group)``: the same conditions written on the joined person instead of an
    ``IN (<learners>)`` subquery, which PostgreSQL plans far better over millions of rows."""
    qs = qs.filter(_counted(prefix), **{f"{prefix}is_staff": False, f"{prefix}is_superuser": False})
    qs = scope_users(viewer, qs, prefix=prefix)
    if not is_national(viewer) or unit is not None:
        qs = qs.exclude(**{f"{prefix}unit_id__isnull": True, f"{prefix}commune_id__isnull": True,
                           f"{prefix}province_id__isnull": True})
    qs = in_unit(qs, unit, prefix=prefix)
    if group is not None:
        qs = qs.filter(**{f"{prefix}population_group": group})
    return qs


# --- What can be reported on ----------------------------------------------------------------------


def report_courses() -> list[CoursePage]:
    """Live courses in the default locale (where enrolments are recorded), in catalogue order."""
    return list(CoursePage.objects.live().filter(locale=Locale.get_default()).order_by("path"))


def report_assessments() -> list[Assessment]:
    """Tests a manager can report on: approved ones (``live``), and any that learners have taken (a test later
    withdrawn keeps its results); a test never approved has neither."""
    has_attempts = Exists(Attempt.objects.filter(assessment=OuterRef("pk")))
    return list(Assessment.objects.filter(Q(live=True) | Q(has_attempts), is_published=True).order_by("title"))


# --- Rows: best attempts and enrolments -----------------------------------------------------------


def _best_attempts(viewer, filters: Filters) -> QuerySet[Attempt]:
    best = (
        Attempt.objects.filter(user=OuterRef("user"), assessment=OuterRef("assessment"), state__in=CLOSED)
        .order_by(F("passed").desc(nulls_last=True), F("score").desc(nulls_last=True), "-closed_at", "-pk")
        .values("pk")[:1]
    )
    qs = _of_learners(Attempt.objects.filter(state__in=CLOSED), viewer, filters.unit, filters.group)
    if filters.assessment is not None:
        qs = qs.filter(assessment=filters.assessment)
    qs = qs.annotate(best_id=Subquery(best)).filter(pk=F("best_id"))
    return _narrowed(qs, filters, done=Q(passed=True), day="closed_at")


def _enrollments(viewer, filters: Filters) -> QuerySet[Enrollment]:
    qs = _of_learners(Enrollment.objects.all(), viewer, filters.unit, filters.group)
    if filters.course is not None:
        qs = qs.filter(course__translation_key=filters.course.translation_key)
    return _narrowed(qs, filters, done=Q(completed_at__isnull=False), day="completed_at")


def _narrowed(qs: QuerySet, filters: Filters, *, done: Q, day: str) -> QuerySet:
    """Rows of ``qs`` with the status (``done`` is what a done row is) and the local days (of the ``day`` field)
    that ``filters`` ask for: the one rule for test rows and course rows."""
    if filters.status == DONE:
        qs = qs.filter(done)
    elif filters.status == NOT_DONE:
        qs = qs.exclude(done)
    if filters.date_from:
        qs = qs.filter(**{f"{day}__date__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{day}__date__lte": filters.date_to})
    return qs


def _not_started(viewer, filters: Filters) -> QuerySet[User]:
    """Learners with no closed attempt at the chosen test / no enrolment in the chosen course."""
    qs = learners(viewer, unit=filters.unit, group=filters.group)
    if filters.assessment is not None:
        return qs.exclude(
            Exists(Attempt.objects.filter(user=OuterRef("pk"), assessment=filters.assessment, state__in=CLOSED))
        )
    return qs.exclude(
        Exists(Enrollment.objects.filter(user=OuterRef("pk"), course__translation_key=filters.course.translation_key))
    )


def _parts(viewer, filters: Filters) -> list[tuple[str, QuerySet]]:
    """The querysets whose rows make up an export: ("test", attempts), ("course", enrolments), ("none", people).
    Erased accounts are counted on dashboards but never exported."""
    if filters.status == NOT_STARTED:
        if filters.assessment is None and filters.course is None:
            return []
        return [("none", _listed(_not_started(viewer, filters)))]
    parts = []
    if filters.course is None:
        parts.append(("test", _listed(_best_attempts(viewer, filters), "user__")))
    if filters.assessment is None:
        parts.append(("course", _listed(_enrollments(viewer, filters), "user__")))
    if filters.course is None and filters.assessment is None and filters.status != NOT_DONE:
        parts.append(("in_person", _listed(_attendance_rows(viewer, filters), "user__")))  # done by definition
    return parts


def export_count(viewer, filters: Filters) -> int:
    return sum(qs.count() for _kind, qs in _parts(viewer, filters))


# Every column an export can hold (key, header in Vietnamese, translated when written: ``column_headers``). A
# manager picks some of them (``Filters.columns``); whatever else is asked for is ignored (``chosen_columns``).
COLUMNS = [
    ("unit_code", gettext_noop("Mã đơn vị")),
    ("unit_name", gettext_noop("Tên đơn vị")),
    ("full_name", gettext_noop("Họ và tên")),
    ("email", "Email"),
    ("phone", gettext_noop("Số điện thoại")),
    ("population_group", gettext_noop("Nhóm đối tượng")),
    ("item", gettext_noop("Khóa học/Bài kiểm tra")),
    ("status", gettext_noop("Trạng thái")),
    ("score", gettext_noop("Điểm (%)")),
    *[(f"L{code}", f"L{code}") for code in AREA_CODES],
    ("completed_on", gettext_noop("Ngày hoàn thành")),
    ("certificate", gettext_noop("Số hiệu chứng nhận")),
]
COLUMN_KEYS = [key for key, _label in COLUMNS]
COLUMN_HEADERS = [label for _key, label in COLUMNS]
DATE_COLUMNS = frozenset({"completed_on"})


def chosen_columns(keys) -> list[str]:
    """The known columns among ``keys``, in ``COLUMNS`` order (the server-side whitelist); none known = all."""
    wanted = {str(key) for key in keys or ()}
    chosen = [key for key in COLUMN_KEYS if key in wanted]
    return chosen or list(COLUMN_KEYS)


def column_headers(keys=None) -> list[str]:
    """The headers of ``keys`` (all columns by default) in the active language."""
    labels = dict(COLUMNS)
    return [gettext(labels[key]) if labels[key] != key else key for key in chosen_columns(keys)]

def _person_values(prefix: str) -> dict:
    return {
        "r_unit_code": Coalesce(F(f"{prefix}unit__code"), F(f"{prefix}commune__code"), F(f"{prefix}province__code")),
        "r_unit_name": Coalesce(F(f"{prefix}unit__name"), F(f"{prefix}commune__name"), F(f"{prefix}province__name")),
        "r_full_name": F(f"{prefix}full_name"),
        "r_email": F(f"{prefix}email"),
        "r_phone": F(f"{prefix}phone"),
        "r_group": F(f"{prefix}population_group__name"),
        "r_group_en": F(f"{prefix}population_group__name_en"),
        "r_user": F(f"{prefix}pk") if prefix else F("pk"),
    }


def _shown_email(email: str) -> str:
    return "" if (email or "").endswith(".invalid") else email or ""


def _levels(result: dict | None) -> list:
    by_code = {str(area.get("code")): area.get("level") for area in (result or {}).get("areas", [])}
    return [by_code.get(code, "") for code in AREA_CODES]


def _serial(kind: str, key: str) -> Subquery:
    """The serial of the learner's valid certificate for the row's course or test (at most one: a unique
    constraint). ``achievement_key`` holds the test's id or the course's translation key as text; the comparison
    ignores dashes because SQLite stores UUIDs without them. One index probe per row, inside the row's query."""
    return Subquery(
        Certificate.objects.filter(user_id=OuterRef("user_id"), kind=kind, status=Certificate.Status.VALID)
        .annotate(key=Replace("achievement_key", Value("-"), Value("")))
        .filter(key=Replace(Cast(OuterRef(key), CharField()), Value("-"), Value("")))
        .order_by().values("serial")[:1]
    )


def _values_of(kind: str, qs: QuerySet) -> QuerySet:
    """The ordered ``values()`` queryset an export reads for one part (also what bench/exports.py COPYs). Dates
    are the local day, computed by the database (a datetime per row costs the exporter more than the rest of the
    row: Django's time-zone-aware loader is Python, psycopg's date loader is C)."""
    tz = timezone.get_current_timezone()
    if kind == "test":
        prefix = "user__"
        extra = {"r_item": F("assessment__title"), "r_item_id": F("assessment_id")}
        values = qs.values(**_person_values(prefix), **extra, r_score=F("score"), r_passed=F("passed"),
                           r_date=TruncDate("closed_at", tzinfo=tz), r_result=F("result"),
                           r_serial=_serial(Certificate.Kind.ASSESSMENT, "assessment_id"))
        order = ("r_unit_code", "r_full_name", "r_user", "r_item", "pk")
    elif kind == "course":
        prefix = "user__"
        values = qs.values(**_person_values(prefix), r_item=F("course__title"), r_item_key=F("course__translation_key"),
                           r_date=TruncDate("completed_at", tzinfo=tz), r_serial=_serial(Certificate.Kind.COURSE, "course__translation_key"))
        order = ("r_unit_code", "r_full_name", "r_user", "r_item", "pk")
    elif kind == "in_person":
        values = qs.values(**_person_values("user__"), r_item=F("session__topic"),
                           r_date=TruncDate("attended_at", tzinfo=tz))
        order = ("r_unit_code", "r_full_name", "r_user", "r_date", "pk")
    else:
        values = qs.values(**_person_values(""))
        order = ("r_unit_code", "r_full_name", "r_user")
    return values.order_by(*order)


def export_querysets(viewer, filters: Filters) -> list[QuerySet]:
    """The querysets ``export_rows`` reads, in order (for measuring them against ``COPY``)."""
    return [_values_of(kind, qs) for kind, qs in _parts(viewer, filters)]


class Streams:
    """The connection of its own that ``streamed`` reads through, opened at the first streamed SELECT and kept for
    the next ones of the same export (its parts: tests, courses, in person, not started), closed by ``close``: one connection
    per export rather than one per part (a connection costs about as much as 5,000 rows of the export)."""

    def __init__(self):
        self.own = None

    def open(self, connection):
        if self.own is None or self.own.closed:
            # Django's own connection parameters: the same loaders (JSON as text for JSONField, time zones).
            self.own = connection.get_new_connection(connection.get_connection_params())
            self.own.autocommit = True
        return self.own

    def close(self) -> None:
        if self.own is not None:
            self.own.close()
            self.own = None


def streamed(qs: QuerySet, chunk_size: int = CHUNK, streams: Streams | None = None) -> Iterator[tuple]:
    """The rows of a ``values_list`` queryset, as ``qs.iterator(chunk_size)`` gives them, in constant memory.

    On PostgreSQL outside a transaction (the export job, the streamed download, the command) the SELECT is streamed
    (psycopg's ``stream`` in chunked mode) on a connection of its own, instead of read through a server-side cursor:
    Django declares that cursor ``WITH HOLD`` outside a transaction, so PostgreSQL ran the whole query to the end
    before the first row came back, and the exporter's Python only began then. Streamed, the database produces
    rows while Python writes the earlier ones (issue 17: the export against ``COPY``). Memory stays flat: at most
    one chunk waits in the client, and PostgreSQL waits when the socket is full. Its own connection, because a
    connection in the middle of a stream can run nothing else, and the exporters write meanwhile (the job's
    progress, the export log when a download is closed half-way); outside a transaction it sees the same committed
    rows. The rows go through Django's own converters (dates, JSON, decimals), as ``values_list`` gives them.
    Inside a transaction (whose uncommitted rows another connection would not see), elsewhere (SQLite) and for a
    queryset with ``extra()``: Django's iterator."""
    from django.db import connections

    connection = connections[qs.db]
    query = qs.query
    if connection.vendor != "postgresql" or connection.in_atomic_block or query.extra_select:
        yield from qs.iterator(chunk_size=chunk_size)
        return
    compiler = query.get_compiler(qs.db)
    sql, params = compiler.as_sql()  # Django 5.2 selects the columns in ``values_list`` order: nothing to reorder
    mine = streams is None  # alone: its own connection, closed at the end; else the export's (``Streams``)
    streams = streams or Streams()
    try:
        with streams.open(connection).cursor() as cursor:
            yield from compiler.results_iter(results=[cursor.stream(sql, params, size=chunk_size)],
                                             tuple_expected=True)
    finally:
        if mine:
            streams.close()


def _rows_of(kind: str, qs: QuerySet, filters: Filters, streams: Streams | None = None) -> Iterator[list]:
    """Export rows of one part in ``COLUMNS`` order, read ``CHUNK`` rows at a time (``streamed``: constant memory). Built straight as lists: at a million rows every intermediate object shows."""
    label = {code: str(text) for code, text in STATUS_LABELS.items()}  # the active language, looked up once
    english = (get_language() or "vi").startswith("en")
    no_levels = ["" for _ in AREA_CODES]
    item_title = ""
    if kind == "none":
        item_title = filters.assessment.title if filters.assessment is not None else filters.course.title
    values = _values_of(kind, qs)
    person = ("r_unit_code", "r_unit_name", "r_full_name", "r_email", "r_phone", "r_group", "r_group_en")
    # Tuples unpacked by name (a dict per row showed at a million rows); the SELECT is the one ``values`` built.
    if kind == "test":
        for code, unit, name, email, phone, group, group_en, item, passed, score, day, result, serial in (
            streamed(values.values_list(*person, "r_item", "r_passed", "r_score", "r_date", "r_result", "r_serial"),
                     streams=streams)
        ):
            yield [
                code or "", unit or "", name or "", _shown_email(email), phone or "",
                (english and group_en) or group or "",
                item, label[PASSED] if passed else label[FAILED], round(score, 2) if score is not None else "",
                *_levels(result), day or "", display_serial(serial) if serial else "",
            ]
    elif kind == "course":
        for code, unit, name, email, phone, group, group_en, item, day, serial in (
            streamed(values.values_list(*person, "r_item", "r_date", "r_serial"), streams=streams)
        ):
            yield [
                code or "", unit or "", name or "", _shown_email(email), phone or "",
                (english and group_en) or group or "",
                item, label[COMPLETED] if day else label[IN_PROGRESS], "",
                *no_levels, day or "", display_serial(serial) if serial else "",
            ]
    elif kind == "in_person":
        for code, unit, name, email, phone, group, group_en, item, day in (
            streamed(values.values_list(*person, "r_item", "r_date"), streams=streams)
        ):
            yield [
                code or "", unit or "", name or "", _shown_email(email), phone or "",
                (english and group_en) or group or "",
                item, label[ATTENDED], "", *no_levels, day or "", "",
            ]
    else:
        for code, unit, name, email, phone, group, group_en in streamed(values.values_list(*person), streams=streams):
            yield [
                code or "", unit or "", name or "", _shown_email(email), phone or "",
                (english and group_en) or group or "",
                item_title, label[NOT_STARTED], "", *no_levels, "", "",
            ]


def export_rows(viewer, filters: Filters) -> Iterator[list]:
    """Every export row, the chosen columns (``filters.columns``) in ``COLUMNS`` order, reading the database in
    chunks (constant memory). Cells are made formula-safe by the writers (``exports.safe_cell``)."""
    keys = filters.column_keys
    picked = None if len(keys) == len(COLUMN_KEYS) else [COLUMN_KEYS.index(key) for key in keys]
    streams = Streams()  # one connection for the streamed parts of this export
    try:
        for kind, qs in _parts(viewer, filters):
            for row in _rows_of(kind, qs, filters, streams):
                if picked is not None:
                    row = [row[index] for index in picked]
                yield row
    finally:
        streams.close()


# --- One learner (the per-learner page) -----------------------------------------------------------


def learner_in_scope(viewer, pk) -> User | None:
    """The learner ``pk`` if ``viewer`` may see them (inside their units, not staff, not erased), else None."""
    return (
        _listed(learners(viewer)).filter(pk=pk)
        .select_related("unit", "commune", "province", "population_group").first()
    )


@dataclass
class LearnerRecord:
    person: User
    enrollments: list
    attempts: list
    certificates: list


def learner_record(person: User) -> LearnerRecord:
    """What ``person`` enrolled in (and completed), every test attempt (score, result) and their certificates."""
    return LearnerRecord(
        person=person,
        enrollments=list(Enrollment.objects.filter(user=person).select_related("course").order_by("-enrolled_at")),
        attempts=list(Attempt.objects.filter(user=person).select_related("assessment").order_by("-started_at")),
        certificates=list(Certificate.objects.filter(user=person).order_by("-issued_at")),
    )


# --- Dashboard ------------------------------------------------------------------------------------


@dataclass
class ItemStat:
    item: object
    enrolled: int = 0  # courses: enrolments; tests: learners with a closed attempt
    completed: int = 0  # courses: completed; tests: passed

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.enrolled) if self.enrolled else 0


@dataclass
class GroupStat:
    group: PopulationGroup
    learners: int = 0
    passed: int = 0
    basic: int = 0
    target: Target | None = None
    basic_target: Target | None = None
    attendees: int = 0  # learners of the group who attended a guided session (in person)

    @property
    def attendee_share(self) -> float:
        return round(100 * self.attendees / self.learners, 1) if self.learners else 0.0

    @property
    def share(self) -> float:
        return round(100 * self.passed / self.learners, 1) if self.learners else 0.0

    @property
    def basic_share(self) -> float:
        return round(100 * self.basic / self.learners, 1) if self.learners else 0.0

    @property
    def gap(self) -> float | None:
        return None if self.target is None else round(self.share - self.target.percent, 1)


@dataclass
class ChildStat:
    unit: Unit
    learners: int = 0
    enrolled: int = 0
    completed: int = 0
    passed: int = 0
    attendees: int = 0  # learners who attended a guided session (in person)


@dataclass
class InPerson:
    """Guided sessions (``classes``) of the viewed units: sessions held there, attendances and attendees among the
    learners in scope, by population group (group id, 0 for none) and by child unit (unit id)."""

    sessions: int = 0
    attendances: int = 0
    attendees: int = 0
    by_group: dict = field(default_factory=dict)
    by_child: dict = field(default_factory=dict)


@dataclass
class Dashboard:
    unit: Unit | None
    year: int
    learners: int
    courses: list[ItemStat]
    tests: list[ItemStat]
    groups: list[GroupStat]
    weeks: list[dict]
    children: list[ChildStat] = field(default_factory=list)
    requirements: list = field(default_factory=list)  # RequirementSummary of the requirements asked for
    in_person: InPerson | None = None  # guided sessions (classes), side by side with the online numbers

    @property
    def enrolled_total(self) -> int:
        return sum(s.enrolled for s in self.courses)

    @property
    def completed_total(self) -> int:
        return sum(s.completed for s in self.courses)

    @property
    def passed_standard_total(self) -> int:
        return sum(g.passed for g in self.groups)


def _passed_standard(prefix: str = "") -> Exists:
    """A passed attempt at a standard test of the person's own group (``prefix`` reaches the person)."""
    return Exists(
        Attempt.objects.filter(
            user=OuterRef(f"{prefix}pk"), passed=True,
            assessment__population_groups=OuterRef(f"{prefix}population_group"),
        )
    )


def targets_for(unit: Unit | None, year: int) -> dict[tuple[int, str], Target]:
    """(group id, metric) → the target in force for ``unit`` in ``year``: the nearest unit's own, else the
    default (unit empty)."""
    paths = ancestor_paths(unit) if unit is not None else []
    rows = Target.objects.filter(Q(unit__isnull=True) | Q(unit__path__in=paths), year=year).select_related("unit")
    chosen: dict[tuple[int, str], Target] = {}
    for target in rows:
        key = (target.population_group_id, target.metric)
        depth = target.unit.depth if target.unit_id else 0
        current = chosen.get(key)
        if current is None or depth > (current.unit.depth if current.unit_id else 0):
            chosen[key] = target
    return chosen


def course_stats(viewer, unit: Unit | None) -> list[ItemStat]:
    courses = report_courses()
    counts = {
        row["course__translation_key"]: row
        for row in _of_learners(Enrollment.objects.all(), viewer, unit)
        .values("course__translation_key")
        .annotate(enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
        .order_by()
    }
    stats = []
    for course in courses:
        row = counts.get(course.translation_key, {})
        stats.append(ItemStat(item=course, enrolled=row.get("enrolled", 0), completed=row.get("completed", 0)))
    return stats


def test_stats(viewer, unit: Unit | None) -> list[ItemStat]:
    counts = {
        row["assessment_id"]: row
        for row in _of_learners(Attempt.objects.filter(state__in=CLOSED), viewer, unit)
        .values("assessment_id")
        .annotate(
            attempted=Count("user", distinct=True), passed=Count("user", distinct=True, filter=Q(passed=True))
        )
        .order_by()
    }
    return [
        ItemStat(item=a, enrolled=counts.get(a.pk, {}).get("attempted", 0), completed=counts.get(a.pk, {}).get("passed", 0))
        for a in report_assessments()
    ]


def _passed_standard_ids() -> QuerySet:
    """Ids of the people with a passed attempt at a standard test of their own group (as ``_passed_standard``)."""
    return Attempt.objects.filter(
        passed=True, assessment__population_groups=F("user__population_group")
    ).values("user_id")


def _basic_skills_ids() -> QuerySet:
    """Ids of the people who passed any test or completed any course."""
    return Attempt.objects.filter(passed=True).order_by().values("user_id").union(
        Enrollment.objects.filter(completed_at__isnull=False).order_by().values("user_id")
    )


def _counts(qs: QuerySet, *fields: str) -> dict:
    """``fields`` values → number of rows (one grouped query)."""
    return {
        tuple(row[f] for f in fields) if len(fields) > 1 else row[fields[0]]: row["n"]
        for row in qs.values(*fields).annotate(n=Count("pk")).order_by()
    }


def group_stats(viewer, unit: Unit | None, year: int) -> list[GroupStat]:
    # Grouped counts filtered by semi-joins (not a per-person EXISTS): linear over millions of learners.
    people = learners(viewer, unit=unit).filter(population_group__isnull=False)
    counted = _counts(people, "population_group")
    passed = _counts(people.filter(pk__in=_passed_standard_ids()), "population_group")
    basic = _counts(people.filter(pk__in=_basic_skills_ids()), "population_group")
    targets = targets_for(unit, year)
    stats = []
    for group in PopulationGroup.objects.order_by("sort_order"):
        stat = GroupStat(
            group=group, learners=counted.get(group.pk, 0), passed=passed.get(group.pk, 0),
            basic=basic.get(group.pk, 0),
            target=targets.get((group.pk, Target.Metric.PASSED_STANDARD_TEST)),
            basic_target=targets.get((group.pk, Target.Metric.BASIC_SKILLS)),
        )
        if stat.learners or stat.target or stat.basic_target:
            stats.append(stat)
    return stats


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_trend(viewer, unit: Unit | None, *, today: dt.date | None = None) -> list[dict]:
    """The last 12 weeks (Monday first), counted directly: tests passed (each learner's first pass at each test,
    in the week it happened) and courses completed per week, in the local time zone. ``dashboard`` reads the same
    figures from the counters (``_weeks``)."""
    today = today or timezone.localdate()
    first = week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    firsts = (
        _of_learners(Attempt.objects.filter(passed=True, closed_at__isnull=False), viewer, unit)
        .values("user_id", "assessment_id").annotate(first=Min("closed_at")).filter(first__gte=start).order_by()
    )
    completions = _of_learners(Enrollment.objects.filter(completed_at__gte=start), viewer, unit)
    by_day: dict[dt.date, list[int]] = {}
    for row in firsts:
        by_day.setdefault(timezone.localtime(row["first"]).date(), [0, 0])[0] += 1
    for completed_at in completions.values_list("completed_at", flat=True):
        by_day.setdefault(timezone.localtime(completed_at).date(), [0, 0])[1] += 1
    return _weeks(by_day, first, today)


def _weeks(by_day: dict[dt.date, list[int]], first: dt.date, today: dt.date) -> list[dict]:
    """Days (→ [passed, completed]) added up into the ``WEEKS`` weeks from ``first``."""
    weeks = [{"week": first + dt.timedelta(weeks=i), "passed": 0, "completed": 0} for i in range(WEEKS)]
    for day, (passed, completed) in by_day.items():
        index = (day - first).days // 7
        if 0 <= index < WEEKS and day <= today:
            weeks[index]["passed"] += passed
            weeks[index]["completed"] += completed
    return weeks


def child_units(viewer, unit: Unit | None) -> list[Unit]:
    if unit is None:
        return list(assigned_units(viewer))
    return list(visible_units(viewer).filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("name"))


def child_stats(viewer, unit: Unit | None) -> list[ChildStat]:
    """The same numbers for each child unit (one grouped query per measure, on the path prefix)."""
    children = child_units(viewer, unit)
    if not children:
        return []
    length = Unit.steplen * (children[0].depth)
    by_path = {child.path: ChildStat(unit=child) for child in children}
    if any(child.depth != children[0].depth for child in children):
        # A manager of units at different depths: one query per child (rare; units are few).
        return [_child_stat(viewer, child) for child in children]
    # Counted per place (unit, commune, province ids: no join), then each place's path is cut to the children's
    # depth in Python, as ``Substr(HOME_PATH, 1, length)`` would.
    places = ("unit_id", "commune_id", "province_id")
    people = learners(viewer, unit=unit)
    counted = _counts(people, *places)
    passed = _counts(people.filter(pk__in=_passed_standard_ids()), *places)
    enrolments = {
        tuple(row[f"user__{f}"] for f in places): row
        for row in _of_learners(Enrollment.objects.all(), viewer, unit)
        .values(*[f"user__{f}" for f in places])
        .annotate(enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))).order_by()
    }
    homes = {key: next((pk for pk in key if pk is not None), None)
             for key in set(counted) | set(passed) | set(enrolments)}
    paths = dict(Unit.objects.filter(pk__in={pk for pk in homes.values() if pk}).values_list("pk", "path"))
    for key, home in homes.items():
        stat = by_path.get(paths.get(home, "")[:length])
        if stat is None:
            continue
        stat.learners += counted.get(key, 0)
        stat.passed += passed.get(key, 0)
        stat.enrolled += enrolments.get(key, {}).get("enrolled", 0)
        stat.completed += enrolments.get(key, {}).get("completed", 0)
    return list(by_path.values())


def _child_stat(viewer, child: Unit) -> ChildStat:
    people = learners(viewer, unit=child)
    enrolments = Enrollment.objects.filter(user__in=people.values("pk"))
    return ChildStat(
        unit=child, learners=people.count(), passed=people.filter(_passed_standard()).count(),
        enrolled=enrolments.count(), completed=enrolments.filter(completed_at__isnull=False).count(),
    )


def _attendance_rows(viewer, filters: Filters) -> QuerySet:
    """Attendance rows of the learners ``viewer`` sees (in ``filters.unit`` and ``filters.group``), on the local days
    asked for."""
    qs = _of_learners(class_selectors.attendances(), viewer, filters.unit, filters.group)
    if filters.date_from:
        qs = qs.filter(attended_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(attended_at__date__lte=filters.date_to)
    return qs


def in_person_stats(viewer, unit: Unit | None, *, children: list[Unit] = ()) -> InPerson:
    """Sessions held in the viewed units (by the session's unit), and attendance by the learners in scope (by their
    place and group), counted from the rows."""
    rows = _attendance_rows(viewer, Filters(unit=unit))
    stats = InPerson(
        sessions=class_selectors.sessions_held(paths=_tally_paths(viewer, unit)).count(),
        attendances=rows.count(),
        attendees=rows.values("user_id").distinct().count(),
        by_group={group or 0: n for group, n in rows.values_list("user__population_group_id")
                  .annotate(n=Count("user_id", distinct=True)).order_by()},
    )
    if children:
        places = ("user__unit_id", "user__commune_id", "user__province_id")
        counted = {tuple(row[:3]): row[3] for row in rows.values_list(*places).annotate(
            n=Count("user_id", distinct=True)).order_by()}
        homes = {key: next((pk for pk in key if pk is not None), None) for key in counted}
        paths = dict(Unit.objects.filter(pk__in={pk for pk in homes.values() if pk}).values_list("pk", "path"))
        by_path = {child.path: child.pk for child in children}
        lengths = sorted({len(path) for path in by_path})
        for key, home in homes.items():
            path = paths.get(home, "")
            child = next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)
            if child is not None:
                stats.by_child[child] = stats.by_child.get(child, 0) + counted[key]
    return stats


def _with_in_person(board: Dashboard, viewer, unit: Unit | None) -> Dashboard:
    board.in_person = in_person_stats(viewer, unit, children=[child.unit for child in board.children])
    for child in board.children:
        child.attendees = board.in_person.by_child.get(child.unit.pk, 0)
    for stat in board.groups:
        stat.attendees = board.in_person.by_group.get(stat.group.pk, 0)
    return board


def dashboard(viewer, unit: Unit | None, *, year: int | None = None, today: dt.date | None = None,
              requirements=()) -> Dashboard:
    """Every number of the dashboard, added up from the counters of ``reporting/rollups.py`` (a few thousand rows
    for a province of a million learners), equal to the direct count (``dashboard_direct``); with the summaries of
    ``requirements`` (``Dashboard.requirements``) read from the same counters."""
    today = today or timezone.localdate()
    year = year or today.year
    with rollups.snapshot():
        tallies = _tallies(viewer, unit)
        board = _dashboard_from(tallies, viewer, unit, year=year, today=today, requirements=requirements)
        return _with_in_person(board, viewer, unit)


def dashboard_direct(viewer, unit: Unit | None, *, year: int | None = None, today: dt.date | None = None) -> Dashboard:
    """The same numbers counted from the rows (learners, enrolments, attempts): what the counters must equal."""
    today = today or timezone.localdate()
    year = year or today.year
    board = Dashboard(
        unit=unit, year=year, learners=learners(viewer, unit=unit).count(),
        courses=course_stats(viewer, unit), tests=test_stats(viewer, unit), groups=group_stats(viewer, unit, year),
        weeks=weekly_trend(viewer, unit, today=today), children=child_stats(viewer, unit),
    )
    return _with_in_person(board, viewer, unit)


def _tally_paths(viewer, unit: Unit | None) -> list[str] | None:
    """The unit paths whose subtrees hold the learners ``learners(viewer, unit=unit)`` counts; None = everyone,
    people with no place included (a national manager's whole country)."""
    scope = results_scope(viewer)
    if not scope.allowed:
        return []
    if scope.national:
        return None if unit is None else [unit.path]
    roots = list(scope.roots)
    if unit is None:
        return roots
    if any(unit.path.startswith(root) for root in roots):
        return [unit.path]
    return [root for root in roots if root.startswith(unit.path)]


def _tallies(viewer, unit: Unit | None) -> rollups.Tallies:
    tallies = rollups.Tallies(_tally_paths(viewer, unit))
    tallies.load_pending()
    return tallies


def _dashboard_from(tallies: rollups.Tallies, viewer, unit: Unit | None, *, year: int, today: dt.date,
                    requirements=()) -> Dashboard:
    by_place_group = tallies.group_rows()
    per_group: dict[int, list[int]] = {}
    for (_place, group), values in by_place_group.items():
        rollups.Deltas.add(per_group, group, values)
    by_place_item = tallies.item_rows_by_place()
    items: dict[tuple[str, str], list[int]] = {}
    courses_by_place: dict[int, list[int]] = {}
    for (place, kind, item), values in by_place_item.items():
        rollups.Deltas.add(items, (kind, item), values)
        if kind == rollups.COURSE:
            rollups.Deltas.add(courses_by_place, place, values)
    courses = []
    for course in report_courses():
        started, done = items.get((rollups.COURSE, str(course.translation_key)), (0, 0))
        courses.append(ItemStat(item=course, enrolled=started, completed=done))
    tests = []
    for assessment in report_assessments():
        started, done = items.get((rollups.TEST, str(assessment.pk)), (0, 0))
        tests.append(ItemStat(item=assessment, enrolled=started, completed=done))
    targets = targets_for(unit, year)
    groups = []
    for group in PopulationGroup.objects.order_by("sort_order"):
        counted, passed, basic = per_group.get(group.pk, (0, 0, 0))
        stat = GroupStat(
            group=group, learners=counted, passed=passed, basic=basic,
            target=targets.get((group.pk, Target.Metric.PASSED_STANDARD_TEST)),
            basic_target=targets.get((group.pk, Target.Metric.BASIC_SKILLS)),
        )
        if stat.learners or stat.target or stat.basic_target:
            groups.append(stat)
    first = week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    weeks = _weeks(tallies.days(first, today), first, today)
    return Dashboard(
        unit=unit, year=year, learners=sum(values[0] for values in per_group.values()), courses=courses,
        tests=tests, groups=groups, weeks=weeks,
        children=_children_from(tallies, by_place_group, courses_by_place, viewer, unit),
        requirements=_summaries_from(tallies, by_place_group, requirements, today),
    )


def _children_from(tallies: rollups.Tallies, by_place_group: dict, courses: dict, viewer,
                   unit: Unit | None) -> list[ChildStat]:
    """Each child unit's learners, enrolments, completions and standard-test passes: the places' counters added up
    under the child whose path begins theirs."""
    children = child_units(viewer, unit)
    if not children:
        return []
    by_path = {child.path: ChildStat(unit=child) for child in children}
    lengths = sorted({len(child.path) for child in children})
    paths = tallies.place_paths({place for place, _group in by_place_group} | set(courses))

    def child_of(place):
        path = paths.get(place)
        if path is None:
            return None
        return next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)

    for (place, _group), (counted, passed, _basic) in by_place_group.items():
        stat = child_of(place)
        if stat is not None:
            stat.learners += counted
            stat.passed += passed
    for place, (enrolled, completed) in courses.items():
        stat = child_of(place)
        if stat is not None:
            stat.enrolled += enrolled
            stat.completed += completed
    return list(by_path.values())


# --- Requirements ---------------------------------------------------------------------------------


def requirement_target(requirement: Requirement):
    """The CoursePage or Assessment a requirement points at (None if it was deleted)."""
    model = requirement.content_type.model_class()
    return model.objects.filter(pk=requirement.object_id).first() if model else None


def requirement_done_users(requirement: Requirement) -> QuerySet:
    """Ids of the people who have met a requirement (passed the test / completed the course)."""
    if requirement.content_type.model == "assessment":
        return Attempt.objects.filter(assessment_id=requirement.object_id, passed=True).values("user_id")
    course = requirement_target(requirement)
    if course is None:
        return Enrollment.objects.none().values("user_id")
    return Enrollment.objects.filter(
        course__translation_key=course.translation_key, completed_at__isnull=False
    ).values("user_id")


def requirements_visible(viewer) -> QuerySet[Requirement]:
    """Requirements that concern people the viewer sees: for everyone, above their units, or inside them."""
    qs = Requirement.objects.select_related("content_type", "unit").order_by("deadline", "title")
    if is_national(viewer):
        return qs
    roots = root_paths(viewer)
    if not roots:
        return qs.none()
    q = Q(unit__isnull=True)
    for root in roots:
        unit_depth = len(root) // Unit.steplen
        q |= Q(unit__path__in=[root[: Unit.steplen * d] for d in range(1, unit_depth + 1)])
        q |= Q(unit__path__startswith=root)
    return qs.filter(q)


def requirement_people(viewer, requirement: Requirement, *, unit: Unit | None = None) -> QuerySet[User]:
    """Learners the viewer sees to whom ``requirement`` applies."""
    qs = learners(viewer, unit=unit)
    qs = in_unit(qs, requirement.unit) if requirement.unit_id else qs
    group_ids = list(requirement.population_groups.values_list("pk", flat=True))
    if group_ids:
        qs = qs.filter(population_group_id__in=group_ids)
    return qs


@dataclass
class RequirementSummary:
    requirement: Requirement
    applies: int
    done: int
    overdue: bool

    @property
    def not_done(self) -> int:
        return self.applies - self.done

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.applies) if self.applies else 0


def requirement_summary(viewer, requirement: Requirement, *, unit: Unit | None = None, today=None) -> RequirementSummary:
    """How many learners the viewer sees must meet ``requirement``, and how many have (from the counters)."""
    return requirement_summaries(viewer, [requirement], unit=unit, today=today)[0]


def requirement_summaries(viewer, requirements, *, unit: Unit | None = None, today=None) -> list[RequirementSummary]:
    """``requirement_summary`` of each of ``requirements``, reading the counters once."""
    requirements = list(requirements)
    if not requirements:
        return []
    today = today or timezone.localdate()
    with rollups.snapshot():
        tallies = _tallies(viewer, unit)
        return _summaries_from(tallies, tallies.group_rows(), requirements, today)


def _summaries_from(tallies: rollups.Tallies, by_place_group: dict, requirements, today) -> list[RequirementSummary]:
    requirements = list(requirements)
    if not requirements:
        return []
    wanted = {requirement.pk: _requirement_item(requirement) for requirement in requirements}
    done_rows = tallies.item_rows({item for item in wanted.values() if item is not None})
    paths = {}
    if any(requirement.unit_id for requirement in requirements):
        paths = tallies.place_paths({place for place, _group in by_place_group} | {key[0] for key in done_rows})
    summaries = []
    for requirement in requirements:
        groups = {group.pk for group in requirement.population_groups.all()}
        root = requirement.unit.path if requirement.unit_id else None
        applies = sum(values[0] for (place, group), values in by_place_group.items()
                      if _applies(place, group, groups, root, paths))
        item = wanted[requirement.pk]
        done = sum(values[1] for (place, group, kind, key), values in done_rows.items()
                   if (kind, key) == item and _applies(place, group, groups, root, paths))
        summaries.append(RequirementSummary(requirement=requirement, applies=applies, done=done,
                                            overdue=requirement.deadline < today))
    return summaries


def _applies(place: int, group: int, groups: set[int], root: str | None, paths: dict[int, str]) -> bool:
    """Whether a requirement for ``groups`` (empty: every group) under ``root`` (None: everywhere) concerns the
    learners of ``place`` and ``group``."""
    if groups and group not in groups:
        return False
    return root is None or paths.get(place, "").startswith(root)


def _requirement_item(requirement: Requirement) -> tuple[str, str] | None:
    """The counters' key of what meets ``requirement``: ("t", test id) or ("c", course translation key)."""
    if requirement.content_type.model == "assessment":
        return (rollups.TEST, str(requirement.object_id))
    course = requirement_target(requirement)
    return None if course is None else (rollups.COURSE, str(course.translation_key))


def requirement_summary_direct(viewer, requirement: Requirement, *, unit: Unit | None = None,
                               today=None) -> RequirementSummary:
    """The same, counted from the rows (what the counters must equal)."""
    people = requirement_people(viewer, requirement, unit=unit)
    applies = people.count()
    done = people.filter(pk__in=requirement_done_users(requirement)).count()
    today = today or timezone.localdate()
    return RequirementSummary(requirement=requirement, applies=applies, done=done, overdue=requirement.deadline < today)


def not_completed(viewer, requirement: Requirement, *, unit: Unit | None = None) -> QuerySet[User]:
    """Who has not yet met ``requirement``, with their place, ordered by place and name (never an erased account)."""
    return (
        _listed(requirement_people(viewer, requirement, unit=unit))
        .exclude(pk__in=requirement_done_users(requirement))
        .select_related("unit", "commune", "province", "population_group")
        .annotate(home=HOME_PATH)
        .order_by("home", "full_name", "pk")
    )


def requirement_status(requirement: Requirement, user, *, today=None) -> str:
    """``done``, ``pending`` or ``overdue`` for one person."""
    today = today or timezone.localdate()
    if requirement_done_users(requirement).filter(user_id=user.pk).exists():
        return "done"
    return "overdue" if requirement.deadline < today else "pending"
