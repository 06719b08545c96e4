"""Demo data for the managers' pages: ``seed_demo_reporting()`` (called by ``load_demo``; idempotent).

- the demo manager (quanly@hocvuso.vn) manages Thái Nguyên (``ManagerAssignment``);
- targets from DOMAIN.md for 2025 and 2026 (passed the standard test per group; adults' basic skills);
- a requirement: civil servants under Thái Nguyên pass the civil-servant standard test by 31/12/2026;
- a score of demo learners (``demo-…@hocvuso.vn``) across Thái Nguyên's units, some with closed attempts and
  course enrolments spread over the last weeks, so that the dashboard shows real numbers. Their attempts are
  written directly (marked ``"demo": true`` in ``result``), not through the quiz engine; the certificates app
  still issues certificates for the passed ones when the transaction commits.

Units, accounts, courses and the question bank come first (their own seeders); anything missing is skipped.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

DEMO_MANAGER = "quanly@hocvuso.vn"
DEMO_PROVINCE = "P-TN"
REQUIREMENT_DEADLINE = dt.date(2026, 12, 31)

# DOMAIN.md "Targets": group code → (2025, 2026) percent of people who passed their standard test.
TARGETS = {
    "leader": (100, 100),
    "civil-servant": (90, 100),
    "union": (90, 100),
    "youth": (80, 90),
    "student": (90, 100),
    "adult": (50, 70),
}
BASIC_SKILLS_TARGETS = {"adult": (80, 100)}

# email slug, full name, group, unit code, birth year, tests passed/failed ("cs"/"adult", score), courses done
DEMO_LEARNERS = [
    ("tn01", "Nguyễn Văn An", "civil-servant", "A-TN-SKHCN", 1980, ("cs", 82), 1),
    ("tn02", "Trần Thị Bình", "civil-servant", "A-TN-SKHCN", 1987, ("cs", 71), 2),
    ("tn03", "Lê Văn Cường", "civil-servant", "A-TN-SKHCN", 1991, ("cs", 45), 0),
    ("tn04", "Phạm Thị Dung", "civil-servant", "A-TN-UBND-PDP", 1979, ("cs", 66), 1),
    ("tn05", "Hoàng Văn Em", "civil-servant", "A-TN-UBND-PDP", 1993, None, 0),
    ("tn06", "Vũ Thị Phương", "leader", "A-TN-UBND-PDP", 1972, ("cs", 90), 1),
    ("tn07", "Đặng Văn Giang", "civil-servant", "A-TN-UBND-DINHHOA", 1985, None, 0),
    ("tn08", "Bùi Thị Hạnh", "civil-servant", "A-TN-UBND-DINHHOA", 1990, ("cs", 38), 0),
    ("tn09", "Đỗ Minh Khoa", "student", "S-TN-THPT-CHUYEN", 2008, ("adult", 75), 1),
    ("tn10", "Ngô Thị Lan Anh", "student", "S-TN-THPT-CHUYEN", 2009, None, 1),
    ("tn11", "Dương Văn Long", "adult", "C-TN-GIASANG", 1958, ("adult", 62), 1),
    ("tn12", "Lý Thị Mai", "adult", "C-TN-GIASANG", 1965, ("adult", 40), 0),
    ("tn13", "Hà Văn Nam", "adult", "R-TN-DINHHOA-BANCOC", 1961, None, 0),
    ("tn14", "Mai Thị Oanh", "adult", "R-TN-DINHHOA-BANCOC", 1970, ("adult", 58), 1),
    ("tn15", "Triệu Văn Phúc", "youth", "C-TN-PHOYEN", 2000, ("adult", 80), 2),
    ("tn16", "Chu Thị Quỳnh", "union", "C-TN-PHOYEN", 1988, None, 1),
]


def _targets() -> int:
    from lms.organisations.models import PopulationGroup, Target

    groups = {g.code: g for g in PopulationGroup.objects.all()}
    created = 0
    for table, metric in ((TARGETS, Target.Metric.PASSED_STANDARD_TEST), (BASIC_SKILLS_TARGETS, Target.Metric.BASIC_SKILLS)):
        for code, percents in table.items():
            if code not in groups:
                continue
            for year, percent in zip((2025, 2026), percents, strict=True):
                _, made = Target.objects.get_or_create(
                    unit=None, population_group=groups[code], year=year, metric=metric, defaults={"percent": percent}
                )
                created += made
    return created


def _result(score: float, passed: bool, framework_code: str, version: str) -> dict:
    level = 3 if score >= 80 else 2 if score >= 60 else 1
    return {
        "demo": True,
        "framework": {"code": framework_code, "version": version},
        "score": score, "passed": passed,
        "areas": [{"code": str(code), "level": max(0, level - (code % 2 == 0 and score < 70)), "score": score}
                  for code in range(1, 7)],
        "competences": [],
    }


def _attempt(user, assessment, score: float, when) -> bool:
    from quizzes.models import Attempt

    if Attempt.objects.filter(user=user, assessment=assessment).exists():
        return False
    passed = score >= float(assessment.pass_mark)
    framework = assessment.framework
    Attempt.objects.create(
        assessment=assessment, user=user, state=Attempt.State.SUBMITTED, started_at=when - dt.timedelta(minutes=30),
        closed_at=when, framework_code=framework.code, framework_version=framework.version,
        pass_mark=assessment.pass_mark, review_policy=assessment.review_policy, score=score, passed=passed,
        result=_result(score, passed, framework.code, framework.version),
    )
    return True


@transaction.atomic
def seed_demo_reporting(*, verbosity: int = 1) -> dict:
    """Create what is missing; a second run adds nothing."""
    from allauth.account.models import EmailAddress
    from wagtail.models import Locale

    from courses.models import CoursePage, Enrollment
    from lms.accounts.models import User
    from lms.accounts.services import user_add_to_learners
    from lms.organisations.models import ManagerAssignment, PopulationGroup, Requirement, Unit
    from lms.organisations.roster import place_fields
    from quizzes.demo import ADULT_SLUG, CIVIL_SERVANT_SLUG
    from quizzes.models import Assessment

    summary = {"assignments": 0, "targets": 0, "requirements": 0, "learners": 0, "attempts": 0, "enrollments": 0}
    units = {u.code: u for u in Unit.objects.all()}
    province = units.get(DEMO_PROVINCE)
    manager = User.objects.filter(email=DEMO_MANAGER).first()
    if manager is not None and province is not None:
        summary["assignments"] = int(ManagerAssignment.objects.get_or_create(user=manager, unit=province)[1])
    summary["targets"] = _targets()

    tests = {"cs": Assessment.objects.filter(slug=CIVIL_SERVANT_SLUG).first(),
             "adult": Assessment.objects.filter(slug=ADULT_SLUG).first()}
    civil_servants = PopulationGroup.objects.filter(code="civil-servant").first()
    if tests["cs"] is not None and province is not None and civil_servants is not None:
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(Assessment)
        requirement, made = Requirement.objects.get_or_create(
            content_type=content_type, object_id=tests["cs"].pk, unit=province,
            defaults={"title": tests["cs"].title, "deadline": REQUIREMENT_DEADLINE, "created_by": manager},
        )
        if made:
            requirement.population_groups.set([civil_servants])
        summary["requirements"] = int(made)

    groups = {g.code: g for g in PopulationGroup.objects.all()}
    courses = list(CoursePage.objects.live().filter(locale=Locale.get_default()).order_by("path"))
    now = timezone.now()
    for index, (slug, name, group, unit_code, year, test, done_courses) in enumerate(DEMO_LEARNERS):
        unit = units.get(unit_code)
        if unit is None:
            continue
        email = f"demo-{slug}@hocvuso.vn"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name=name, population_group=groups.get(group), birth_year=year,
                        **place_fields(unit))
            user.set_unusable_password()
            user.save()
            user_add_to_learners(user=user)
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            summary["learners"] += 1
        when = now - dt.timedelta(days=3 + 5 * index)
        if test is not None and tests.get(test[0]) is not None:
            summary["attempts"] += _attempt(user, tests[test[0]], float(test[1]), when)
        for number, course in enumerate(courses[: max(done_courses, 1)]):
            enrollment, made = Enrollment.objects.get_or_create(user=user, course=course)
            if made:
                summary["enrollments"] += 1
                if number < done_courses:
                    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=when + dt.timedelta(days=number))
    return summary
