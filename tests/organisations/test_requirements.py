"""requirements_for(user): subtree and population group decide which requirements apply."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from lms.organisations.models import Requirement
from lms.organisations.selectors import requirements_for


@pytest.fixture
def require(standard_test):
    def factory(unit=None, groups=(), active=True, title="Bắt buộc"):
        requirement = Requirement.objects.create(
            title=title, content_type=ContentType.objects.get_for_model(standard_test), object_id=standard_test.pk,
            unit=unit, deadline=dt.date(2026, 12, 31), active=active,
        )
        requirement.population_groups.set(groups)
        return requirement

    return factory


def test_applies_in_subtree_and_group(tree, groups, person, require):
    for_a = require(tree["P-A"], [groups["civil-servant"]], title="A")
    for_everyone = require(None, [], title="Tất cả")
    for_b = require(tree["P-B"], [], title="B")
    inactive = require(tree["P-A"], [], active=False, title="Cũ")
    for_adults = require(tree["C-A1"], [groups["adult"]], title="Người dân")
    civil = person(tree["A-A1-X"], group="civil-servant")
    adult = person(tree["C-A1"], group="adult")
    assert set(requirements_for(civil)) == {for_a, for_everyone}
    assert set(requirements_for(adult)) == {for_everyone, for_adults}
    assert for_b not in requirements_for(civil) and inactive not in requirements_for(civil)


def test_people_without_place_or_group(make_user, tree, groups, require):
    for_everyone = require()
    for_a = require(tree["P-A"])
    for_civil = require(None, [groups["civil-servant"]])
    nobody = make_user()
    assert list(requirements_for(nobody)) == [for_everyone]
    assert for_a not in requirements_for(nobody) and for_civil not in requirements_for(nobody)


def test_anonymous_has_none(db):
    from django.contrib.auth.models import AnonymousUser

    assert not requirements_for(AnonymousUser()).exists()


def test_admin_form_picks_course_or_test(tree, standard_test, course, staff):
    from lms.organisations.forms import REQUIREMENT_PICK_ONE, RequirementForm

    data = {"assessment": standard_test.pk, "unit": tree["P-A"].pk, "deadline": "2026-12-31", "active": "on"}
    form = RequirementForm(data, for_user=staff)
    assert form.is_valid(), form.errors
    requirement = form.save()
    assert requirement.target == standard_test and requirement.title == standard_test.title
    assert requirement.created_by == staff and requirement.target_kind == "assessment"
    both = RequirementForm({**data, "course": course.pk}, for_user=staff)
    assert not both.is_valid() and str(REQUIREMENT_PICK_ONE) in str(both.errors)
    only_course = RequirementForm({"course": course.pk, "deadline": "2026-06-30", "title": "Khóa học"}, for_user=staff)
    assert only_course.is_valid(), only_course.errors
    assert only_course.save().target_kind == "course"
