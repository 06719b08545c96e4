"""Reads for videos, for the lesson page and the completion rule (``courses.progress``).

A video block gates its lesson only when the editor sets *required percent* above 0 and the block shows a video of
the platform that is ready to play: an external link (YouTube…) never gates anything, and a video still being
transcoded (or failed) is not required of anyone until it plays.
"""

from __future__ import annotations

from .models import Video, VideoWatch
from .watching import meets


def block_video(value) -> Video | None:
    video = value.get("video") if hasattr(value, "get") else None
    return video if isinstance(video, Video) else None


def required_percent(value) -> int:
    try:
        return max(0, min(100, int(value.get("required_percent") or 0)))
    except (TypeError, ValueError):
        return 0


def required_blocks(lesson) -> list:
    """The lesson's ``video`` blocks that count toward completion."""
    found = []
    for block in lesson.body:
        if block.block_type != "video":
            continue
        video = block_video(block.value)
        if video is not None and video.ready and required_percent(block.value) > 0:
            found.append(block)
    return found


def watches_for(user, video_ids) -> dict[int, VideoWatch]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {w.video_id: w for w in VideoWatch.objects.filter(user=user, video_id__in=set(video_ids))}


def pending_videos(user, lesson) -> list:
    """Required video blocks of ``lesson`` that ``user`` has not watched enough of yet (one query)."""
    blocks = required_blocks(lesson)
    if not blocks:
        return []
    watches = watches_for(user, [block_video(b.value).pk for b in blocks])
    pending = []
    for block in blocks:
        watch = watches.get(block_video(block.value).pk)
        if not meets(watch.percent if watch else 0, required_percent(block.value)):
            pending.append(block)
    return pending


def find_block(lesson, block_id: str):
    """The ``video`` block ``block_id`` of ``lesson`` showing a video of the platform, or ``None``."""
    for block in lesson.body:
        if block.block_type == "video" and block.id == block_id and block_video(block.value) is not None:
            return block
    return None
