"""visible_units / scope_users: a manager sees their units' subtrees and nothing else; staff see all."""

from lms.accounts.models import User
from lms.organisations.permissions import can_see_unit, can_view_reports, scope_users, visible_units


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


def test_staff_sees_everything_and_learner_nothing(tree, staff, learner, person):
    someone = person(tree["C-B1"])
    assert visible_units(staff).count() == 6 and can_see_unit(staff, None)
    assert scope_users(staff, User.objects.all()).filter(pk=someone.pk).exists()
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
