"""Wagtail's locales by language code, kept in each process: ``Locale.get_default()`` and ``Locale.get_active()``
were a query each time, five times per signed-in lesson page. Locales are created once per language and almost
never change, so each process keeps the answer for ``TIMEOUT`` seconds, and forgets them all at once when a
locale is saved or deleted in this process (``forget``; other processes within ``TIMEOUT``). A missing language
is never kept (the caller gets Wagtail's ``DoesNotExist`` as before)."""

from __future__ import annotations

import threading
import time

from wagtail.models.i18n import LocaleManager

TIMEOUT = 60.0
_found: dict[str, tuple[float, object]] = {}
_lock = threading.Lock()
_original = LocaleManager.get_for_language


def get_for_language(self, language_code):
    now = time.monotonic()
    hit = _found.get(language_code)
    if hit is not None and now - hit[0] < TIMEOUT and self.db == "default":
        return hit[1]
    locale = _original(self, language_code)
    if self.db == "default":
        with _lock:
            _found[language_code] = (now, locale)
    return locale


def install() -> None:
    """Called once from ``lms.apps``: Wagtail's manager method answers from this cache."""
    LocaleManager.get_for_language = get_for_language


def forget(**_kwargs) -> None:
    with _lock:
        _found.clear()
