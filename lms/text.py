"""Text helpers shared by every app."""

from __future__ import annotations

import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Vietnamese (and any Latin text) without diacritics, in lower case: ``"Lừa ĐẢO"`` → ``"lua dao"``.

    Decomposes (NFD), drops the combining marks (tones and the hat, breve and horn), and maps đ/Đ, which is a
    letter of its own and does not decompose, to d. Search folds both what it indexes and what is typed, so
    a learner who types without diacritics (many phone keyboards) finds the same pages."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_D))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
