"""Which H5P activities a learner can open: those placed in a published lesson of a course they may see.

The xAPI endpoint accepts statements only for these (issue 14: it stored statements, and results that gate
lesson completion, for any activity number, placed in a lesson or not). An activity is *placed* when the live
version of a live lesson has an ``h5p`` block choosing it; the learner *may see* the lesson when the lesson and
every page above it are live and Wagtail's view restrictions on them (log-in, groups, password) let them in.

The map of placements (activity → live lessons) is read from the lessons' stored bodies in one query and cached
for ``PLACEMENT_SECONDS``; publishing, unpublishing, moving or deleting a page empties it. An activity that the
cached map does not know is looked up again at once, so a lesson published a moment ago in another worker never
refuses its learners.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import TextField
from django.db.models.functions import Cast
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from courses.models import LessonPage

PLACEMENT_CACHE_KEY = "h5p:placements:v1"
PLACEMENT_SECONDS = 60


def _scan() -> dict[int, list[int]]:
    placements: dict[int, list[int]] = {}
    lessons = (
        LessonPage.objects.live()
        .annotate(body_text=Cast("body", TextField()))
        .filter(body_text__contains='"h5p"')
        .values_list("pk", "body")
    )
    for lesson_pk, body in lessons:
        raw = getattr(body, "raw_data", body) or []
        for block in raw:
            if not isinstance(block, dict) or block.get("type") != "h5p" or not isinstance(block.get("value"), dict):
                continue
            activity = block["value"].get("activity")
            if isinstance(activity, int) and not isinstance(activity, bool):
                placements.setdefault(activity, [])
                if lesson_pk not in placements[activity]:
                    placements[activity].append(lesson_pk)
    return placements


def placements(*, fresh: bool = False) -> dict[int, list[int]]:
    """Activity id → ids of the live lessons whose live body places it."""
    cached = None if fresh else cache.get(PLACEMENT_CACHE_KEY)
    if cached is None:
        cached = _scan()
        cache.set(PLACEMENT_CACHE_KEY, cached, PLACEMENT_SECONDS)
    return cached


def forget_placements(**kwargs) -> None:
    cache.delete(PLACEMENT_CACHE_KEY)


def lessons_placing(activity_id: int) -> list[int]:
    found = placements().get(activity_id)
    if found is None:
        found = placements(fresh=True).get(activity_id, [])
    return found


def _may_see(request, lesson) -> bool:
    if Page.objects.ancestor_of(lesson).filter(depth__gt=1, live=False).exists():
        return False  # a live lesson of an unpublished course (or module) is not offered to anyone
    return all(restriction.accept_request(request) for restriction in lesson.get_view_restrictions())


def activity_open_for(request, activity) -> bool:
    """Can the person making ``request`` open ``activity``, in at least one live lesson they may see?"""
    lesson_ids = lessons_placing(activity.pk)
    if not lesson_ids:
        return False
    return any(_may_see(request, lesson) for lesson in LessonPage.objects.live().filter(pk__in=lesson_ids))


def connect_signals() -> None:
    """Publishing, unpublishing, moving or deleting any page may change where activities are placed."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_placements, dispatch_uid=f"h5p-placements-{id(signal)}")
    post_delete.connect(forget_placements, sender=Page, dispatch_uid="h5p-placements-delete")
