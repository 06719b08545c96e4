"""The dashboard's counters: rollups per place × population group (× course or test), and per place × day.

Why: a province of a million learners cannot be counted row by row on every page view (13 s at 1M learners in
the last benchmark); its dashboard adds up a few thousand counters instead (``Tallies``).

How the counters stay equal to a direct count:

- **A learner's share.** ``shares(user_ids)`` computes from the facts (the account, its enrolments, its closed
  attempts) what one learner adds to each counter: 1 learner in their place and group, 1 enrolment per course,
  1 "passed" per test, their first pass at each test and each completion on its local day, and so on (the
  definitions are those of ``reporting.queries``). An account that is not counted (staff, deactivated and not
  erased, deleted) adds nothing.
- **The ledger.** ``LearnerTally`` keeps the share last applied for each learner. Applying a learner again adds
  ``new share - recorded share`` to the counters and records the new share: applying twice changes nothing, and a
  move to another unit or group, an erasure or a deletion takes back exactly what the learner had added.
- **Noted in the same transaction.** The receivers (``reporting/signals.py``) write a ``PendingLearner`` row in the
  transaction that changes a learner's facts (a user saved or deleted, an enrolment created, completed or deleted,
  an attempt closed, a unit or group deleted); it commits or rolls back with them. ``apply_pending`` (the task
  ``tasks.apply_rollups``, queued once the transaction commits, and the periodic job) applies the noted learners
  and deletes the notes.
- **Read = counters + what is pending.** ``Tallies`` adds the not-yet-applied differences of pending learners
  (usually none or a handful), in one snapshot (REPEATABLE READ on PostgreSQL), so the numbers shown are the
  direct count at that moment, whatever the worker's lag.
- **Concurrency.** Counters change only by ``INSERT … ON CONFLICT DO UPDATE SET n = n + delta`` (the row lock makes
  concurrent increments add up), in key order (no deadlock between two appliers); each learner's ledger row is
  locked (``SELECT … FOR UPDATE``) while it is applied, so two workers never apply the same change twice.
- **Reconciliation.** ``reconcile`` (periodic job, and ``manage.py rebuild_rollups``) recomputes every learner's
  share from the facts, repairs the ledger where it differs (a change written behind the models' back: a raw
  ``UPDATE``, a bulk load), adding the difference to the counters as an applier would, and then rewrites every
  counter that differs from the sum of the shares (a counter tampered with). On PostgreSQL it holds an advisory lock: appliers skip their turn meanwhile (the dashboards
  still add the pending learners), so the comparison is made against a still picture.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, connections, router, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from courses.models import Enrollment
from lms.accounts.models import User
from quizzes.models import Assessment, Attempt

from .models import DayTally, GroupTally, ItemTally, LearnerTally, PendingLearner, RollupState

log = logging.getLogger(__name__)

COURSE, TEST = "c", "t"
CLOSED = (Attempt.State.SUBMITTED, Attempt.State.TIMED_OUT)
BATCH = 500  # learners applied per transaction
FOLD_LIMIT = 20_000  # pending learners a dashboard adds itself; beyond that it shows the counters as they are
LOCK_KEY = 7_170_417  # PostgreSQL advisory lock: appliers share it, reconciliation takes it alone
CHUNK = 5_000  # learners read per step of a reconciliation


# --- A learner's share ---------------------------------------------------------------------------------------


def standard_tests() -> dict[int, set[int]]:
    """Population group id → the ids of its standard tests."""
    mapping: dict[int, set[int]] = defaultdict(set)
    for test_id, group_id in Assessment.objects.filter(population_groups__isnull=False).values_list(
        "pk", "population_groups"
    ):
        mapping[group_id].add(test_id)
    return mapping


def _as_json(mapping: dict[int, set[int]]) -> dict[str, list[int]]:
    return {str(group): sorted(tests) for group, tests in sorted(mapping.items())}


def standard_tests_check() -> int:
    """After a test was saved: when the standard tests of some group changed, note the learners who passed a test
    whose groups changed (their "passed the standard test" may change). Returns how many were noted."""
    current = _as_json(standard_tests())
    state, _created = RollupState.objects.get_or_create(key="standard", defaults={"value": current})
    if _created or state.value == current:
        return 0
    changed = set()
    for group in set(current) | set(state.value):
        changed |= set(current.get(group, [])) ^ set(state.value.get(group, []))
    with transaction.atomic():
        RollupState.objects.filter(key="standard").update(value=current)
        users = list(Attempt.objects.filter(assessment_id__in=changed, passed=True)
                     .values_list("user_id", flat=True).distinct())
        note_learners(users)
    return len(users)


def shares(user_ids, *, standard: dict[int, set[int]] | None = None,
           between: tuple[int, int] | None = None) -> dict[int, dict]:
    """The share of each learner of ``user_ids`` (``{}`` for one who is not counted or no longer exists), computed
    from the facts with the definitions of ``reporting.queries``. ``between`` (first, last id) says that
    ``user_ids`` are every id of that range, read by range rather than by list (reconciliation)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    standard = standard_tests() if standard is None else standard
    if between is not None:
        mine, theirs = Q(pk__gte=between[0], pk__lte=between[1]), Q(user_id__gte=between[0], user_id__lte=between[1])
    else:
        mine, theirs = Q(pk__in=ids), Q(user_id__in=ids)
    people = {
        row[0]: row for row in User.objects.filter(mine).values_list(
            "pk", "is_active", "erased_at", "is_staff", "is_superuser", "unit_id", "commune_id", "province_id",
            "population_group_id",
        )
    }
    enrolments = defaultdict(list)
    for user_id, key, completed_at in Enrollment.objects.filter(theirs).values_list(
        "user_id", "course__translation_key", "completed_at"
    ):
        enrolments[user_id].append((str(key), completed_at))
    attempts = defaultdict(list)
    for user_id, test_id, state, passed, closed_at in (
        Attempt.objects.filter(Q(state__in=CLOSED) | Q(passed=True), theirs)
        .values_list("user_id", "assessment_id", "state", "passed", "closed_at")
    ):
        attempts[user_id].append((test_id, state in CLOSED, bool(passed), closed_at))
    result = {}
    tz = timezone.get_default_timezone()
    for user_id in ids:
        person = people.get(user_id)
        if person is None:
            result[user_id] = {}
            continue
        _pk, active, erased_at, staff, superuser, unit_id, commune_id, province_id, group_id = person
        if not (active or erased_at is not None) or staff or superuser:
            result[user_id] = {}
            continue
        result[user_id] = _share(unit_id or commune_id or province_id or 0, group_id or 0,
                                 enrolments.get(user_id, ()), attempts.get(user_id, ()), standard, tz)
    return result


def _share(place: int, group: int, enrolments, attempts, standard, tz) -> dict:
    items: dict[tuple[str, str], list[int]] = {}
    days: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    completed_any = False
    for key, completed_at in enrolments:
        row = items.setdefault((COURSE, key), [0, 0])
        row[0] += 1
        if completed_at is not None:
            row[1] += 1
            completed_any = True
            days[completed_at.astimezone(tz).date().isoformat()][1] += 1
    first_pass: dict[int, dt.datetime | None] = {}
    tried, passed_tests = set(), set()
    for test_id, closed, passed, closed_at in attempts:
        if closed:
            tried.add(test_id)
            if passed:
                passed_tests.add(test_id)
        if passed:
            if closed_at is not None and (first_pass.get(test_id) is None or closed_at < first_pass[test_id]):
                first_pass[test_id] = closed_at
            else:
                first_pass.setdefault(test_id, None)
    for test_id in tried | passed_tests:
        items[(TEST, str(test_id))] = [1 if test_id in tried else 0, 1 if test_id in passed_tests else 0]
    for closed_at in first_pass.values():
        if closed_at is not None:
            days[closed_at.astimezone(tz).date().isoformat()][0] += 1
    passed_standard = 1 if set(first_pass) & standard.get(group, set()) else 0
    basic = 1 if (first_pass or completed_any) else 0
    return {
        "p": place, "g": group, "s": [1, passed_standard, basic],
        "i": sorted([kind, item, s, d] for (kind, item), (s, d) in items.items()),
        "d": sorted([day, p, c] for day, (p, c) in days.items()),
    }


def _expand(share: dict, sign: int, into: Deltas) -> None:
    if not share:
        return
    place, group = share["p"], share["g"]
    into.add(into.groups, (place, group), share["s"], sign)
    for kind, item, started, done in share["i"]:
        into.add(into.items, (place, group, kind, item), (started, done), sign)
    for day, passes, completions in share["d"]:
        into.add(into.days, (place, day), (passes, completions), sign)


@dataclass
class Deltas:
    """Differences to add to the three counter tables, by key."""

    groups: dict = field(default_factory=dict)
    items: dict = field(default_factory=dict)
    days: dict = field(default_factory=dict)

    @staticmethod
    def add(table: dict, key, values, sign: int = 1) -> None:
        row = table.get(key)
        if row is None:
            table[key] = [sign * v for v in values]
        else:
            for i, v in enumerate(values):
                row[i] += sign * v

    def between(self, old: dict, new: dict) -> None:
        _expand(old, -1, self)
        _expand(new, 1, self)

    def nonzero(self) -> Deltas:
        return Deltas(*({k: v for k, v in table.items() if any(v)} for table in (self.groups, self.items, self.days)))

    def __bool__(self) -> bool:
        return bool(self.groups or self.items or self.days)


# --- Writing the counters ------------------------------------------------------------------------------------

_TABLES = (
    (GroupTally, ("place_id", "group_id"), ("learners", "passed_standard", "basic")),
    (ItemTally, ("place_id", "group_id", "kind", "item"), ("started", "done")),
    (DayTally, ("place_id", "day"), ("passes", "completions")),
)


def _upsert(model, keys: tuple[str, ...], counts: tuple[str, ...], rows: dict, *, add: bool) -> None:
    """``INSERT … ON CONFLICT (keys) DO UPDATE``: ``add`` the values to the counters (concurrent increments add
    up under the row lock), or set them. Rows go in key order, so two writers lock them in the same order."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = [*keys, *counts]
    setter = ", ".join(
        f"{qn(c)} = {table}.{qn(c)} + EXCLUDED.{qn(c)}" if add else f"{qn(c)} = EXCLUDED.{qn(c)}" for c in counts
    )
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    ordered = sorted(rows.items())
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), 500):
            part = ordered[start:start + 500]
            params = []
            for key, values in part:
                key = key if isinstance(key, tuple) else (key,)
                params.extend(_db_key(model, key))
                params.extend(values)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) VALUES "
                f"{', '.join([placeholders] * len(part))} "
                f"ON CONFLICT ({', '.join(qn(k) for k in keys)}) DO UPDATE SET {setter}",
                params,
            )


def _db_key(model, key: tuple) -> tuple:
    if model is DayTally:
        return (key[0], dt.date.fromisoformat(key[1]))
    return key


def _add(deltas: Deltas) -> None:
    deltas = deltas.nonzero()
    for (model, keys, counts), rows in zip(_TABLES, (deltas.groups, deltas.items, deltas.days), strict=True):
        _upsert(model, keys, counts, rows, add=True)


def _shared_lock(*, wait: bool) -> bool:
    """Take the appliers' (shared) advisory lock for this transaction; False when a reconciliation holds it."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock_shared(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def apply_learners(user_ids, *, standard=None) -> int:
    """Apply the current share of each of ``user_ids`` (inside the caller's transaction, or one of its own):
    lock their ledger rows, add ``new - recorded`` to the counters, record the new shares. Returns how many
    learners' shares changed."""
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    with transaction.atomic():
        # A row per learner first (an empty share), so that there is a row to lock even for a new learner: a
        # concurrent applier waits on the insert, then on the lock, and sees the share recorded here.
        LearnerTally.objects.bulk_create([LearnerTally(user_id=pk) for pk in ids], ignore_conflicts=True)
        recorded = dict(
            LearnerTally.objects.select_for_update().filter(user_id__in=ids).order_by("user_id")
            .values_list("user_id", "share")
        )
        fresh = shares(ids, standard=standard)
        deltas = Deltas()
        changed = []
        for pk in ids:
            old, new = recorded.get(pk) or {}, fresh.get(pk) or {}
            if old != new:
                deltas.between(old, new)
                changed.append(LearnerTally(user_id=pk, place_id=new.get("p", 0), share=new))
        _add(deltas)
        if changed:
            LearnerTally.objects.bulk_update(changed, ["place_id", "share"], batch_size=500)
        gone = [pk for pk in ids if not fresh.get(pk)]
        if gone:
            LearnerTally.objects.filter(user_id__in=gone).delete()
    return len(changed)


def note_learners(user_ids) -> None:
    """Note that these learners' facts changed (in the caller's transaction) and apply them once it commits."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return
    PendingLearner.objects.bulk_create([PendingLearner(user_id=pk) for pk in sorted(ids)])
    transaction.on_commit(_queue_apply)


QUEUED_KEY = "reporting:rollups-queued"


def _queue_apply() -> None:
    """Queue one ``apply_rollups`` task (at most one waiting at a time: the key is dropped when it starts). Runs
    inline with the immediate task backend (embedded mode). Any failure leaves the notes to the periodic job."""
    from django.core.cache import cache

    from .tasks import apply_rollups

    try:
        if cache.add(QUEUED_KEY, 1, timeout=60):
            apply_rollups.enqueue()
    except Exception:  # noqa: BLE001 - the periodic job applies what is noted; a page never fails for this
        log.exception("rollups: could not queue the apply task")


def apply_pending(*, limit: int | None = None) -> int:
    """Apply the noted learners, ``BATCH`` per transaction, and delete their notes. Returns how many notes were
    applied; stops early (0) while a reconciliation runs."""
    from django.core.cache import cache

    try:
        cache.delete(QUEUED_KEY)  # a note committed from now on queues another task
    except Exception:  # noqa: BLE001
        pass
    done = 0
    standard = standard_tests()
    while limit is None or done < limit:
        notes = list(PendingLearner.objects.order_by("pk").values_list("pk", "user_id")[:BATCH])
        if not notes:
            break
        with transaction.atomic():
            if not _shared_lock(wait=False):
                return done
            apply_learners([user_id for _pk, user_id in notes], standard=standard)
            PendingLearner.objects.filter(pk__in=[pk for pk, _user in notes]).delete()
        done += len(notes)
    return done


# --- Reconciliation --------------------------------------------------------------------------------------------


@dataclass
class Reconciled:
    learners: int = 0  # learners whose recorded share differed from the facts
    counters: int = 0  # counter rows rewritten or deleted
    checked: int = 0  # learners checked


def reconcile(*, rebuild: bool = False, chunk: int = CHUNK) -> Reconciled:
    """Recompute every learner's share from the facts, repair the ledger where it differs, then rewrite every
    counter that differs from the sum of the shares. ``rebuild`` starts from empty tables (``manage.py
    rebuild_rollups``). Safe while the site runs: facts keep changing (their notes wait), appliers pause."""
    report = Reconciled()
    locked = _exclusive_lock()
    try:
        if rebuild:
            with transaction.atomic():
                for model in (GroupTally, ItemTally, DayTally, LearnerTally):
                    model.objects.all().delete()
        noted = list(PendingLearner.objects.values_list("pk", flat=True))
        standard = standard_tests()
        expected = Deltas()
        last = 0
        top = max(User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
                  LearnerTally.objects.order_by("-user_id").values_list("user_id", flat=True).first() or 0)
        while True:
            with transaction.atomic():
                upper = last + chunk
                user_ids = list(User.objects.filter(pk__gt=last, pk__lte=upper).values_list("pk", flat=True))
                recorded = dict(LearnerTally.objects.filter(user_id__gt=last, user_id__lte=upper)
                                .values_list("user_id", "share"))
                ids = sorted(set(user_ids) | set(recorded))
                fresh = shares(ids, standard=standard, between=(last + 1, upper))
                changed, gone = [], []
                repairs = Deltas()
                for pk in ids:
                    new = fresh.get(pk) or {}
                    _expand(new, 1, expected)
                    old = recorded.get(pk)
                    if (old or {}) != new and not rebuild:
                        repairs.between(old or {}, new)  # the counters follow the ledger at every step
                    if not new:
                        if old is not None:
                            gone.append(pk)
                            report.learners += bool(old)
                    elif old != new:
                        changed.append(LearnerTally(user_id=pk, place_id=new["p"], share=new))
                        report.learners += 1
                _add(repairs)
                LearnerTally.objects.bulk_create(
                    changed, batch_size=1000, update_conflicts=True, unique_fields=["user_id"],
                    update_fields=["place_id", "share"],
                )
                if gone:
                    LearnerTally.objects.filter(user_id__in=gone).delete()
                report.checked += len(ids)
            last = upper
            if last >= top:
                break
        with transaction.atomic():
            expected = expected.nonzero()
            for (model, keys, counts), want in zip(
                _TABLES, (expected.groups, expected.items, expected.days), strict=True
            ):
                report.counters += _rewrite(model, keys, counts, want)
            PendingLearner.objects.filter(pk__in=noted).delete()
            RollupState.objects.update_or_create(key="standard", defaults={"value": _as_json(standard)})
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    return report


def _exclusive_lock() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    return True


def _rewrite(model, keys, counts, want: dict) -> int:
    """Make ``model``'s rows equal ``want`` (key → counts); returns how many rows were written or deleted."""
    have = {}
    stale = []
    for row in model.objects.values_list("pk", *keys, *counts).iterator(chunk_size=5000):
        key = tuple(row[1:1 + len(keys)])
        if model is DayTally:
            key = (key[0], key[1].isoformat())
        values = list(row[1 + len(keys):])
        if key in want:
            have[key] = values
        elif any(values):
            stale.append(row[0])
    wrong = {key: values for key, values in want.items() if have.get(key) != values}
    _upsert(model, keys, counts, wrong, add=False)
    if stale:
        model.objects.filter(pk__in=stale).delete()
    return len(wrong) + len(stale)


# --- Reading -------------------------------------------------------------------------------------------------


class Tallies:
    """The counters of the places under ``paths`` (unit path prefixes; ``None`` = everywhere, people with no place
    included), with the pending learners' differences added. Read in one snapshot."""

    def __init__(self, paths: list[str] | None):
        from lms.organisations.models import Unit

        self.paths = paths
        self.everywhere = paths is None
        if self.everywhere:
            self.places = None
        else:
            q = Q(pk__in=[])
            for path in paths:
                q |= Q(path__startswith=path)
            self._units = Unit.objects.filter(q)
        self.pending = Deltas()
        self._place_paths: dict[int, str] = {}

    # The place filter (a subquery on the unit tree's path index) for a counters queryset.
    def _scoped(self, qs):
        if self.everywhere:
            return qs
        return qs.filter(place_id__in=self._units.values("pk"))

    def load_pending(self) -> None:
        """The not-yet-applied differences of the noted learners (in this snapshot)."""
        user_ids = list(PendingLearner.objects.values_list("user_id", flat=True).distinct()[:FOLD_LIMIT + 1])
        if not user_ids:
            return
        if len(user_ids) > FOLD_LIMIT:
            log.warning("rollups: %s learners or more pending; dashboards show the counters as they are", FOLD_LIMIT)
            return
        recorded = dict(LearnerTally.objects.filter(user_id__in=user_ids).values_list("user_id", "share"))
        fresh = shares(user_ids)
        deltas = Deltas()
        for pk in user_ids:
            deltas.between(recorded.get(pk) or {}, fresh.get(pk) or {})
        deltas = deltas.nonzero()
        if not self.everywhere:
            from lms.organisations.models import Unit

            places = {key[0] for table in (deltas.groups, deltas.items, deltas.days) for key in table}
            paths = dict(Unit.objects.filter(pk__in=places).values_list("pk", "path"))
            inside = {pk for pk, path in paths.items() if any(path.startswith(p) for p in self.paths)}
            deltas = Deltas(*({k: v for k, v in table.items() if k[0] in inside}
                              for table in (deltas.groups, deltas.items, deltas.days)))
        self.pending = deltas

    def group_rows(self) -> dict[tuple[int, int], list[int]]:
        """(place, group) → [learners, passed standard, basic]."""
        rows: dict = {}
        for place, group, *values in self._scoped(GroupTally.objects.all()).values_list(
            "place_id", "group_id", "learners", "passed_standard", "basic"
        ):
            Deltas.add(rows, (place, group), values)
        for key, values in self.pending.groups.items():
            Deltas.add(rows, key, values)
        return rows

    def item_rows_by_place(self) -> dict[tuple[int, str, str], list[int]]:
        """(place, kind, item) → [started, done], every group added up (one query for the courses' and tests'
        totals and the child units' enrolments)."""
        rows: dict = {}
        for place, kind, item, started, done in (
            self._scoped(ItemTally.objects.all()).values("place_id", "kind", "item")
            .annotate(s=Sum("started"), d=Sum("done")).values_list("place_id", "kind", "item", "s", "d").order_by()
        ):
            rows[(place, kind, item)] = [started or 0, done or 0]
        for (place, _group, kind, item), values in self.pending.items.items():
            Deltas.add(rows, (place, kind, item), values)
        return rows

    def item_rows(self, wanted: set[tuple[str, str]]) -> dict[tuple[int, int, str, str], list[int]]:
        """(place, group, kind, item) → [started, done] for the items ``wanted``."""
        if not wanted:
            return {}
        q = Q(pk__in=[])
        for kind, item in wanted:
            q |= Q(kind=kind, item=item)
        rows: dict = {}
        for place, group, kind, item, *values in self._scoped(ItemTally.objects.filter(q)).values_list(
            "place_id", "group_id", "kind", "item", "started", "done"
        ):
            Deltas.add(rows, (place, group, kind, item), values)
        for key, values in self.pending.items.items():
            if (key[2], key[3]) in wanted:
                Deltas.add(rows, key, values)
        return rows

    def days(self, first: dt.date, last: dt.date) -> dict[dt.date, list[int]]:
        """Local day → [tests passed, courses completed], ``first`` to ``last`` inclusive."""
        rows: dict = {}
        for day, passes, completions in (
            self._scoped(DayTally.objects.filter(day__gte=first, day__lte=last)).values("day")
            .annotate(p=Sum("passes"), c=Sum("completions")).values_list("day", "p", "c").order_by()
        ):
            rows[day] = [passes or 0, completions or 0]
        for (_place, day), values in self.pending.days.items():
            day = dt.date.fromisoformat(day)
            if first <= day <= last:
                Deltas.add(rows, day, values)
        return rows

    def place_paths(self, places) -> dict[int, str]:
        """place → its path, for the places given (read once: the scope's units by their path prefix, with no
        list of ids to send; everywhere, the places asked for)."""
        from lms.organisations.models import Unit

        if not self.everywhere:
            if not self._place_paths:
                self._place_paths = dict(self._units.values_list("pk", "path"))
        else:
            missing = {pk for pk in places if pk and pk not in self._place_paths}
            if missing:
                self._place_paths.update(Unit.objects.filter(pk__in=missing).values_list("pk", "path"))
        return {pk: self._place_paths[pk] for pk in places if pk in self._place_paths}


def snapshot():
    """A context for reading counters and pending notes in one snapshot: REPEATABLE READ on PostgreSQL (unless a
    transaction is already open there, whose isolation stands), a plain transaction elsewhere. On the database
    the counters are read from (the replica on managers' pages, when there is one)."""
    return _Snapshot(router.db_for_read(GroupTally) or "default")


class _Snapshot:
    def __init__(self, alias: str):
        self.alias = alias

    def __enter__(self):
        conn = connections[self.alias]
        fresh = not conn.in_atomic_block
        self.atomic = transaction.atomic(using=self.alias)
        self.atomic.__enter__()
        if fresh and conn.vendor == "postgresql":
            with conn.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return self

    def __exit__(self, *exc):
        return self.atomic.__exit__(*exc)
