"""Demo question bank (``bank.gift``, imported by the GIFT importer) and the two standard tests.

``load_demo_bank()`` is idempotent: it imports the bank once (recognised by its category prefix) and creates
or updates the standard tests by slug. ``manage.py load_demo`` (the demo loader) calls it.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from lms.organisations.models import PopulationGroup
from quizzes.importers import gift
from quizzes.models import AreaPassMark, Assessment, BlueprintRow, CompetenceArea, Framework, Question
from quizzes.services import assessment_record_live_version, questions_import

BANK = Path(__file__).with_name("bank.gift")
CATEGORY_PREFIX = "Học vụ số/TT02-2025/"
FRAMEWORK = "TT02-2025"

CIVIL_SERVANT_SLUG = "chuan-can-bo-cong-chuc-vien-chuc"
ADULT_SLUG = "ky-nang-so-co-ban-nguoi-dan"

STANDARD_TESTS = [
    {
        "slug": CIVIL_SERVANT_SLUG,
        "title": "Bài kiểm tra chuẩn kỹ năng số dành cho cán bộ, công chức, viên chức",
        "description": (
            "<p>Bài kiểm tra đánh giá năng lực số theo 6 miền của Khung năng lực số (Thông tư 02/2025/TT-BGDĐT): "
            "khai thác thông tin, giao tiếp và hợp tác, sáng tạo nội dung, an toàn, giải quyết vấn đề và ứng dụng "
            "trí tuệ nhân tạo.</p><p>Gồm 30 câu, làm trong 45 phút. Đạt khi được từ 60% tổng điểm và từ 40% điểm "
            "của mỗi miền.</p>"
        ),
        "time_limit_minutes": 45, "pass_mark": 60, "attempts_allowed": 3,
        # The standard default: score, profile and per-area feedback; the key once the attempts are used up.
        "review_policy": "correct", "review_after": "last_attempt",
        # The public sector's groups (DOMAIN.md): cadres, civil servants and public employees, their leaders,
        # teachers (public employees) and trade union members.
        "groups": ["civil-servant", "leader", "teacher", "union"],
        # (area, level from, level to, count): one level per row, so every draw has the same number of
        # questions at each level of each area and the proficiency level does not depend on the draw.
        "rows": [(area, level, level, count) for area in "123456" for level, count in ((1, 2), (2, 2), (3, 1))],
        "area_pass_marks": {area: 40 for area in "123456"},
    },
    {
        "slug": ADULT_SLUG,
        "title": "Bài kiểm tra kỹ năng số cơ bản cho người dân",
        "description": (
            "<p>Bài kiểm tra ngắn về những kỹ năng số thiết yếu: dùng điện thoại thông minh, VNeID và dịch vụ công "
            "trực tuyến, thanh toán không dùng tiền mặt, phòng tránh lừa đảo trên mạng và dùng trí tuệ nhân tạo "
            "an toàn.</p><p>Gồm 20 câu, làm trong 30 phút. Đạt khi được từ 50% tổng điểm.</p>"
        ),
        # Unlimited attempts: the key would let a learner harvest the bank, so score, profile and feedback only.
        "time_limit_minutes": 30, "pass_mark": 50, "attempts_allowed": 0,
        "review_policy": "score", "review_after": "last_attempt",
        # Everyone else reported on (DOMAIN.md): adults, youth, pupils and students, workers, farmers.
        "groups": ["adult", "youth", "student", "worker", "farmer"],
        "rows": [("1", 1, 1, 2), ("1", 2, 2, 2), ("2", 1, 1, 2), ("2", 2, 2, 2), ("3", 1, 1, 1), ("3", 2, 2, 2),
                 ("4", 1, 1, 2), ("4", 2, 2, 2), ("5", 1, 1, 1), ("5", 2, 2, 2), ("6", 1, 1, 1), ("6", 2, 2, 1)],
        "area_pass_marks": {},
    },
]


def load_demo_bank(*, verbosity: int = 1) -> dict:
    """Import the demo bank (once) and create or update the standard tests. Returns counts."""
    framework = Framework.objects.get(code=FRAMEWORK)
    imported = 0
    with transaction.atomic():
        if not Question.objects.filter(category__startswith=CATEGORY_PREFIX).exists():
            report = questions_import(result=gift.parse(BANK.read_text(encoding="utf-8")), framework_code=FRAMEWORK,
                                      approve=True)  # the bundled bank is reviewed with the code
            if not report.ok:
                raise RuntimeError("Demo bank failed to import: " + "; ".join(str(p) for p in report.errors))
            imported = len(report.created)
        areas = {a.code: a for a in CompetenceArea.objects.filter(framework=framework)}
        tests = []
        for spec in STANDARD_TESTS:
            assessment = Assessment.objects.filter(slug=spec["slug"]).first() or Assessment(slug=spec["slug"])
            assessment.framework = framework
            assessment.title = spec["title"]
            assessment.description = spec["description"]
            assessment.time_limit_minutes = spec["time_limit_minutes"]
            assessment.pass_mark = spec["pass_mark"]
            assessment.attempts_allowed = spec["attempts_allowed"]
            assessment.review_policy = spec["review_policy"]
            assessment.review_after = spec["review_after"]
            assessment.shuffle_questions = assessment.shuffle_choices = True
            assessment.is_published = True
            assessment.blueprint_rows = [
                BlueprintRow(area=areas[code], level_min=lo, level_max=hi, count=count)
                for code, lo, hi, count in spec["rows"]
            ]
            assessment.area_pass_marks = [
                AreaPassMark(area=areas[code], pass_mark=mark) for code, mark in spec["area_pass_marks"].items()
            ]
            assessment.population_groups = list(PopulationGroup.objects.filter(code__in=spec["groups"]))
            assessment.save()
            assessment_record_live_version(assessment=assessment)  # the approved version its attempts name
            tests.append(assessment)
    return {"imported": imported, "questions": Question.objects.filter(category__startswith=CATEGORY_PREFIX).count(),
            "tests": [t.slug for t in tests]}
