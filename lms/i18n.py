"""Bilingual vocabulary rows (Vietnamese first, English second) without a translation table per row."""

from django.utils.translation import get_language


class BilingualNameMixin:
    """For models with ``name`` (Vietnamese) and ``name_en`` fields: ``label`` follows the active language."""

    @property
    def label(self) -> str:
        if (get_language() or "vi").startswith("en") and getattr(self, "name_en", ""):
            return self.name_en
        return self.name

    def __str__(self) -> str:
        return self.label
