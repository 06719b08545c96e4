"""Shared fixtures for tests/organisations and tests/reporting: two provinces, a manager of each, a national
manager, staff (no role), a
learner, a test and a course, and helpers to record results."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

_n = itertools.count(1)


@pytest.fixture
def tree(db):
    """Province A (P-A) with commune C-A1 (agency A-A1-X inside) and school S-A2; province B (P-B) with C-B1."""
    from lms.organisations.models import Unit
    from lms.organisations.services import unit_create

    K = Unit.Kind
    a = unit_create(parent=None, code="P-A", name="Tỉnh An Giang Thử", kind=K.PROVINCE)
    b = unit_create(parent=None, code="P-B", name="Tỉnh Bắc Thử", kind=K.PROVINCE)
    a1 = unit_create(parent=a, code="C-A1", name="Phường Một", kind=K.COMMUNE)
    a2 = unit_create(parent=a, code="S-A2", name="Trường Hai", kind=K.SCHOOL)
    x = unit_create(parent=a1, code="A-A1-X", name="UBND phường Một", kind=K.AGENCY)
    b1 = unit_create(parent=b, code="C-B1", name="Xã Bắc Một", kind=K.COMMUNE)
    return {u.code: Unit.objects.get(pk=u.pk) for u in (a, b, a1, a2, x, b1)}


@pytest.fixture
def groups(db):
    from lms.organisations.models import PopulationGroup

    return {g.code: g for g in PopulationGroup.objects.all()}


@pytest.fixture
def make_manager(make_user):
    from lms.accounts.roles import MANAGERS, ensure_roles
    from lms.organisations.permissions import manager_assign

    def factory(*units, **fields):
        ensure_roles()
        user = make_user(groups=[MANAGERS], **fields)
        for unit in units:
            manager_assign(user=user, unit=unit)
        return user

    return factory


@pytest.fixture
def manager_a(make_manager, tree):
    return make_manager(tree["P-A"], full_name="Quản Lý An")


@pytest.fixture
def manager_b(make_manager, tree):
    return make_manager(tree["P-B"], full_name="Quản Lý Bắc")


@pytest.fixture
def staff(make_user):
    """Staff of the Wagtail admin with no role: sees no one's results."""
    return make_user(is_staff=True, full_name="Nhân Viên Hệ Thống")


@pytest.fixture
def national_manager(make_user):
    """A manager of the root of the unit tree: the whole country."""
    from lms.accounts.roles import MANAGERS, ensure_roles
    from lms.organisations.permissions import manager_assign

    ensure_roles()
    user = make_user(groups=[MANAGERS], full_name="Quản Lý Toàn Quốc")
    manager_assign(user=user, national=True)
    return user


@pytest.fixture
def place():
    """``place(unit)`` → the profile fields (province, commune, unit) of someone in ``unit``."""
    from lms.organisations.roster import place_fields

    return place_fields


@pytest.fixture
def person(make_user, place, groups):
    """``person(unit, group="civil-servant", **fields)`` → a learner placed in ``unit``."""

    def factory(unit, group="civil-servant", **fields):
        return make_user(population_group=groups.get(group), **place(unit), **fields)

    return factory


@pytest.fixture
def standard_test(db, groups):
    from quizzes.models import Assessment, Framework

    assessment = Assessment.objects.create(
        framework=Framework.objects.get(code="TT02-2025"), title="Bài kiểm tra chuẩn CBCCVC", slug="chuan-cbcc",
        pass_mark=60, is_published=True,
    )
    assessment.population_groups = [groups["civil-servant"]]  # a ParentalManyToManyField: written on save()
    assessment.save()
    return assessment


@pytest.fixture
def course(db):
    from wagtail.models import Locale, Page

    from courses.models import CoursePage, Topic

    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node()
    topic, _ = Topic.objects.get_or_create(slug="ky-nang-so-test", defaults={"name": "Kỹ năng số"})
    page = root.add_child(instance=CoursePage(title="Kỹ năng số cơ bản", slug=f"ky-nang-so-{next(_n)}",
                                              summary="Tóm tắt", topic=topic))
    return CoursePage.objects.get(pk=page.pk)


@pytest.fixture
def record_attempt(db):
    """``record_attempt(user, assessment, score=80, when=None)`` → a closed attempt with per-area levels."""
    from django.utils import timezone

    from quizzes.models import Attempt

    def factory(user, assessment, score=80.0, when=None, levels=(3, 2, 1, 4, 2, 1)):
        when = when or timezone.now()
        passed = score >= float(assessment.pass_mark)
        return Attempt.objects.create(
            assessment=assessment, user=user, state=Attempt.State.SUBMITTED, started_at=when - dt.timedelta(minutes=20),
            closed_at=when, framework_code="TT02-2025", framework_version="1", pass_mark=assessment.pass_mark,
            review_policy="own", score=score, passed=passed,
            result={"score": score, "passed": passed,
                    "areas": [{"code": str(i), "level": lv} for i, lv in enumerate(levels, start=1)]},
        )

    return factory


@pytest.fixture
def enrol(db):
    """``enrol(user, course, completed=None|datetime)`` → an enrolment."""
    from courses.models import Enrollment

    def factory(user, course, completed=None):
        enrollment = Enrollment.objects.create(user=user, course=course)
        if completed:
            enrollment.completed_at = completed
            enrollment.save(update_fields=["completed_at"])  # as courses.services does (the counters hear it)
        return enrollment

    return factory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Many accounts per test: a fast hasher keeps these tests quick (never in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
