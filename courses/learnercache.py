"""A learner's own progress records in one cache entry: their enrolments, the lessons they completed and their
knowledge-check submissions. The selectors read them from here (``courses.selectors``):
one cache round trip instead of three queries on every lesson, course, home and *Học tập của tôi* page.

Correctness first: a learner sees their own latest progress at once.

- The entry records the learner's *version* (``learner:v:<user id>``), read together with it (``get_many``). A
  change of one of their rows (enrolment, completion, submission: ``post_save`` / ``post_delete``) starts a new
  version at once and again after its transaction commits, so an entry read from the database before the commit
  is never taken for the current one. The rows are re-read on the next page.
- A visit (an enrolment saved with only ``last_lesson`` / ``last_activity_at``, on every lesson opened) is
  written through into the entry instead: reading a course does not empty the learner's cache at each page.
- Rows changed without signals (``bulk_create``, ``QuerySet.update``: the demo loader only) are seen when the
  entry expires (``TIMEOUT``) or the learner's next change.
- Rows read inside a transaction of the code are never stored (it may still roll back).
- The cache unreachable: no version, so every read goes to the database as before.
"""

from __future__ import annotations

import copy
import threading
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from .models import Enrollment, KnowledgeCheckSubmission, LessonCompletion

TIMEOUT = 60 * 60
VISIT_FIELDS = frozenset({"last_lesson", "last_activity_at"})
MAX_OVERLAID = 50  # enrolments' visits kept in the overlay (the most recent ones)


def entry_key(user_id) -> str:
    return f"learner:{user_id}"


def visits_key(user_id) -> str:
    """The learner's recent visits laid over the entry: ``{enrolment id: (lesson id, at)}`` (``visit_overlaid``)."""
    return f"learner:visits:{user_id}"


def version_key(user_id) -> str:
    return f"learner:v:{user_id}"


@dataclass
class LearnerRecords:
    enrollments: dict  # course translation_key -> Enrollment (course and last lesson read with it)
    done: frozenset  # translation keys of the lessons completed
    checks: dict = field(default_factory=dict)  # lesson pk -> knowledge-check submissions, oldest first


def prefetch_keys(user_id) -> list[str]:
    """The keys ``records`` reads, for a caller that reads them with its own (``lms.fastlane``: one round trip)."""
    return [version_key(user_id), entry_key(user_id), visits_key(user_id)]


def prime(user_id, found: dict) -> None:
    """``found``: what a caller read of ``prefetch_keys`` (the request's first ``records`` uses it)."""
    _local.prefetched = (user_id, found)


def _read(user_id) -> tuple[str | None, LearnerRecords | None]:
    vkey, key, overlay_key = version_key(user_id), entry_key(user_id), visits_key(user_id)
    prefetched = getattr(_local, "prefetched", None)
    if prefetched is not None and prefetched[0] == user_id:
        _local.prefetched = None
        found = prefetched[1]
    else:
        found = cache.get_many([vkey, key, overlay_key])
    overlays = getattr(_local, "overlays", None)
    if overlays is not None:
        overlays[user_id] = found.get(overlay_key) or {}
    version = found.get(vkey)
    if version is None:
        cache.add(vkey, uuid.uuid4().hex, timeout=None)
        return cache.get(vkey), None  # still None: the cache is unreachable
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        _lay_over(entry[1].enrollments.values(), found.get(overlay_key) or {})
        return version, entry[1]
    return version, None


def _lay_over(enrollments, overlay: dict) -> None:
    """Visits (``visit_overlaid``'s overlay, the pending ones of ``courses.visits``) not older than what an enrolment
    says replace it."""
    if not overlay:
        return
    for enrollment in enrollments:
        visit = overlay.get(enrollment.pk)
        if visit is None:
            continue
        lesson_id, at = visit
        if enrollment.last_activity_at is not None and enrollment.last_activity_at > at:
            continue
        if enrollment.last_lesson_id != lesson_id:
            field = Enrollment.last_lesson.field
            if field.is_cached(enrollment):
                field.delete_cached_value(enrollment)
            enrollment.last_lesson_id = lesson_id
        enrollment.last_activity_at = at


def _load(user) -> LearnerRecords:
    enrollments = {
        enrollment.course.translation_key: enrollment
        for enrollment in Enrollment.objects.filter(user=user).select_related("course").order_by("pk")
    }
    _lay_over_pending_visits(enrollments.values())
    done = frozenset(LessonCompletion.objects.filter(user=user).values_list("lesson__translation_key", flat=True))
    checks: dict = {}
    for submission in KnowledgeCheckSubmission.objects.filter(user=user).order_by("submitted_at", "pk"):
        checks.setdefault(submission.lesson_id, []).append(submission)
    return LearnerRecords(enrollments=enrollments, done=done, checks=checks)


def _lay_over_pending_visits(enrollments) -> None:
    """Visits not yet written to the database (``courses.visits``) replace older ones read from it."""
    from . import visits  # that module writes through into this one

    enrollments = list(enrollments)
    _lay_over(enrollments, visits.pending_for(enrollment.pk for enrollment in enrollments) if enrollments else {})


# What this thread read during the current request, by user id: a page asks several times (progress, checks,
# the visit) and pays one round trip. Only between request_started and request_finished (a task worker never
# keeps one: another process may change the rows), and emptied when the learner's rows change.
_local = threading.local()


def _memo() -> dict:
    memo = getattr(_local, "records", None)
    return memo if memo is not None else {}


def request_started(**_kwargs) -> None:
    _local.records = {}
    _local.overlays = {}
    _local.prefetched = None


def request_finished(**_kwargs) -> None:
    _local.records = None
    _local.overlays = None
    _local.prefetched = None


def records(user) -> LearnerRecords:
    """The learner's enrolments, completed lessons and check submissions, from the cache when current."""
    memo = _memo()
    if user.pk in memo:
        return memo[user.pk][1]
    version, found = _read(user.pk)
    if found is None:
        found = _load(user)
        if _in_transaction():
            return found  # rows this transaction may still roll back: never kept
        if version is not None:
            cache.set(entry_key(user.pk), (version, found), TIMEOUT)
    if version is not None:
        memo[user.pk] = (version, found)
    return found


def _in_transaction() -> bool:
    """Inside an atomic block of the code (not one a test case wraps every test in)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


def submissions(user, lesson) -> list:
    """The learner's knowledge-check submissions to ``lesson`` (a default-locale page), oldest first."""
    return records(user).checks.get(lesson.pk, [])


def forget(user_id) -> None:
    """The learner's records changed: a new version now, and another once the change is committed."""

    def new_version():
        _memo().pop(user_id, None)
        cache.set(version_key(user_id), uuid.uuid4().hex, timeout=None)

    new_version()
    transaction.on_commit(new_version)


def _visit_only(update_fields) -> bool:
    return update_fields is not None and frozenset(update_fields) <= VISIT_FIELDS


def enrollment_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if created or not _visit_only(update_fields):
        forget(instance.user_id)
        return
    if _in_transaction():
        forget(instance.user_id)
        return
    memo = _memo()
    version, found = memo[instance.user_id] if instance.user_id in memo else _read(instance.user_id)
    if found is None:
        return
    cached = next((e for e in found.enrollments.values() if e.pk == instance.pk), None)
    if cached is None:
        forget(instance.user_id)
        return
    cached.last_activity_at = instance.last_activity_at
    if cached.last_lesson_id != instance.last_lesson_id:
        cached.last_lesson_id = instance.last_lesson_id
        field = Enrollment.last_lesson.field
        lesson = field.get_cached_value(instance, None)  # the caller set it: no query
        if lesson is not None:
            lesson = copy.copy(lesson)
            lesson.__dict__.pop("body", None)  # kept small: the body is read again only if asked for
            field.set_cached_value(cached, lesson)
        elif field.is_cached(cached):
            field.delete_cached_value(cached)
    cache.set(entry_key(instance.user_id), (version, found), TIMEOUT)


def visit_recorded(enrollment, *, pipeline=None) -> None:
    """A visit written through into the learner's entry (``courses.visits``; no signal: the row is written later).
    The entry is left alone when the learner's rows change in a transaction of the code or the entry is not there
    (it will be read again, pending visits included)."""
    if _in_transaction():
        forget(enrollment.user_id)
        return
    memo = _memo()
    version, found = memo[enrollment.user_id] if enrollment.user_id in memo else _read(enrollment.user_id)
    if found is None or version is None:
        return
    cached = next((e for e in found.enrollments.values() if e.pk == enrollment.pk), None)
    if cached is None:
        forget(enrollment.user_id)
        return
    cached.last_activity_at = enrollment.last_activity_at
    if cached.last_lesson_id != enrollment.last_lesson_id:
        cached.last_lesson_id = enrollment.last_lesson_id
        field = Enrollment.last_lesson.field
        lesson = field.get_cached_value(enrollment, None)
        if lesson is not None:
            lesson = copy.copy(lesson)
            lesson.__dict__.pop("body", None)
            field.set_cached_value(cached, lesson)
        elif field.is_cached(cached):
            field.delete_cached_value(cached)
    if pipeline is not None:  # sent with the visit's own write (courses.visits): one round trip for both
        cache.client.set(entry_key(enrollment.user_id), (version, found), TIMEOUT, client=pipeline)
    else:
        cache.set(entry_key(enrollment.user_id), (version, found), TIMEOUT)


def visit_overlaid(enrollment, *, pipeline) -> None:
    """A visit laid over the learner's entry through the small ``visits_key`` entry, sent in the visit's own round
    trip (``courses.visits``): the entry itself, with its enrolments and courses, is not written again on every
    lesson opened. The overlay is read with the entry (``prefetch_keys``) and applied by ``records``."""
    overlays = getattr(_local, "overlays", None)
    overlay = overlays.get(enrollment.user_id) if overlays is not None else None
    if overlay is None:
        overlay = cache.get(visits_key(enrollment.user_id)) or {}
    overlay = {**overlay, enrollment.pk: (enrollment.last_lesson_id, enrollment.last_activity_at)}
    if len(overlay) > MAX_OVERLAID:
        overlay = dict(sorted(overlay.items(), key=lambda item: item[1][1])[-MAX_OVERLAID:])
    if overlays is not None:
        overlays[enrollment.user_id] = overlay
    memo = _memo()
    if enrollment.user_id in memo:
        _lay_over(memo[enrollment.user_id][1].enrollments.values(), overlay)
    cache.client.set(visits_key(enrollment.user_id), overlay, TIMEOUT, client=pipeline)


def row_changed(sender, instance, **kwargs) -> None:
    forget(instance.user_id)
