"""The admin's slug widget with the Vietnamese folding of ``lms.slugs`` (registered for every SlugField in
``lms.apps``)."""

from wagtail.admin.widgets import SlugInput as WagtailSlugInput

from lms.slugs import COMBINING_MARKS, VIETNAMESE_FOLDS


class SlugInput(WagtailSlugInput):
    """Wagtail's slug widget with the Vietnamese folding as formatters (run before its own ``urlify``/``slugify``)."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        folds = [(f"[{chars}]", ascii_letter) for ascii_letter, chars in VIETNAMESE_FOLDS.items()]
        super().__init__(attrs=attrs, formatters=[*folds, (COMBINING_MARKS, ""), *(formatters or [])], locale=locale)
