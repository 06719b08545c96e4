"""H5P settings with their defaults, read from ``django.conf.settings`` (which reads the environment through
``lms.env``). Functions, not constants, so that tests can override settings."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

MB = 1024 * 1024


def root() -> Path:
    """Where packages are unpacked: ``<root>/libraries/<Machine-x.y>/`` and ``<root>/content/<id>/``."""
    value = getattr(settings, "H5P_ROOT", None)
    return Path(value) if value else Path(settings.MEDIA_ROOT) / "h5p"


def content_base_url() -> str:
    """Base URL of the unpacked files (ends with ``/``): the project's own ``/h5p/files/`` by default; in
    production a cookieless domain that serves ``H5P_ROOT`` (see README)."""
    value = getattr(settings, "H5P_CONTENT_BASE_URL", None) or "/h5p/files/"
    return value if value.endswith("/") else value + "/"


def max_upload_bytes() -> int:
    return getattr(settings, "H5P_MAX_UPLOAD_BYTES", 100 * MB)


def max_unpacked_bytes() -> int:
    return getattr(settings, "H5P_MAX_UNPACKED_BYTES", 300 * MB)


def max_files() -> int:
    return getattr(settings, "H5P_MAX_FILES", 3000)


def max_file_bytes() -> int:
    return getattr(settings, "H5P_MAX_FILE_BYTES", 100 * MB)


def xapi_max_bytes() -> int:
    return getattr(settings, "H5P_XAPI_MAX_BYTES", 64 * 1024)


def xapi_rate_per_minute() -> int:
    return getattr(settings, "H5P_XAPI_RATE_PER_MINUTE", 120)


def lrs_endpoint() -> str:
    return (getattr(settings, "H5P_LRS_ENDPOINT", "") or "").strip()


def lrs_credentials() -> tuple[str, str]:
    return getattr(settings, "H5P_LRS_USERNAME", "") or "", getattr(settings, "H5P_LRS_PASSWORD", "") or ""


def lrs_max_attempts() -> int:
    return getattr(settings, "H5P_LRS_MAX_ATTEMPTS", 3)


def lrs_retry_delay() -> float:
    return getattr(settings, "H5P_LRS_RETRY_DELAY", 2.0)


def lrs_timeout() -> float:
    return getattr(settings, "H5P_LRS_TIMEOUT", 10.0)
