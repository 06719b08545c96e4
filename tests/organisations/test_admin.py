"""Wagtail admin: manager assignments, requirements (a course or a test) and targets (a snippet)."""

import pytest
from django.urls import reverse

from lms.organisations.models import ManagerAssignment, Requirement, Target


@pytest.fixture
def admin_client_(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_manager_assignment_admin(admin_client_, tree, make_manager):
    manager = make_manager()
    assert admin_client_.get(reverse("manager_assignments:index")).status_code == 200
    response = admin_client_.post(reverse("manager_assignments:add"), {"user": manager.pk, "unit": tree["P-A"].pk})
    assert response.status_code == 302
    assert ManagerAssignment.objects.filter(user=manager, unit=tree["P-A"]).exists()


def test_national_manager_assignment_admin(admin_client_, tree, make_manager):
    """"Cả nước" (the tree's root) is its own box: not a blank unit by accident, and never with a unit."""
    from lms.organisations.models import ASSIGNMENT_UNIT_OR_NATIONAL
    from lms.organisations.permissions import is_national

    manager = make_manager()
    for data in ({"user": manager.pk}, {"user": manager.pk, "unit": tree["P-A"].pk, "national": "on"}):
        response = admin_client_.post(reverse("manager_assignments:add"), data)
        assert response.status_code == 200 and str(ASSIGNMENT_UNIT_OR_NATIONAL) in response.content.decode()
    assert not ManagerAssignment.objects.filter(user=manager).exists()
    response = admin_client_.post(reverse("manager_assignments:add"), {"user": manager.pk, "national": "on"})
    assert response.status_code == 302
    manager.refresh_from_db()
    assert is_national(manager)


def test_requirement_admin_with_a_test(admin_client_, tree, groups, standard_test, course):
    assert admin_client_.get(reverse("requirements:index")).status_code == 200
    page = admin_client_.get(reverse("requirements:add"))
    assert page.status_code == 200 and course.title in page.content.decode()
    response = admin_client_.post(reverse("requirements:add"), {
        "assessment": standard_test.pk, "title": "", "unit": tree["P-A"].pk,
        "population_groups": [groups["civil-servant"].pk], "deadline": "2026-12-31", "active": "on",
    })
    assert response.status_code == 302
    requirement = Requirement.objects.get()
    assert requirement.target == standard_test and requirement.title == standard_test.title
    assert list(requirement.population_groups.all()) == [groups["civil-servant"]]
    edit = admin_client_.get(reverse("requirements:edit", args=[requirement.pk]))
    assert edit.status_code == 200


def test_target_snippet(admin_client_, groups):
    index = reverse("wagtailsnippets_organisations_target:list")
    assert admin_client_.get(index).status_code == 200
    response = admin_client_.post(reverse("wagtailsnippets_organisations_target:add"), {
        "population_group": groups["youth"].pk, "year": 2027, "percent": 95, "metric": "passed_standard_test",
    })
    assert response.status_code == 302
    assert Target.objects.get(year=2027).percent == 95
