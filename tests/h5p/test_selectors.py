"""``activities_passed(user, lesson)``: required H5P blocks of a lesson and the learner's best results."""

from types import SimpleNamespace

import pytest

from courses.h5p.models import H5PResult
from courses.h5p.selectors import activities_passed, pending_activities

pytestmark = pytest.mark.django_db


def lesson(*blocks):
    return SimpleNamespace(body=[SimpleNamespace(block_type=t, id=f"b{i}", value=v) for i, (t, v) in enumerate(blocks)])


def h5p(activity, *, required=True, pass_percent=60):
    return ("h5p", {"activity": activity, "required": required, "pass_percent": pass_percent, "title": ""})


def test_no_required_blocks_pass(learner, activity):
    assert activities_passed(learner, lesson(("paragraph", "x"), h5p(activity, required=False)))


def test_threshold(learner, activity):
    page = lesson(h5p(activity, pass_percent=70))
    assert not activities_passed(learner, page)
    result = H5PResult.objects.create(user=learner, activity=activity, best_scaled=0.69, completed=True)
    assert not activities_passed(learner, page)
    result.best_scaled = 0.7
    result.save()
    assert activities_passed(learner, page)


def test_zero_percent_needs_completion(learner, activity):
    page = lesson(h5p(activity, pass_percent=0))
    assert not activities_passed(learner, page)
    H5PResult.objects.create(user=learner, activity=activity, completed=True)
    assert activities_passed(learner, page)


def test_each_required_block_counts(learner, activity, package_bytes):
    from courses.h5p.services import h5p_import

    from .builders import upload

    other = h5p_import(source=upload(package_bytes))
    page = lesson(h5p(activity), h5p(other, pass_percent=50))
    H5PResult.objects.create(user=learner, activity=activity, best_scaled=1)
    assert [b.id for b in pending_activities(learner, page)] == ["b1"]
    H5PResult.objects.create(user=learner, activity=other, best_scaled=0.5)
    assert activities_passed(learner, page)


def test_anonymous_never_passes(activity):
    from django.contrib.auth.models import AnonymousUser

    assert not activities_passed(AnonymousUser(), lesson(h5p(activity)))


def test_services_reexport():
    from courses.h5p import services

    assert services.activities_passed is activities_passed
