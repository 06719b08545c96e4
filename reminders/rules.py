"""The reminder rules as pure functions of dates and times (no database): which deadline reminder is due, and
when quiet hours end. Services call them with an injected ``now``; tests walk a simulated calendar through them.

- **Deadline stages.** With offsets (14, 3, 1) (``settings.REMINDER_DAYS_BEFORE``) and ``days_left`` = deadline
  minus today (local dates, Asia/Ho_Chi_Minh): the stage due is the smallest offset ``d`` with ``days_left <= d``
  (14 → from 14 days before, 3 → from 3 days before, 1 → the last day and the deadline day itself); after the
  deadline, ``overdue``. Each stage is sent once per person (its key), so a learner placed under a requirement
  two days before its deadline gets the 3-day reminder only, and a planner that missed a day still sends the
  stage due.
- **Session reminders** (in-person sessions, ``classes``): a registered learner is reminded the day before the
  session (``d1``, local dates) and on its day until it starts (``d0``); each once (its key). Someone who registers
  on the day gets ``d0`` only.
- **Quiet hours.** ``settings.REMINDER_QUIET_HOURS`` ("21:00-07:00", local time; it may wrap midnight): nothing
  is sent inside them; messages wait until they end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

OVERDUE = "overdue"


def deadline_stage(days_left: int, offsets: Iterable[int]) -> str | None:
    """``"d14"``, ``"d3"``, ``"d1"``…, ``"overdue"`` or None (too early)."""
    if days_left < 0:
        return OVERDUE
    due = [d for d in offsets if days_left <= d]
    return f"d{min(due)}" if due else None


def parse_quiet_hours(text: str) -> tuple[dt.time, dt.time] | None:
    """``"21:00-07:00"`` → (21:00, 07:00); empty or equal ends → None (no quiet hours)."""
    if not text or "-" not in text:
        return None
    start, end = (dt.time.fromisoformat(part.strip()) for part in text.split("-", 1))
    return None if start == end else (start, end)


def in_quiet_hours(now: dt.datetime, quiet: tuple[dt.time, dt.time] | None, tz: str) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    t = now.astimezone(ZoneInfo(tz)).time()
    return start <= t < end if start < end else (t >= start or t < end)


def sendable_from(now: dt.datetime, quiet: tuple[dt.time, dt.time] | None, tz: str) -> dt.datetime:
    """``now`` outside quiet hours, else the moment they end (an aware datetime)."""
    if not in_quiet_hours(now, quiet, tz):
        return now
    local = now.astimezone(ZoneInfo(tz))
    end = quiet[1]
    candidate = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += dt.timedelta(days=1)
    return candidate.astimezone(dt.UTC)


def week_start(now: dt.datetime) -> dt.datetime:
    """The start of the rolling week that the weekly limit counts (the last seven days)."""
    return now - dt.timedelta(days=7)


def session_stage(*, today: dt.date, session_day: dt.date, now: dt.datetime, starts_at: dt.datetime) -> str | None:
    """``"d1"`` the local day before a session, ``"d0"`` on its day before it starts, else None."""
    days = (session_day - today).days
    if days == 1:
        return "d1"
    if days == 0 and now < starts_at:
        return "d0"
    return None
