"""The one rule of progress: when a lesson is complete, and when a lesson of a sequential course is open.

**A lesson is complete** when every item it requires is passed: each knowledge check (all of them count), each
H5P activity the editor marked *required* (at its pass threshold) and each video of the platform whose block requires
a percentage watched (``courses.video.watching``: seconds actually played, never an external video). A lesson that requires nothing is complete when
the learner reached its end: pressed *Hoàn thành bài học* or *Bài tiếp theo* at the bottom of the page.

Only an enrolled learner (*Bắt đầu học*) makes progress. When the rule holds, ``courses.services.lesson_progress_update``
writes one ``LessonCompletion`` row (and the enrolment's ``completed_at`` when every live lesson of the course has
one); every page that shows progress (lesson, course, *Học tập của tôi*, home), the certificates (issued on
``course_completed``) and the managers' reports read those rows, so they all say the same thing.

**In a sequential course** (``CoursePage.sequential``) a lesson opens when the one before it is complete; the first
lesson and any lesson already completed are always open. In a free course every lesson is open.

The functions here are pure: they take what was read from the database and decide; tests call them directly.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

CHECK = "check"
ACTIVITY = "activity"
VIDEO = "video"


@dataclass(frozen=True)
class Requirement:
    """One item a lesson requires: a knowledge check, a required H5P activity or a video to watch (``block_id`` is
    its block)."""

    kind: str  # CHECK, ACTIVITY or VIDEO
    block_id: str
    title: str


@dataclass(frozen=True)
class LessonState:
    """What the rule says about one learner and one lesson."""

    requirements: tuple[Requirement, ...]
    missing: tuple[Requirement, ...]
    reached_end: bool

    @property
    def complete(self) -> bool:
        return lesson_is_complete(
            required=[r.block_id for r in self.requirements],
            passed=[r.block_id for r in self.requirements if r not in self.missing],
            reached_end=self.reached_end,
        )


def lesson_is_complete(*, required: Iterable[str], passed: Collection[str], reached_end: bool) -> bool:
    """The rule. ``required``: ids of the lesson's required items; ``passed``: the ids the learner has passed;
    ``reached_end``: the learner reached the end of the lesson. With required items, all must be passed (reaching
    the end is not enough); without any, reaching the end is."""
    required = set(required)
    if required:
        return required <= set(passed)
    return bool(reached_end)


def lesson_state(*, requirements: Sequence[Requirement], passed: Collection[str], reached_end: bool = False) -> LessonState:
    """``LessonState`` of a lesson whose ``requirements`` are given, for a learner who passed ``passed`` (block ids)."""
    missing = tuple(r for r in requirements if r.block_id not in passed)
    return LessonState(requirements=tuple(requirements), missing=missing, reached_end=reached_end)


def lesson_is_open(*, sequential: bool, position: int, done: Sequence[bool]) -> bool:
    """Whether the lesson at 0-based ``position`` is open, ``done`` telling which lessons of the course (in reading
    order) are complete. Free course: always. Sequential: the first lesson, a lesson already complete, or one whose
    previous lesson is complete."""
    if not sequential or position == 0 or done[position]:
        return True
    return bool(done[position - 1])
