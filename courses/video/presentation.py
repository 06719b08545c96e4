"""What the lesson block shows of a video of the platform: sources (smallest first), poster, caption tracks,
transcript and the address the player reports to. The same for every visitor (no learner data)."""

from __future__ import annotations

import hashlib

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import vtt
from .models import Video

CAPTION_LANGUAGES = (("vi", "captions_vi", _("Tiếng Việt")), ("en", "captions_en", _("Tiếng Anh")))


def captions_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def tracks(video: Video) -> list[dict]:
    found = []
    for code, field, label in CAPTION_LANGUAGES:
        text = getattr(video, field)
        if text:
            found.append({"srclang": code, "label": label, "default": not found,
                          "url": reverse("video:captions", args=[video.pk, code]) + f"?v={captions_hash(text)}"})
    return found


def transcript(value, video: Video) -> str:
    return (value.get("transcript") or video.transcript or vtt.transcript_from(video.captions_vi)).strip()


def block_context(value, video: Video, *, page=None, block_id=None) -> dict:
    watch_url = ""
    if video.ready and block_id and getattr(page, "pk", None):
        try:
            watch_url = reverse("video:watch", args=[page.pk, block_id])
        except NoReverseMatch:
            watch_url = ""
    required = max(0, min(100, int(value.get("required_percent") or 0)))
    sources = video.sources()
    return {
        "hosted": video,
        "sources": sources,
        "download": sources[0] if sources else None,
        "tracks": tracks(video) if video.ready else [],
        "transcript_text": transcript(value, video),
        "watch_url": watch_url,
        "required_percent": required,
        "minutes": max(1, round(video.duration / 60)) if video.duration else 0,
    }
