"""Video settings with their defaults, read from ``django.conf.settings`` (which reads the environment through
``lms.env``). Functions, not constants, so that tests can override settings."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

MB = 1024 * 1024

#: Extensions an editor may upload, and the container names ffprobe reports for them (``format_name``).
UPLOAD_EXTENSIONS = {"mp4": "mp4", "m4v": "mp4", "mov": "mov", "webm": "webm"}
#: ``format_name`` values ffprobe gives for those containers (it lists several names at once: "mov,mp4,m4a,…").
ACCEPTED_FORMATS = {"mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm"}


def root() -> Path:
    """``originals/<id>/…`` (never served), ``renditions/<id>/<revision>/…`` (served), ``.tmp/`` (work area)."""
    value = getattr(settings, "VIDEO_ROOT", None)
    return Path(value) if value else Path(settings.MEDIA_ROOT) / "video"


def base_url() -> str:
    """Base URL of the renditions, posters (ends with ``/``): the project's own ``/video/files/`` (which answers
    range requests) by default; in production a web server or CDN serving ``VIDEO_ROOT/renditions``."""
    value = getattr(settings, "VIDEO_BASE_URL", None) or "/video/files/"
    return value if value.endswith("/") else value + "/"


def max_upload_bytes() -> int:
    return getattr(settings, "VIDEO_MAX_UPLOAD_BYTES", 500 * MB)


def max_duration_seconds() -> int:
    return getattr(settings, "VIDEO_MAX_DURATION_SECONDS", 60 * 60)


def max_caption_bytes() -> int:
    return getattr(settings, "VIDEO_MAX_CAPTION_BYTES", 512 * 1024)


def ffmpeg() -> str:
    return getattr(settings, "VIDEO_FFMPEG", "ffmpeg")


def ffprobe() -> str:
    return getattr(settings, "VIDEO_FFPROBE", "ffprobe")


def ffmpeg_threads() -> int:
    """Threads per ffmpeg run (0: ffmpeg decides). One transcode should not take every core of a web machine."""
    return getattr(settings, "VIDEO_FFMPEG_THREADS", 2)


def transcode_timeout() -> int:
    return getattr(settings, "VIDEO_TRANSCODE_TIMEOUT", 2 * 60 * 60)


def watch_max_bytes() -> int:
    return getattr(settings, "VIDEO_WATCH_MAX_BYTES", 16 * 1024)
