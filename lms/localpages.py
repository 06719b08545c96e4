"""Stored pages kept in this process's memory as well (issue 17): the front door's hits need neither the 20-30 KB
entry from Redis nor its unpickling, only the generation that says whether the copy is current.

- **Signed-in learners** (fast lane): the generation is read from Redis in the same round trip as the session, so
  a copy is used only when it belongs to the current generation: never stale.
- **Anonymous visitors** (page cache): the generation itself may be taken from this process's memory for up to
  ``PAGE_CACHE_LOCAL_SECONDS`` (1 s by default; 0 turns it off) before it is read again: a publish reaches the
  other processes' anonymous visitors within that time, and at once in the process that published (``forget``).
  A hit then touches no network at all.
- Bounded: at most ``MAX_ENTRIES`` copies per process (the oldest stored goes first), about 25 KB each.
- **Values kept per publish** (the course outlines and the courses as shown, ``courses.selectors``): taken from
  memory only while the front door answers a request and only for the generation it read from Redis for it
  (``request_generation``), so never stale; the objects are shared between requests and must not be changed.
- **Whose session**: a session key seen with a user is remembered (``MAX_SESSIONS``), so that the next request with
  it reads the session, the user and their progress in one round trip instead of two. Only a hint: the session
  read in that round trip must name the same user, or the user's keys are read again.
- Thread-safe enough for gunicorn's threads: single dict operations under the GIL; a lost race only costs a read.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

MAX_ENTRIES = 400
MAX_VALUES = 5000  # other values kept per publish (course outlines, courses as shown), see ``memo_get``
MISSING = object()
_values: dict[str, tuple[object, object]] = {}
_request = threading.local()
MAX_SESSIONS = 50_000  # session key -> user id (~100 bytes each)
_sessions: dict[str, int] = {}
_entries: dict[str, tuple[object, dict]] = {}  # key -> (generation, entry)
_generation: list = [None, 0.0]  # the anonymous page cache's generation, when it was read (monotonic)


def get(key: str, generation) -> dict | None:
    found = _entries.get(key)
    if found is None or generation is None or found[0] != generation:
        return None
    return found[1]


def newest(key: str) -> dict | None:
    """This process's copy of ``key``, whatever its generation (the caller checks it)."""
    found = _entries.get(key)
    return found[1] if found is not None else None


def put(key: str, generation, entry: dict) -> None:
    if generation is None:
        return
    if key not in _entries and len(_entries) >= MAX_ENTRIES:
        try:
            del _entries[next(iter(_entries))]
        except (KeyError, RuntimeError, StopIteration):  # another thread got there first
            pass
    _entries[key] = (generation, entry)


def recent_generation():
    """The page cache's generation as read less than ``PAGE_CACHE_LOCAL_SECONDS`` ago, or ``None``."""
    seconds = getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0)
    value, read_at = _generation
    if value is None or seconds <= 0 or time.monotonic() - read_at >= seconds:
        return None
    return value


def generation_read(value) -> None:
    _generation[:] = [value, time.monotonic()]


def forget(**_kwargs) -> None:
    """This process published or emptied something: read the generation again on the next request."""
    _generation[:] = [None, 0.0]
    _entries.clear()
    _values.clear()


# --- values kept per publish, for the request the front door is answering ------------------------------------


def request_generation():
    """The page tree's generation the front door read from Redis for the request this thread is answering (``None``
    outside it): values kept per publish may be taken from this process's memory when they belong to it."""
    return getattr(_request, "generation", None)


def set_request_generation(generation) -> None:
    _request.generation = generation


def memo_get(key: str, generation):
    """The value kept for ``key`` in ``generation``, or ``MISSING``."""
    found = _values.get(key)
    if found is None or generation is None or found[0] != generation:
        return MISSING
    return found[1]


def memo_put(key: str, generation, value) -> None:
    if generation is None:
        return
    if key not in _values and len(_values) >= MAX_VALUES:
        try:
            del _values[next(iter(_values))]
        except (KeyError, RuntimeError, StopIteration):
            pass
    _values[key] = (generation, value)


def session_user(session_key: str):
    """Whose session this is, as this process saw it last: a hint only (the session read says, and is checked).
    A session key belongs to one user for its whole life (Django gives a new key at each sign-in)."""
    return _sessions.get(session_key)


def remember_session(session_key: str, user_id) -> None:
    if _sessions.get(session_key) == user_id:
        return
    if len(_sessions) >= MAX_SESSIONS:
        try:
            del _sessions[next(iter(_sessions))]
        except (KeyError, RuntimeError, StopIteration):
            pass
    _sessions[session_key] = user_id
