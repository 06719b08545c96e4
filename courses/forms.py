"""The catalogue's filter form: a plain GET form (works without JavaScript); values are codes, not ids, so
that links stay readable and stable (``?topic=an-toan-tren-mang&level=basic&area=4&group=adult``)."""

from django import forms
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import PopulationGroup
from quizzes.models import CompetenceArea, ProficiencyLevel

from .models import Topic


class LabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}. {obj.label}"


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm khóa học"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
    topic = LabelChoiceField(
        label=_("Chủ đề"), required=False, queryset=Topic.objects.all(), to_field_name="slug", empty_label=_("Tất cả")
    )
    level = forms.ChoiceField(
        label=_("Trình độ"), required=False, choices=[("", _("Tất cả")), *ProficiencyLevel.Tier.choices]
    )
    area = AreaChoiceField(
        label=_("Miền năng lực"),
        required=False,
        queryset=CompetenceArea.objects.filter(framework__is_default=True).order_by("sort_order", "code"),
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    group = LabelChoiceField(
        label=_("Dành cho"),
        required=False,
        queryset=PopulationGroup.objects.all(),
        to_field_name="code",
        empty_label=_("Mọi người"),
    )

    CHOICE_FIELDS = ("topic", "area", "group")
    CHOICES_TIMEOUT = 60 * 60

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The three lists, as rendered, from the cache (one read instead of three queries per catalogue page);
        # emptied when a topic, competence area or population group is saved or deleted (courses.apps).
        key = choices_key(get_language())
        cached = cache.get(key)
        if cached is None:
            cached = {name: [(str(value), str(label)) for value, label in self.fields[name].choices]
                      for name in self.CHOICE_FIELDS}
            cache.set(key, cached, self.CHOICES_TIMEOUT)
        for name in self.CHOICE_FIELDS:
            self.fields[name].choices = cached[name]  # a submitted value is still checked against the queryset

    def cleaned_filters(self) -> dict:
        """Keyword arguments for ``selectors.catalogue_courses``; an invalid value is simply ignored."""
        empty = {"q": "", "topic": None, "level": "", "area": None, "group": None}
        if not self.is_bound:
            return empty
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {key: data.get(key) or default for key, default in empty.items()}


def choices_key(language) -> str:
    return f"catalogue:choices:{language}"


def forget_choices(**_kwargs) -> None:
    """A topic, competence area or population group changed: the lists are read again in every language, and the
    pages stored with them (the catalogue and course cards with their topic, in the anonymous page cache and the
    fast lane) are out of date: a new page generation."""
    from django.conf import settings
    from django.db import transaction

    from lms import pagecache

    cache.delete_many([choices_key(code) for code, _name in settings.LANGUAGES])
    pagecache.invalidate()
    transaction.on_commit(pagecache.invalidate)  # and again: a page read before the commit is not kept
