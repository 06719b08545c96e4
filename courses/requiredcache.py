"""*Bắt buộc đối với tôi* per learner in one cache entry (issue 17): ``selectors.required_for(user)`` kept with the
*stamp* it was computed for, read in the same round trip as the stamp's parts, so that *Học tập của tôi* shows the
requirements with no SQL on a warm cache, from the normal path and from the fast lane alike
(``courses/fastlane_pages.py``). The entry is used only while its stamp is the current one:

- the requirements generation (``lms.organisations.selectors.REQUIREMENTS_GENERATION_KEY``): any requirement saved
  or deleted, its groups changed, a unit saved or deleted;
- the learner's progress version (``courses.learnercache``): a course completed, an enrolment changed;
- the learner's attempts version (``quizzes.testcards``): an attempt started, saved, scored (a test passed) or
  deleted;
- the publish generation (``lms.pagecache``: a course's title, its lessons) and the bank generation
  (``quizzes.drawpool``: a test's title or slug);
- the learner's unit, commune, province and population group (the user object, itself re-read when saved);
- today's date in the site's time zone (a deadline passing at midnight) and the active language.

A part missing (the cache unreachable or a version not created yet): the rows are read from the database and not
kept. Nothing read inside a transaction of the code is kept (it may still roll back).
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.utils import timezone, translation

from lms import pagecache
from lms.organisations import selectors as org_selectors
from quizzes import drawpool, testcards

from . import learnercache

TIMEOUT = 24 * 60 * 60
_local = threading.local()


@dataclass(frozen=True)
class Progress:
    """What the page shows of a required course's progress (``templates/courses/includes/progress.html``): kept
    instead of the ``CourseProgress`` with its lessons, so that an entry does not grow with a course's lessons."""

    done: int
    total: int
    percent: int


def _slim(item):
    """The item as the page reads it, small: the progress's three numbers, the course without its body."""
    course = item.course
    if course is not None and "body" in course.__dict__:
        course = copy.copy(course)
        course.__dict__.pop("body", None)
    progress = item.progress
    if progress is not None:
        progress = Progress(done=progress.done, total=progress.total, percent=progress.percent)
    return replace(item, course=course, progress=progress)


def entry_key(user_id) -> str:
    return f"required:{user_id}"


def prefetch_keys(user_id) -> list[str]:
    """Read by the fast lane with the learner's other keys (one round trip)."""
    return [org_selectors.ANY_REQUIREMENT_KEY, org_selectors.REQUIREMENTS_GENERATION_KEY, entry_key(user_id),
            learnercache.version_key(user_id), testcards.version_key(user_id), pagecache.GENERATION_KEY,
            drawpool.GENERATION_KEY]


def prime(user_id, found: dict) -> None:
    _local.prefetched = (user_id, found)


def forget_prefetched(**_kwargs) -> None:
    _local.prefetched = None


def _found(user_id) -> dict:
    prefetched = getattr(_local, "prefetched", None)
    if prefetched is not None and prefetched[0] == user_id:
        _local.prefetched = None
        return prefetched[1]
    return cache.get_many(prefetch_keys(user_id)) or {}


def _stamp(user, found: dict, today) -> tuple | None:
    generation = found.get(org_selectors.REQUIREMENTS_GENERATION_KEY)
    if generation is None:
        generation = org_selectors.requirements_generation()
    parts = (generation, found.get(learnercache.version_key(user.pk)), found.get(testcards.version_key(user.pk)),
             found.get(pagecache.GENERATION_KEY), found.get(drawpool.GENERATION_KEY))
    if any(part is None for part in parts):
        return None
    return (*parts, user.unit_id, user.commune_id, user.province_id, user.population_group_id, today.isoformat(),
            translation.get_language())


def required_for(user) -> list:
    """``selectors.required_for(user=user)`` for the signed-in ``user``, from the cache when current; ``[]`` while
    no requirement is active on the site."""
    from . import selectors

    if user is None or not user.is_authenticated:
        return []
    found = _found(user.pk)
    active = found.get(org_selectors.ANY_REQUIREMENT_KEY)
    if active is None:
        active = org_selectors.any_active_requirement()
    if not active:
        return []
    today = timezone.localdate()
    stamp = _stamp(user, found, today)
    entry = found.get(entry_key(user.pk))
    if stamp is not None and entry is not None and entry[0] == stamp:
        return entry[1]
    items = [_slim(item) for item in selectors.required_for(user=user, today=today)]
    if stamp is not None and not learnercache._in_transaction():
        cache.set(entry_key(user.pk), (stamp, items), TIMEOUT)
    return items
