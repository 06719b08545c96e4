"""Fixtures for certificates: isolated media and keys, a small course, a test attempt, a certificate factory."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

BASE_URL = "https://hocvuso.example.vn"
_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def certificate_settings(settings, tmp_path):
    """Each test gets its own media folder and signing-key folder (an embedded-mode key made on first use)."""
    from certificates import signing

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CERT_KEY_DIR = tmp_path / "keys"
    settings.CERT_SIGNING_KEY = None
    settings.CERT_SIGNING_KEY_FILE = None
    settings.CERT_REQUIRE_SIGNING_KEY = False
    settings.CERT_PREVIOUS_PUBLIC_KEYS = []
    settings.CERT_BASE_URL = BASE_URL
    settings.CERT_DEFAULT_ISSUING_BODY = "Nền tảng Bình dân học vụ số"
    signing._current_key.cache_clear()
    yield settings
    signing._current_key.cache_clear()


@pytest.fixture
def template(db):
    from certificates.models import CertificateTemplate

    return CertificateTemplate.objects.create(
        name="Mặc định",
        issuing_body="Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế",
        issuing_body_en="Department of Science and Technology",
        signer_name="Trần Văn Hưởng",
        signer_title="GIÁM ĐỐC",
        is_default=True,
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what waits for the transaction to commit (tests run inside one)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def make_certificate(db, make_user, template, committed):
    """Factory: ``make_certificate(user=None, **snapshot)`` → an issued assessment certificate."""
    from certificates import services

    def factory(*, user=None, **snapshot):
        user = user or make_user(full_name="Nguyễn Thị Ánh Tuyết", phone=f"09{next(_counter):08d}", birth_year=1958)
        snapshot.setdefault("learner_name", user.full_name)
        snapshot.setdefault("achievement_title", "Bài kiểm tra chuẩn năng lực số – Người dân")
        snapshot.setdefault("framework_code", "TT02-2025")
        snapshot.setdefault("framework_version", "1")
        snapshot.setdefault("competences", [{"code": "4", "name": "An toàn", "level": 2, "percent": 80.0,
                                             "passed": True}])
        key = snapshot.pop("achievement_key", str(next(_counter)))
        with committed():
            certificate, _created = services.certificate_issue(
                user=user, kind="assessment", achievement_key=key, **snapshot
            )
        certificate.refresh_from_db()
        return certificate

    return factory


@pytest.fixture
def certificate(make_certificate):
    return make_certificate()


@pytest.fixture
def course(db):
    """A published course with two lessons (no knowledge checks), built with Wagtail's own APIs."""
    from wagtail.models import Page

    from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, Topic
    from quizzes.models import Competence

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Học vụ số", slug="hvs-cert-test"))
    index = home.add_child(instance=CourseIndexPage(title="Khóa học", slug="khoa-hoc"))
    course = index.add_child(instance=CoursePage(
        title="An toàn trên không gian mạng", slug="an-toan", summary="Nhận biết lừa đảo qua điện thoại.",
        topic=Topic.objects.get(slug="an-toan-tren-mang"),
    ))
    course.competences.set(Competence.objects.filter(framework__code="TT02-2025", code__in=["4.1", "4.2"]))
    course.save()
    for number in (1, 2):
        course.add_child(instance=LessonPage(title=f"Bài {number}: Cuộc gọi lừa đảo", slug=f"bai-{number}"))
    for page in [home, index, course, *course.get_children()]:
        page.specific.save_revision().publish()
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def assessment(db):
    from quizzes.models import Assessment, Framework

    return Assessment.objects.create(
        framework=Framework.objects.get(code="TT02-2025"),
        title="Bài kiểm tra chuẩn năng lực số – Người dân",
        slug="chuan-nguoi-dan",
        pass_mark=60,
        is_published=True,
    )


RESULT = {
    "score": 82.5,
    "areas": {
        "1": {"percent": 90.0, "passed": True, "level": 2},
        "4": {"percent": 75.0, "passed": True, "level": 2},
        "6": {"percent": 70.0, "passed": True, "level": 1},
    },
}


@pytest.fixture
def make_attempt(assessment, committed):
    """Factory: ``make_attempt(user, passed=True, state="submitted", result=RESULT)`` → a saved Attempt."""
    from django.utils import timezone

    from quizzes.models import Attempt

    def factory(user, *, passed=True, state=Attempt.State.SUBMITTED, result=None, score=82.5):
        now = timezone.now()
        with committed():
            return Attempt.objects.create(
                assessment=assessment, user=user, state=state, started_at=now - timedelta(minutes=30),
                closed_at=None if state == Attempt.State.IN_PROGRESS else now,
                framework_code="TT02-2025", framework_version="1", pass_mark=60,
                review_policy="own", score=None if state == Attempt.State.IN_PROGRESS else score,
                passed=None if state == Attempt.State.IN_PROGRESS else passed,
                result=RESULT if result is None else result,
            )

    return factory
