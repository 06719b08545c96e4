"""The learner's side of requirements: courses.selectors.required_for(user) and "Bắt buộc đối với tôi"."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from courses.selectors import required_for
from lms.organisations.models import Requirement


@pytest.fixture
def assign(groups):
    def factory(target, unit=None, group_codes=(), deadline=dt.date(2026, 12, 31), **fields):
        requirement = Requirement.objects.create(
            title=fields.pop("title", target.title), content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk, unit=unit, deadline=deadline, **fields,
        )
        requirement.population_groups.set([groups[c] for c in group_codes])
        return requirement

    return factory


def test_required_for_lists_tests_and_courses_with_status(tree, person, standard_test, course, assign,
                                                          record_attempt, enrol):
    civil = person(tree["A-A1-X"])
    today = dt.date(2026, 6, 1)
    test_req = assign(standard_test, unit=tree["P-A"], group_codes=["civil-servant"])
    course_req = assign(course, unit=tree["C-A1"], deadline=dt.date(2026, 5, 1))
    assign(course, unit=tree["P-B"], title="Chỉ cho B")
    items = required_for(user=civil, today=today)
    assert [(i.requirement, i.status) for i in items] == [(course_req, "overdue"), (test_req, "pending")]
    assert items[0].kind == "course" and items[0].progress is not None and items[1].kind == "assessment"
    record_attempt(civil, standard_test, 90)
    enrol(civil, course, completed=timezone.now())
    assert {i.status for i in required_for(user=civil, today=today)} == {"done"}


def test_required_for_nobody(db, learner):
    from django.contrib.auth.models import AnonymousUser

    assert required_for(user=AnonymousUser()) == [] and required_for(user=learner) == []


def test_my_learning_shows_requirements_and_overdue(client, tree, person, standard_test, assign):
    civil = person(tree["A-A1-X"])
    assign(standard_test, unit=tree["P-A"], deadline=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(civil)
    html = client.get(reverse("my_learning")).content.decode()
    section = html.split('id="required-title"')[1].split("</section>")[0]
    assert standard_test.title in section and "Quá hạn" in section
    assert reverse("quizzes:detail", args=[standard_test.slug]) in section
