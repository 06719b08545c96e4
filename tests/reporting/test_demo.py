"""seed_demo_reporting(): the demo manager, targets, the civil-servant requirement and learners with results;
a second run adds nothing."""

import pytest

from demo.reporting import GENERATED
from lms.accounts.models import User
from lms.organisations.models import ManagerAssignment, Requirement, Target
from reporting import queries


@pytest.mark.django_db
def test_seed_demo_reporting_is_idempotent():
    from demo.accounts import seed_demo_accounts
    from demo.bank import CIVIL_SERVANT_SLUG, load_demo_bank
    from demo.reporting import seed_demo_reporting

    seed_demo_accounts()
    load_demo_bank(verbosity=0)
    first = seed_demo_reporting()
    assert first["learners"] == 16 + GENERATED and first["targets"] == 15 and first["requirements"] == 1
    assert first["attempts"] > 200  # no courses here (load_demo adds them): no enrolments
    second = seed_demo_reporting()
    assert not any(second.values())
    manager = User.objects.get(email="quanly@hocvuso.vn")
    assert ManagerAssignment.objects.get(user=manager).unit.code == "C-TN-PHANDINHPHUNG"  # one ward, not the province
    assert Target.objects.get(population_group__code="adult", year=2026, metric="basic_skills").percent == 100
    requirement = Requirement.objects.get()
    assert requirement.target.slug == CIVIL_SERVANT_SLUG and requirement.unit.code == "P-TN"
    assert [g.code for g in requirement.population_groups.all()] == ["civil-servant"]
    board = queries.dashboard(manager, ManagerAssignment.objects.get(user=manager).unit)
    assert board.learners >= 16 and board.passed_standard_total > 0
    assert any(stat.completed for stat in board.tests)
    # Every group with learners in the province and a standard test of its own shows people who passed it
    # (leaders take the public-sector test, youth and students the citizens' test).
    staff = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        email="root-demo@example.com", password="x" * 12)
    passed = {stat.group.code: stat.passed for stat in queries.dashboard(staff, None).groups if stat.learners >= 10}
    assert {"civil-servant", "leader", "adult", "youth", "student"} <= set(passed)
    assert all(passed[code] > 0 for code in ("civil-servant", "leader", "adult", "youth", "student")), passed
