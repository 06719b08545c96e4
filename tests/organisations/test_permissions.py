"""visible_units / scope_users: a manager sees their units' subtrees and nothing else; a national manager (and a
superuser) sees all; staff status (editors, reviewers) sees nothing."""

from lms.accounts.models import User
from lms.organisations.permissions import (
    can_see_unit,
    can_view_person,
    can_view_reports,
    people_visible_to,
    scope_users,
    visible_units,
)


def test_manager_sees_own_subtree_only(tree, manager_a):
    codes = set(visible_units(manager_a).values_list("code", flat=True))
    assert codes == {"P-A", "C-A1", "S-A2", "A-A1-X"}
    assert can_see_unit(manager_a, tree["A-A1-X"]) and not can_see_unit(manager_a, tree["C-B1"])
    assert not can_see_unit(manager_a, None)


def test_scope_users_follows_the_most_precise_place(tree, manager_a, person, make_user):
    in_a = person(tree["A-A1-X"])
    commune_only = person(tree["C-A1"])
    in_b = person(tree["C-B1"])
    nowhere = make_user()
    seen = set(scope_users(manager_a, User.objects.all()).values_list("pk", flat=True))
    assert {in_a.pk, commune_only.pk} <= seen
    assert in_b.pk not in seen and nowhere.pk not in seen


def test_national_manager_sees_everything_and_learner_nothing(tree, national_manager, learner, person, make_user):
    someone = person(tree["C-B1"])
    nowhere = make_user()
    assert visible_units(national_manager).count() == 6 and can_see_unit(national_manager, None)
    assert scope_users(national_manager, User.objects.all()).filter(pk=someone.pk).exists()
    assert can_view_person(national_manager, someone) and can_view_person(national_manager, nowhere)
    assert not can_view_reports(learner)
    assert not visible_units(learner).exists() and not scope_users(learner, User.objects.all()).exists()


def test_manager_without_assignment_sees_nothing(make_manager, tree, person):
    manager = make_manager()
    person(tree["C-A1"])
    assert can_view_reports(manager)
    assert not visible_units(manager).exists() and not scope_users(manager, User.objects.all()).exists()


def test_nested_assignments_and_several_units(make_manager, tree):
    manager = make_manager(tree["C-A1"], tree["A-A1-X"], tree["C-B1"])
    assert set(visible_units(manager).values_list("code", flat=True)) == {"C-A1", "A-A1-X", "C-B1"}


def test_staff_and_editors_see_no_one(tree, staff, person, make_user):
    """Issue 14: ``is_staff`` (the Wagtail admin's editors and reviewers) used to mean "the whole country"."""
    from lms.accounts.roles import EDITORS, MODERATORS, ensure_roles

    ensure_roles()
    someone = person(tree["C-B1"])
    for user in (staff, make_user(is_staff=True, groups=[EDITORS]), make_user(is_staff=True, groups=[MODERATORS])):
        assert not can_view_reports(user)
        assert not can_see_unit(user, None) and not can_see_unit(user, tree["C-B1"])
        assert not visible_units(user).exists()
        assert not people_visible_to(user).exists() and not can_view_person(user, someone)


def test_superuser_is_national(tree, person, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    someone = person(tree["C-B1"])
    assert can_view_reports(admin) and can_see_unit(admin, None) and can_view_person(admin, someone)


def test_can_view_person_follows_the_subtree(tree, manager_a, person, make_user):
    assert can_view_person(manager_a, person(tree["A-A1-X"]))
    assert can_view_person(manager_a, person(tree["C-A1"]))
    assert not can_view_person(manager_a, person(tree["C-B1"]))
    assert not can_view_person(manager_a, make_user())  # no place: nobody's but a national manager's
    in_a, in_b = person(tree["S-A2"], full_name="Người Ở A"), person(tree["C-B1"], full_name="Người Ở B")
    visible = set(people_visible_to(manager_a).values_list("pk", flat=True))
    assert in_a.pk in visible and in_b.pk not in visible
