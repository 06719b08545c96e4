"""What every fuzz test shares: a budget per test that scales with the profile, a savepoint per example, row
counts and the files below a folder (the "no partial data" property)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from hypothesis import settings

LONG = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "long"
SCALE = int(os.environ.get("HYPOTHESIS_SCALE", "40"))


def budget(examples: int):
    """``examples`` inputs in CI; with ``HYPOTHESIS_PROFILE=long``, ``HYPOTHESIS_SCALE`` (default 40) times as many."""
    return settings(max_examples=examples * SCALE if LONG else examples)


@contextmanager
def rolled_back():
    """Each example runs in a savepoint that is rolled back, so examples do not see each other's rows."""
    from django.db import transaction

    sid = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(sid)


def counts(*models) -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in models}


def files_below(root) -> set[str]:
    root = Path(root)
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


# Characters that break parsers and databases: NUL (PostgreSQL refuses it in text and jsonb), a BOM, a lone
# surrogate's neighbours, right-to-left marks, combining marks, Vietnamese letters, line separators.
NASTY = ["\x00", "\ufeff", "\u202e", "\u0301", "\u2028", "\r", "\r\n", "\t", "Đ", "ệ", "ư", "😀", "\x1b", "\x7f"]
