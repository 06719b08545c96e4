"""Reads for H5P, for the lesson page and ``courses.services.complete_lesson``.

An H5P block gates its lesson only when the editor ticks ``required`` on it. Then the learner's best score on
the activity must reach the block's ``pass_percent`` (with ``pass_percent`` 0, a completed statement is
enough). These scores are reported by the browser: formative only, never used for certificates.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import H5PResult

ACTIVITIES_NOT_PASSED = _("Bạn cần làm đạt hoạt động tương tác của bài này trước khi đánh dấu hoàn thành.")


def _activity_id(value) -> int | None:
    activity = value.get("activity") if hasattr(value, "get") else None
    if activity is None:
        return None
    return getattr(activity, "pk", activity)


def required_blocks(lesson) -> list:
    """The lesson's ``h5p`` blocks that count toward completion."""
    return [
        block
        for block in lesson.body
        if block.block_type == "h5p" and block.value.get("required") and _activity_id(block.value) is not None
    ]


def result_passes(result: H5PResult | None, pass_percent: int) -> bool:
    if result is None:
        return False
    if not pass_percent:
        return result.completed or result.success or result.best_scaled is not None
    return result.best_scaled is not None and result.best_scaled * 100 >= pass_percent - 1e-9


def results_for(user, activity_ids) -> dict[int, H5PResult]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {r.activity_id: r for r in H5PResult.objects.filter(user=user, activity_id__in=set(activity_ids))}


def pending_activities(user, lesson) -> list:
    """Required H5P blocks of ``lesson`` that ``user`` has not passed yet (one query)."""
    blocks = required_blocks(lesson)
    if not blocks:
        return []
    results = results_for(user, [_activity_id(b.value) for b in blocks])
    return [
        b for b in blocks
        if not result_passes(results.get(_activity_id(b.value)), int(b.value.get("pass_percent") or 0))
    ]


def activities_passed(user, lesson) -> bool:
    """True when every required H5P block of ``lesson`` is passed by ``user`` (vacuously true without any)."""
    return not pending_activities(user, lesson)
