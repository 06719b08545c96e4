"""Every model that references the user is covered by the download and the erasure (lms/privacy/registry.py)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from lms.privacy import registry
from lms.privacy.selectors import SECTION_KEYS


def _missing(references) -> list[str]:
    known = {ref.label for ref in references}
    return sorted(registry.label_of(model, field) for model, field in registry.user_fields()
                  if registry.label_of(model, field) not in known)


def test_every_reference_to_the_user_is_covered():
    """Fails when a model gains a foreign key, one-to-one or many-to-many to the user and nobody decided what the
    learner's download shows of it and what erasure does with it: add it to ``registry.REFERENCES``."""
    assert _missing(registry.REFERENCES) == []


def test_a_new_reference_would_be_caught():
    """The enumeration sees our own models: dropping one entry from the registry makes the check fail."""
    without_attempts = [ref for ref in registry.REFERENCES if ref.label != "quizzes.Attempt.user"]
    assert _missing(without_attempts) == ["quizzes.Attempt.user"]
    labels = {registry.label_of(model, field) for model, field in registry.user_fields()}
    assert {"wagtailcore.Page.owner", "certificates.Certificate.user", "h5p.H5PStatement.user"} <= labels
    assert "courses.CoursePage.owner" not in labels  # inherited fields count once, on the model that defines them


def test_each_registry_entry_names_a_real_field_and_a_known_section():
    for ref in registry.REFERENCES:
        app_model, field = ref.label.rsplit(".", 1)
        model = apps.get_model(app_model)
        assert isinstance(model._meta.get_field(field), models.Field), ref.label
        assert ref.section in SECTION_KEYS, ref.label
        assert ref.on_erase in (registry.KEEP, registry.DELETE, registry.STAFF), ref.label
