"""The standard tests as the home page lists them (``selectors.standard_tests_for`` semantics), from two caches
instead of two queries per page, so that the signed-in home page can be served from the fast lane (issue 17,
``courses/fastpages.py``) with the very values the normal path renders:

- ``published_tests()``: every live, published test in title order with its population groups and its window,
  per bank *generation* (``drawpool.GENERATION_KEY``: any save or delete of a test, or a change of its groups,
  starts a new one). The window is applied at each request (``cards``), so a test opening at 8:00 is listed at
  8:00 whatever was cached before.
- ``open_attempts(user)``: the learner's attempts in progress (id, test, deadline), with a *version* read in the
  same round trip, renewed when one of their attempts is created, saved, closed (``attempt_scored``) or deleted,
  at once and again after the commit (as ``courses.learnercache``): an entry read before the commit is never
  taken for the current one, and nothing read inside a transaction of the code is kept.
"""

from __future__ import annotations

import math
import threading
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import drawpool
from .models import Assessment, Attempt

TIMEOUT = 24 * 60 * 60  # a few bytes per learner; versioned, so never stale
PUBLISHED_KEY = "quizzes:published-tests"


@dataclass(frozen=True)
class PublishedTest:
    pk: int
    title: str
    slug: str
    groups: frozenset
    available_from: object = None
    available_until: object = None

    def is_open(self, now) -> bool:
        return ((self.available_from is None or self.available_from <= now)
                and (self.available_until is None or self.available_until > now))


@dataclass(frozen=True)
class OpenAttempt:
    pk: int
    assessment_id: int
    deadline: object = None


@dataclass
class TestCard:
    """What ``quizzes/includes/test_card.html`` reads of a test on the home page."""

    pk: int
    title: str
    slug: str
    is_mine: bool = False
    open_attempt: OpenAttempt | None = None
    minutes_left: int | None = None


def published_tests() -> tuple[object, tuple[PublishedTest, ...]]:
    """The bank generation and the live, published tests in title order (the order of
    ``selectors.assessment_list_for_user``) as of that generation (read before the rows)."""
    found = cache.get_many([drawpool.GENERATION_KEY, PUBLISHED_KEY])
    generation = found.get(drawpool.GENERATION_KEY)
    entry = found.get(PUBLISHED_KEY)
    if generation is not None and entry is not None and entry[0] == generation:
        return generation, entry[1]
    generation = drawpool._generation(found)
    rows = list(Assessment.objects.filter(live=True, is_published=True).order_by("title")
                .values_list("pk", "title", "slug", "available_from", "available_until"))
    groups: dict[int, set] = {}
    through = Assessment.population_groups.through
    for test_id, group_id in through.objects.filter(assessment_id__in=[row[0] for row in rows]).values_list(
            "assessment_id", "populationgroup_id"):
        groups.setdefault(test_id, set()).add(group_id)
    tests = tuple(PublishedTest(pk=pk, title=title, slug=slug, groups=frozenset(groups.get(pk, ())),
                                available_from=start, available_until=end)
                  for pk, title, slug, start, end in rows)
    if generation is not None and not _in_transaction():
        cache.set(PUBLISHED_KEY, (generation, tests), TIMEOUT)
    return generation, tests


def cards(*, tests, group_id, attempts, now, limit: int | None) -> list[TestCard]:
    """The tests open at ``now`` as ``standard_tests_for`` lists them: the learner's group's first (then by title),
    ``limit`` of them, each with the learner's attempt in progress whose time is not up and the minutes left."""
    shown = [test for test in tests if test.is_open(now)]
    mine = [test for test in shown if group_id and group_id in test.groups]
    if group_id:
        shown = mine + [test for test in shown if group_id not in test.groups]
    if limit:
        shown = shown[:limit]
    first_open: dict[int, OpenAttempt] = {}
    for attempt in attempts:  # oldest first
        if attempt.deadline is None or attempt.deadline > now:
            first_open.setdefault(attempt.assessment_id, attempt)
    out = []
    for test in shown:
        attempt = first_open.get(test.pk)
        minutes = None
        if attempt is not None and attempt.deadline:
            minutes = max(1, math.ceil((attempt.deadline - now).total_seconds() / 60))
        out.append(TestCard(pk=test.pk, title=test.title, slug=test.slug, is_mine=bool(group_id) and group_id in test.groups,
                            open_attempt=attempt, minutes_left=minutes))
    return out


def variant(shown: list[TestCard]) -> tuple[int, ...]:
    """Everything of the learner in the cards, as flat integers (the fast lane's variant of the tests part)."""
    out: list[int] = []
    for card in shown:
        out += [card.pk, int(card.is_mine), card.open_attempt.pk if card.open_attempt else 0, card.minutes_left or 0]
    return tuple(out)


@dataclass
class HomeTests:
    cards: list[TestCard]
    tests: tuple[PublishedTest, ...]  # what they were chosen from (kept by the fast lane with the page)
    generation: object  # the bank generation of ``tests``


def for_home(*, user, limit: int, now=None) -> HomeTests:
    """The home page's tests for ``user`` (anonymous: no group, no attempts)."""
    now = now or timezone.now()
    authenticated = getattr(user, "is_authenticated", False)
    generation, tests = published_tests()
    shown = cards(tests=tests, group_id=getattr(user, "population_group_id", None) if authenticated else None,
                  attempts=open_attempts(user) if authenticated else (), now=now, limit=limit)
    return HomeTests(cards=shown, tests=tests, generation=generation)


# --- the learner's attempts in progress ---------------------------------------------------------------------------


def version_key(user_id) -> str:
    return f"quizzes:open:v:{user_id}"


def entry_key(user_id) -> str:
    return f"quizzes:open:{user_id}"


_local = threading.local()


def prefetch_keys(user_id) -> list[str]:
    """Read by the fast lane with its entry (``lms.fastlane.register_prefetch``): the learner's attempts in
    progress and the bank generation."""
    return [version_key(user_id), entry_key(user_id), drawpool.GENERATION_KEY]


def prime(user_id, found: dict) -> None:
    _local.prefetched = (user_id, found)


def forget_prefetched(**_kwargs) -> None:
    _local.prefetched = None


def prefetched(user_id) -> tuple[tuple[OpenAttempt, ...] | None, object]:
    """What the fast lane read for this learner (``prime``): their attempts in progress when the entry is current
    (else ``None``), and the bank generation (``None`` when unknown)."""
    found = getattr(_local, "prefetched", None)
    if found is None or found[0] != user_id:
        return None, None
    found = found[1]
    version, entry = found.get(version_key(user_id)), found.get(entry_key(user_id))
    attempts = entry[1] if version is not None and entry is not None and entry[0] == version else None
    return attempts, found.get(drawpool.GENERATION_KEY)


def open_attempts(user) -> tuple[OpenAttempt, ...]:
    """The learner's attempts in progress, oldest first (time not checked: ``cards`` does it at each request)."""
    vkey, key = version_key(user.pk), entry_key(user.pk)
    found = cache.get_many([vkey, key])
    version = found.get(vkey)
    if version is None:
        cache.add(vkey, uuid.uuid4().hex, timeout=None)
        version = cache.get(vkey)  # still None: the cache is unreachable
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    rows = tuple(OpenAttempt(pk=pk, assessment_id=test_id, deadline=deadline) for pk, test_id, deadline in
                 Attempt.objects.filter(user=user, state=Attempt.State.IN_PROGRESS).order_by("started_at", "pk")
                 .values_list("pk", "assessment_id", "deadline"))
    if version is not None and not _in_transaction():
        cache.set(key, (version, rows), TIMEOUT)
    return rows


def signed_in(sender, request, user, **kwargs) -> None:
    """Read at sign-in, so that the learner's first home page can already come from the fast lane."""
    open_attempts(user)


def forget(user_id) -> None:
    """One of the learner's attempts changed: a new version now, and another once the change is committed."""

    def new_version():
        try:
            cache.set(version_key(user_id), uuid.uuid4().hex, timeout=None)
        except Exception:  # noqa: BLE001 - an unreachable cache keeps nothing stale
            pass

    new_version()
    transaction.on_commit(new_version)


def attempt_changed(sender, instance, **kwargs) -> None:
    forget(instance.user_id)


def attempt_scored(sender, attempt_id=None, user_id=None, **kwargs) -> None:
    if user_id is not None:
        forget(user_id)


def _in_transaction() -> bool:
    """Inside an atomic block of the code (not one a test case wraps every test in)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and any(
        not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )
