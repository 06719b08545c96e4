"""The rules of *watching counts*: which seconds of a video a learner watched, how much of it that is, whether a
block's threshold is met, and where to resume. Pure functions; the services read and write the rows around them.

- **Seconds watched** are a union of played intervals ``[start, end)`` in seconds of the video, clipped to
  ``[0, duration]``: playing the same minute twice counts it once, skipping ahead counts nothing between the two
  points (the player reports what it *played*, its ``played`` time ranges, never a total).
- **The client is not trusted**: what it reports is cleaned (finite numbers, pairs, at most ``MAX_INTERVALS``),
  clipped to the server's own duration, and the seconds *newly* credited by one report are capped by the wall-clock
  time since the learner's previous report on this video (``allowance``: ``MAX_SPEED`` times the time elapsed, plus
  ``SLACK``; ``FIRST_ALLOWANCE`` for a first report). A forged report of the whole video gets at most what a learner
  could have played at double speed meanwhile; the rest of a real report is credited by the next ones (the player
  reports its cumulative ranges each time).
- **Percent** is the seconds watched over the duration, rounded down, at most 100; an interval ending within
  ``END_SNAP`` of the end reaches the end (the last frame's timestamp is a fraction short of the duration).
- **Threshold**: a block requiring ``N`` % is met when the percent is at least ``N``; ``0`` requires nothing.
- **Resume** at the last position reported, unless it is within ``resume_margin`` of the end (then from the start).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Interval = tuple[float, float]

MAX_INTERVALS = 200  # more ranges than any real viewing gives (each seek starts one): the report is refused
MAX_SPEED = 2.0  # the fastest playback rate the player offers
SLACK = 5.0  # seconds: reports are not exactly on time
FIRST_ALLOWANCE = 60.0  # seconds credited at most by the first report (the player reports within 5 s of playing)
END_SNAP = 0.5
PRECISION = 2  # decimals kept


class BadReport(ValueError):
    """The reported intervals are not a list of ``[start, end]`` pairs of numbers."""


def _number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadReport("not a number")
    number = float(value)
    if not math.isfinite(number):
        raise BadReport("not finite")
    return number


def clean_intervals(raw, *, duration: float) -> list[Interval]:
    """Untrusted ``raw`` (decoded JSON) → sorted, merged intervals within ``[0, duration]``. Raises ``BadReport``
    for anything but a list of at most ``MAX_INTERVALS`` pairs of finite numbers; empty or reversed pairs are
    dropped."""
    if not isinstance(raw, list) or len(raw) > MAX_INTERVALS:
        raise BadReport("not a list of intervals")
    pairs = []
    for item in raw:
        if not isinstance(item, list | tuple) or len(item) != 2:
            raise BadReport("not a pair")
        start, end = _number(item[0]), _number(item[1])
        pairs.append((start, end))
    return merge(pairs, duration=duration)


def merge(*lists: Iterable[Interval], duration: float) -> list[Interval]:
    """The union of interval lists, clipped to ``[0, duration]``, sorted, overlapping or touching ones joined."""
    duration = max(0.0, float(duration))
    clipped = []
    for intervals in lists:
        for start, end in intervals:
            start, end = max(0.0, float(start)), min(duration, float(end))
            if duration - end <= END_SNAP and end > start:
                end = duration
            if end > start:
                clipped.append((start, end))
    clipped.sort()
    merged: list[list[float]] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1] + 1e-6:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(round(start, PRECISION), round(end, PRECISION)) for start, end in merged]


def total(intervals: Iterable[Interval]) -> float:
    """Seconds covered by merged ``intervals``."""
    return round(sum(end - start for start, end in intervals), PRECISION)


def percent(seconds: float, duration: float) -> int:
    """Whole percent of ``duration`` that ``seconds`` make, rounded down, between 0 and 100."""
    if duration <= 0:
        return 0
    return max(0, min(100, math.floor(seconds / duration * 100 + 1e-9)))


def allowance(*, elapsed: float | None) -> float:
    """Seconds a report may newly credit, ``elapsed`` seconds after the learner's previous report on this video
    (``None``: there was none)."""
    if elapsed is None:
        return FIRST_ALLOWANCE
    return max(0.0, elapsed) * MAX_SPEED + SLACK


def credit(existing: list[Interval], reported: list[Interval], *, duration: float, limit: float) -> list[Interval]:
    """``existing`` joined with ``reported``, crediting at most ``limit`` new seconds: the new pieces are taken from
    the start of the video on, the last one cut short."""
    existing = merge(existing, duration=duration)
    new_pieces = _subtract(merge(reported, duration=duration), existing)
    taken: list[Interval] = []
    budget = max(0.0, limit)
    for start, end in new_pieces:
        if budget <= 0:
            break
        length = end - start
        if length <= budget:
            taken.append((start, end))
            budget -= length
        else:
            taken.append((start, start + budget))
            budget = 0
    return merge(existing, taken, duration=duration)


def _subtract(intervals: list[Interval], minus: list[Interval]) -> list[Interval]:
    """Parts of ``intervals`` not covered by ``minus`` (both merged and sorted)."""
    result = []
    for start, end in intervals:
        cursor = start
        for other_start, other_end in minus:
            if other_end <= cursor or other_start >= end:
                continue
            if other_start > cursor:
                result.append((cursor, other_start))
            cursor = max(cursor, other_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def meets(watched_percent: int, required_percent: int) -> bool:
    """Whether a block requiring ``required_percent`` (0: nothing) is met by ``watched_percent``."""
    return required_percent <= 0 or watched_percent >= required_percent


def resume_margin(duration: float) -> float:
    return min(3.0, duration / 10)


def resume_position(position: float | None, duration: float) -> float:
    """Where the player starts: the last position reported, from the start when there is none or it is at the end."""
    if not position or duration <= 0 or not math.isfinite(position):
        return 0.0
    position = max(0.0, min(float(position), duration))
    if position >= duration - resume_margin(duration):
        return 0.0
    return round(position, 1)


def clean_position(raw, *, duration: float) -> float | None:
    """The reported playback position within ``[0, duration]``, or ``None`` when it is not a finite number."""
    try:
        value = _number(raw)
    except BadReport:
        return None
    return round(max(0.0, min(value, max(0.0, duration))), PRECISION)
