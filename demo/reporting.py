"""Demo data for the managers' pages: ``seed_demo_reporting()`` (called by ``load_demo``; idempotent).

- the demo manager (quanly@hocvuso.vn) manages one ward, Phường Phan Đình Phùng (``ManagerAssignment``); an
  assignment to the whole province left by an older demo is removed;
- targets from DOMAIN.md for 2025 and 2026 (passed the standard test per group; adults' basic skills);
- a requirement: civil servants under Thái Nguyên pass the civil-servant standard test by 31/12/2026;
- a score of demo learners (``demo-…@hocvuso.vn``) across Thái Nguyên's units, some with closed attempts and
  course enrolments spread over the last weeks, so that the dashboard shows real numbers. Their attempts are
  written directly (marked ``"demo": true`` in ``result``), not through the quiz engine; the certificates app
  still issues certificates for the passed ones when the transaction commits;
- ``GENERATED`` (300) more learners with Vietnamese names, generated from a fixed seed (the same people every
  time) and spread over the province's communes, agencies, schools and enterprises by weight, each with the
  population group their place suggests; about two in three took their standard test (some twice), most
  enrolled in a course or two and about half of those completed it, at dates spread over the last
  ``SPREAD_DAYS`` days. They are written with ``bulk_create`` (no signals: no certificates for them), so
  ``load_demo`` stays fast.

Units, accounts, courses and the question bank come first (their own seeders); anything missing is skipped.
"""

from __future__ import annotations

import datetime as dt
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from courses.models import CoursePage, Enrollment
from demo.bank import ADULT_SLUG, CIVIL_SERVANT_SLUG
from lms.accounts.models import User
from lms.accounts.roles import LEARNERS
from lms.accounts.services import user_add_to_learners
from lms.organisations.models import ManagerAssignment, PopulationGroup, Requirement, Target, Unit
from lms.organisations.roster import place_fields
from quizzes.models import Assessment, Attempt
from reporting.rollups import reconcile

DEMO_MANAGER = "quanly@hocvuso.vn"
DEMO_PROVINCE = "P-TN"
DEMO_MANAGED_UNIT = "C-TN-PHANDINHPHUNG"  # the one ward the demo manager sees (demo.units.DEMO_COMMUNE)
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


# A unit's own target, overriding the default for its subtree: (unit code, group code, year, percent).
UNIT_TARGETS = [(DEMO_MANAGED_UNIT, "adult", 2026, 75)]

# --- Generated learners ---------------------------------------------------------------------------------

GENERATED = 300
SPREAD_DAYS = 70  # results over the last ten weeks
SEED = "hoc-vu-so-demo-2025"

# (unit code, how many learners, population groups with weights). The demo manager's ward comes first: 100 of
# the 300 live in Phường Phan Đình Phùng and its agency, school, residential group and cooperative.
PLACES = [
    ("C-TN-PHANDINHPHUNG", 30, {"adult": 6, "youth": 2, "union": 1, "farmer": 1}),
    ("A-TN-UBND-PDP", 18, {"civil-servant": 8, "leader": 2, "union": 1}),
    ("S-TN-THPT-CHUYEN", 22, {"student": 8, "teacher": 2}),
    ("R-TN-PDP-TDP7", 18, {"adult": 7, "youth": 1, "farmer": 1}),
    ("E-TN-PDP-HTXDV", 12, {"worker": 5, "union": 2, "adult": 1}),
    ("A-TN-SKHCN", 20, {"civil-servant": 8, "leader": 2}),
    ("C-TN-GIASANG", 24, {"adult": 6, "youth": 2}),
    ("S-TN-THCS-GIASANG", 18, {"student": 8, "teacher": 2}),
    ("C-TN-QUYETTHANG", 16, {"adult": 6, "youth": 1}),
    ("A-TN-UBND-QT", 12, {"civil-servant": 5, "leader": 1}),
    ("C-TN-PHOYEN", 14, {"adult": 5, "youth": 2}),
    ("E-TN-PHOYEN-DIENTU", 22, {"worker": 6, "union": 3, "youth": 1}),
    ("C-TN-TICHLUONG", 14, {"adult": 6}),
    ("A-TN-UBND-DINHHOA", 14, {"civil-servant": 5, "leader": 1}),
    ("R-TN-DINHHOA-BANCOC", 18, {"farmer": 5, "adult": 3}),
    ("C-TN-DINHHOA", 28, {"farmer": 4, "adult": 4, "youth": 1}),
]

# Family names roughly by frequency (with the Tày, Nùng and Dao names common in Thái Nguyên), middle and given
# names by gender.
FAMILY_NAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 5, "Vũ": 4, "Đặng": 2, "Bùi": 2, "Đỗ": 2, "Hồ": 1,
    "Ngô": 1, "Dương": 1, "Lý": 1, "Đinh": 1, "Hà": 1, "Lương": 1, "Ma": 1, "Nông": 1, "Triệu": 1, "Lục": 1,
}
MIDDLE_NAMES = {
    "m": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Xuân", "Tiến", "Công", "Mạnh", "Ngọc", "Việt"],
    "f": ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Phương", "Hồng", "Minh", "Thùy", "Bích", "Kim", "Diệu"],
}
GIVEN_NAMES = {
    "m": ["An", "Bảo", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Khôi",
          "Long", "Lộc", "Mạnh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thịnh", "Toàn",
          "Trung", "Tuấn", "Vinh", "Việt", "Đông", "Kiên"],
    "f": ["Anh", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Huyền", "Hương", "Lan",
          "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quỳnh", "Tâm", "Thảo",
          "Thủy", "Trang", "Vân", "Yến", "Ánh", "Uyên"],
}
BIRTH_YEARS = {
    "student": (2006, 2010), "youth": (1991, 2005), "civil-servant": (1968, 1998), "leader": (1965, 1985),
    "teacher": (1970, 1998), "union": (1972, 1996), "worker": (1978, 2004), "farmer": (1955, 1992),
    "adult": (1950, 2000),
}
# Who takes which standard test ("cs": civil servants', "adult": the citizens' one), and how many do.
TEST_OF = {"civil-servant": "cs", "leader": "cs", "teacher": "cs"}
TAKES_TEST = {"civil-servant": 0.85, "leader": 0.9, "teacher": 0.75}


def generated_email(number: int) -> str:
    return f"demo-hv{number:03d}@hocvuso.vn"


def generated_people(seed: str = SEED) -> list[dict]:
    """The generated learners' plan: the same list on every run (one random stream per person)."""
    people = []
    number = 0
    for unit_code, count, group_weights in PLACES:
        for _ in range(count):
            number += 1
            rng = random.Random(f"{seed}-{number}")
            group = rng.choices(list(group_weights), weights=list(group_weights.values()))[0]
            gender = rng.choice("mf")
            name = " ".join((
                rng.choices(list(FAMILY_NAMES), weights=list(FAMILY_NAMES.values()))[0],
                rng.choice(MIDDLE_NAMES[gender]),
                rng.choice(GIVEN_NAMES[gender]),
            ))
            low, high = BIRTH_YEARS[group]
            person = {
                "number": number, "email": generated_email(number), "full_name": name, "group": group,
                "unit": unit_code, "birth_year": rng.randint(low, high),
                "phone": f"+8498{4100000 + number:07d}" if number % 4 == 0 else None,
                "joined_days": rng.uniform(SPREAD_DAYS, SPREAD_DAYS + 21),
                "attempts": [], "courses": [],
            }
            if rng.random() < TAKES_TEST.get(group, 0.6):
                day = rng.uniform(1, SPREAD_DAYS)
                if rng.random() < 0.2:  # failed once, tried again a few days later
                    person["attempts"].append((min(day + rng.uniform(3, 14), SPREAD_DAYS), rng.uniform(20, 58)))
                person["attempts"].append((day, round(rng.triangular(30, 98, 74), 1)))
            for slot in range(rng.choice((0, 1, 1, 2, 2, 3))):
                enrolled = rng.uniform(7, SPREAD_DAYS)
                done = rng.random() < 0.55
                gap = rng.uniform(0.5, 21)  # days from enrolling to completing; not yet if that is in the future
                completed = enrolled - gap if done and enrolled - gap > 0.25 else None
                person["courses"].append((slot, enrolled, completed))
            people.append(person)
    return people


def _seed_generated(*, units, groups, tests, courses, now) -> dict:
    """Create the generated learners and their results that are missing (bulk writes; no signals)."""
    counts = {"learners": 0, "attempts": 0, "enrollments": 0}
    people = [p for p in generated_people() if p["unit"] in units]
    existing = set(User.objects.filter(email__in=[p["email"] for p in people]).values_list("email", flat=True))
    places = {code: place_fields(units[code]) for code in {p["unit"] for p in people}}
    new_users = []
    for p in people:
        if p["email"] in existing:
            continue
        user = User(
            email=p["email"], full_name=p["full_name"], phone=p["phone"], phone_verified=bool(p["phone"]),
            birth_year=p["birth_year"], population_group=groups.get(p["group"]), **places[p["unit"]],
            date_joined=now - dt.timedelta(days=p["joined_days"]),
        )
        user.set_unusable_password()
        new_users.append(user)
    if new_users:
        User.objects.bulk_create(new_users, batch_size=500)
        ids = dict(User.objects.filter(email__in=[u.email for u in new_users]).values_list("email", "pk"))
        learners_group = Group.objects.get_or_create(name=LEARNERS)[0]
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=ids[u.email], group_id=learners_group.pk) for u in new_users],
            batch_size=500, ignore_conflicts=True,
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user_id=ids[u.email], email=u.email, verified=True, primary=True) for u in new_users],
            batch_size=500,
        )
        counts["learners"] = len(new_users)

    user_ids = dict(User.objects.filter(email__in=[p["email"] for p in people]).values_list("email", "pk"))
    tried = set(Attempt.objects.filter(user_id__in=user_ids.values()).values_list("user_id", "assessment_id"))
    enrolled = set(Enrollment.objects.filter(user_id__in=user_ids.values()).values_list("user_id", "course_id"))
    attempts, enrollments = [], []
    for p in people:
        user_id = user_ids[p["email"]]
        test = tests.get(TEST_OF.get(p["group"], "adult"))
        if test is not None and p["attempts"] and (user_id, test.pk) not in tried:
            framework = test.framework
            for days, score in p["attempts"]:
                when = now - dt.timedelta(days=days)
                passed = score >= float(test.pass_mark)
                attempts.append(Attempt(
                    assessment=test, user_id=user_id, state=Attempt.State.SUBMITTED,
                    started_at=when - dt.timedelta(minutes=25), closed_at=when, framework_code=framework.code,
                    framework_version=framework.version, pass_mark=test.pass_mark, review_policy=test.review_policy,
                    score=score, passed=passed, result=_result(score, passed, framework.code, framework.version),
                ))
        for slot, enrolled_days, completed_days in p["courses"]:
            if slot >= len(courses) or (user_id, courses[slot].pk) in enrolled:
                continue
            started = now - dt.timedelta(days=enrolled_days)
            finished = now - dt.timedelta(days=completed_days) if completed_days is not None else None
            enrollments.append(Enrollment(user_id=user_id, course=courses[slot], enrolled_at=started,
                                          last_activity_at=finished or started, completed_at=finished))
    Attempt.objects.bulk_create(attempts, batch_size=500)
    if enrollments:
        made = Enrollment.objects.bulk_create(enrollments, batch_size=500)
        # enrolled_at/last_activity_at are auto fields, set to "now" on insert: put the planned dates back.
        planned = {(e.user_id, e.course_id): (e.enrolled_at, e.last_activity_at) for e in enrollments}
        rows = list(Enrollment.objects.filter(user_id__in={e.user_id for e in made}, course__in=courses))
        for row in rows:
            if (row.user_id, row.course_id) in planned:
                row.enrolled_at, row.last_activity_at = planned[(row.user_id, row.course_id)]
        Enrollment.objects.bulk_update(rows, ["enrolled_at", "last_activity_at"], batch_size=200)
    counts["attempts"], counts["enrollments"] = len(attempts), len(enrollments)
    return counts


def _targets() -> int:
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
    units = {u.code: u for u in Unit.objects.filter(code__in=[row[0] for row in UNIT_TARGETS])}
    for unit_code, code, year, percent in UNIT_TARGETS:
        if unit_code in units and code in groups:
            created += Target.objects.get_or_create(
                unit=units[unit_code], population_group=groups[code], year=year,
                metric=Target.Metric.PASSED_STANDARD_TEST, defaults={"percent": percent},
            )[1]
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
    summary = {"assignments": 0, "targets": 0, "requirements": 0, "learners": 0, "attempts": 0, "enrollments": 0}
    units = {u.code: u for u in Unit.objects.all()}
    province = units.get(DEMO_PROVINCE)
    manager = User.objects.filter(email=DEMO_MANAGER).first()
    managed = units.get(DEMO_MANAGED_UNIT)
    if manager is not None and managed is not None:
        summary["assignments"] = int(ManagerAssignment.objects.get_or_create(user=manager, unit=managed)[1])
        if province is not None:  # older demos assigned the whole province
            ManagerAssignment.objects.filter(user=manager, unit=province).delete()
    summary["targets"] = _targets()

    tests = {"cs": Assessment.objects.filter(slug=CIVIL_SERVANT_SLUG).first(),
             "adult": Assessment.objects.filter(slug=ADULT_SLUG).first()}
    civil_servants = PopulationGroup.objects.filter(code="civil-servant").first()
    if tests["cs"] is not None and province is not None and civil_servants is not None:
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
    generated = _seed_generated(units=units, groups=groups, tests=tests, courses=courses, now=now)
    for key, value in generated.items():
        summary[key] += value
    # Rows above were written in bulk (no signals): the dashboard counters are recomputed from them once.
    reconcile()
    return summary
