"""Lesson visits recorded in batches (issue 17): opening a lesson no longer writes to the database.

A visit (the enrolment's ``last_lesson`` and ``last_activity_at``: where the learner was, what orders *Học tập của
tôi*) is

1. laid over the learner's cache entry at once (``courses.learnercache.visit_overlaid``: a small entry of their
   recent visits, read with the big one): the learner sees it on their next page;
2. put into one Redis hash of pending visits, field = enrolment id, value = ``user:lesson:microseconds``: a later
   visit of the same enrolment replaces an earlier one, so the hash holds at most one line per enrolment;
3. written to the database by ``flush`` (a periodic job, ``settings.PERIODIC_JOBS``, run by the scheduler): one
   transaction of UPDATEs, each applied only when the row's ``last_activity_at`` is not newer than the visit;
   after the commit each field is removed *only if it still holds the value flushed* (a visit that arrived in
   between stays for the next flush).

Never lost, never doubled: a flush that dies before its commit leaves the hash as it was; one that dies after the
commit and before the removal writes the same values again next time (an UPDATE to the same values is harmless).
A learner's entry read from the database while visits are pending gets them laid over (``pending_for``), so a
reload of the entry (a completion elsewhere) does not step back.

Without Redis (the embedded mode, SQLite, a cache that is not Redis) the visit is written to the database at once
(one UPDATE, no re-read), as before.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger("courses.visits")

PENDING_KEY = "visits:pending"
BATCH = 2000

# Compare-and-delete: remove each field whose value is still the one flushed.
_DELETE_IF_SAME = """
local removed = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then
    removed = removed + redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
return removed
"""


def _redis():
    """The raw Redis client of the default cache, or ``None`` when the cache is not Redis."""
    client = getattr(cache, "client", None)
    if client is None or not hasattr(client, "get_client"):
        return None
    try:
        return client.get_client(write=True)
    except Exception:  # noqa: BLE001 - Redis unreachable: the visit goes to the database
        return None


def _key() -> str:
    return cache.make_key(PENDING_KEY)


def _encode(user_id, lesson_id, at: dt.datetime) -> str:
    return f"{user_id}:{lesson_id}:{int(at.timestamp() * 1_000_000)}"


def _decode(value) -> tuple[int, int, dt.datetime]:
    text = value.decode() if isinstance(value, bytes) else value
    user_id, lesson_id, micros = text.split(":")
    at = dt.datetime.fromtimestamp(int(micros) / 1_000_000, tz=dt.UTC)
    return int(user_id), int(lesson_id), at


def record(*, enrollment, lesson_id: int, lesson=None) -> None:
    """The learner opened lesson ``lesson_id`` (a default-locale lesson) of ``enrollment``'s course."""
    from . import learnercache
    from .models import Enrollment

    at = timezone.now()
    redis = _redis() if not transaction.get_connection().in_atomic_block or _testcase_only() else None
    pipeline = redis.pipeline(transaction=False) if redis is not None else None
    if pipeline is None:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson_id=lesson_id, last_activity_at=at)
    enrollment.last_lesson_id = lesson_id
    enrollment.last_activity_at = at
    field = enrollment._meta.get_field("last_lesson")
    if lesson is not None:
        field.set_cached_value(enrollment, lesson)
    elif field.is_cached(enrollment):
        field.delete_cached_value(enrollment)
    if pipeline is None:
        learnercache.visit_recorded(enrollment)
        return
    # The pending visit first, then the learner's overlay of visits, in one round trip.
    pipeline.hset(_key(), str(enrollment.pk), _encode(enrollment.user_id, lesson_id, at))
    learnercache.visit_overlaid(enrollment, pipeline=pipeline)
    try:
        pipeline.execute()
    except Exception:  # noqa: BLE001 - Redis unreachable: the database at once, the entry forgotten
        logger.warning("visits: Redis unreachable, visit written at once")
        Enrollment.objects.filter(pk=enrollment.pk).update(last_lesson_id=lesson_id, last_activity_at=at)
        learnercache.forget(enrollment.user_id)


def _testcase_only() -> bool:
    connection = transaction.get_connection()
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def pending_for(enrollment_ids) -> dict[int, tuple[int, dt.datetime]]:
    """Visits not flushed yet of these enrolments: ``{enrolment id: (lesson id, at)}``."""
    ids = [str(pk) for pk in enrollment_ids]
    redis = _redis() if ids else None
    if redis is None:
        return {}
    try:
        values = redis.hmget(_key(), ids)
    except Exception:  # noqa: BLE001
        return {}
    found = {}
    for pk, value in zip(ids, values, strict=True):
        if value is not None:
            _user, lesson_id, at = _decode(value)
            found[int(pk)] = (lesson_id, at)
    return found


def flush(*, limit: int | None = None) -> int:
    """Write the pending visits to the database (see the module). Returns how many were written."""
    from .models import Enrollment, LessonPage

    redis = _redis()
    if redis is None:
        return 0
    key = _key()
    written = 0
    pending = redis.hgetall(key)
    items = list(pending.items())[: limit or None]
    for start in range(0, len(items), BATCH):
        batch = items[start:start + BATCH]
        decoded = []
        for field, value in batch:
            try:
                decoded.append((int(field), *_decode(value)))
            except (ValueError, TypeError):
                logger.warning("visits: unreadable pending value %r for %r dropped", value, field)
                redis.hdel(key, field)
        live = set(LessonPage.objects.filter(pk__in={lesson for _e, _u, lesson, _at in decoded})
                   .values_list("pk", flat=True))
        with transaction.atomic():
            for enrollment_id, _user_id, lesson_id, at in decoded:
                Enrollment.objects.filter(pk=enrollment_id).filter(
                    Q(last_activity_at__lte=at) | Q(last_activity_at__isnull=True)
                ).update(last_lesson_id=lesson_id if lesson_id in live else None, last_activity_at=at)
        arguments = []
        for field, value in batch:
            arguments += [field, value]
        if arguments:
            redis.eval(_DELETE_IF_SAME, 1, key, *arguments)
        written += len(decoded)
    return written
