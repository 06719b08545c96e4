"""Issuing rules: a course completed, a test passed; once per learner and achievement, even when raced."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from certificates import services
from certificates.models import Certificate
from quizzes.models import Framework


@pytest.fixture
def complete_course(committed):
    def run(user, course):
        from courses.services import complete_lesson, enrol

        with committed():
            enrol(user=user, course=course)
            for lesson in course.lessons():
                complete_lesson(user=user, lesson=lesson)

    return run


def test_completing_every_lesson_issues_one_course_certificate(course, make_user, template, complete_course):
    learner = make_user(full_name="Lê Thị Hồng Nhung")
    complete_course(learner, course)

    certificate = Certificate.objects.get(user=learner)
    assert certificate.kind == Certificate.Kind.COURSE
    assert certificate.achievement_key == str(course.translation_key)
    assert certificate.learner_name == "Lê Thị Hồng Nhung"
    assert certificate.achievement_title == "An toàn trên không gian mạng"
    assert certificate.issuing_body == template.issuing_body
    assert [c["code"] for c in certificate.competences] == ["4.1", "4.2"]
    framework = Framework.objects.get(code="TT02-2025")
    assert (certificate.framework_code, certificate.framework_version) == (framework.code, framework.version)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.pdf.name.endswith(".pdf")  # the task ran inline (ImmediateBackend)


def test_half_a_course_issues_nothing(course, make_user, committed):
    from courses.services import complete_lesson, enrol

    learner = make_user()
    with committed():
        enrol(user=learner, course=course)
        complete_lesson(user=learner, lesson=course.lessons().first())
    assert not Certificate.objects.filter(user=learner).exists()


def test_the_completion_signal_twice_still_gives_one_certificate(course, make_user, committed):
    from courses.models import Enrollment
    from courses.signals import course_completed

    learner = make_user()
    enrollment = Enrollment.objects.create(user=learner, course=course)
    with committed():
        for _ in range(2):
            course_completed.send(sender=Enrollment, enrollment=enrollment, user=learner, course=course)
    assert Certificate.objects.filter(user=learner).count() == 1


def test_snapshot_does_not_follow_later_profile_edits(course, make_user, complete_course):
    learner = make_user(full_name="Phạm Văn Đức")
    complete_course(learner, course)
    learner.full_name = "Tên khác"
    learner.save()
    course.title = "Tên khóa học mới"
    course.save_revision().publish()
    certificate = Certificate.objects.get(user=learner)
    assert (certificate.learner_name, certificate.achievement_title) == ("Phạm Văn Đức", "An toàn trên không gian mạng")


def test_a_passed_attempt_issues_a_test_certificate_with_levels(make_attempt, make_user, assessment, committed):
    from quizzes.models import Attempt

    learner = make_user(full_name="Hoàng Thị Mỹ")
    attempt = make_attempt(learner, state=Attempt.State.IN_PROGRESS)
    assert not Certificate.objects.exists()

    attempt.state, attempt.passed, attempt.score = Attempt.State.SUBMITTED, True, 82.5
    attempt.result = {"areas": {"4": {"percent": 75.0, "passed": True, "level": 2}, "1": {"percent": 90, "level": 3}}}
    with committed():
        attempt.save()

    certificate = Certificate.objects.get(user=learner)
    assert certificate.kind == Certificate.Kind.ASSESSMENT
    assert certificate.achievement_key == str(assessment.pk)
    assert certificate.attempt_id == attempt.pk
    assert certificate.score == 82.5
    assert [(c["code"], c["name"], c["level"], c["percent"]) for c in certificate.competences] == [
        ("1", "Khai thác dữ liệu và thông tin", 3, 90.0),
        ("4", "An toàn", 2, 75.0),
    ]


def test_failed_or_open_attempts_issue_nothing(make_attempt, make_user):
    from quizzes.models import Attempt

    learner = make_user()
    make_attempt(learner, passed=False)
    make_attempt(learner, state=Attempt.State.IN_PROGRESS)
    assert not Certificate.objects.exists()
    with pytest.raises(services.CertificateError):
        services.certificate_issue_for_attempt(attempt=make_attempt(learner, passed=False))


def test_a_second_pass_keeps_the_first_certificate(make_attempt, make_user):
    learner = make_user()
    first = make_attempt(learner)
    make_attempt(learner, result={"areas": {"4": {"percent": 100, "level": 3}}})
    certificate = Certificate.objects.get(user=learner)
    assert certificate.attempt_id == first.pk
    assert [c["level"] for c in certificate.competences] == [2, 2, 1]


def test_issuing_twice_returns_the_same_certificate(make_attempt, make_user):
    learner = make_user()
    attempt = make_attempt(learner)
    again, created = services.certificate_issue_for_attempt(attempt=attempt)
    assert created is False
    assert Certificate.objects.filter(user=learner).count() == 1
    assert again == Certificate.objects.get(user=learner)


def test_learner_without_a_name_gets_a_placeholder_not_their_email(make_attempt, make_user):
    learner = make_user(full_name="")
    make_attempt(learner)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.learner_name == services.UNNAMED_LEARNER
    assert learner.email not in certificate.learner_name


@pytest.mark.django_db(transaction=True)
def test_two_threads_racing_issue_exactly_once(make_user, assessment):
    """Two requests (threads with their own connections) issue the same achievement at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("The race needs concurrent writers: run with DATABASE_URL=postgres://…")
    for round_number in range(5):
        learner = make_user()
        barrier = threading.Barrier(4)
        outcomes, errors = [], []

        def issue(learner=learner, barrier=barrier, outcomes=outcomes, errors=errors, n=round_number):
            try:
                barrier.wait(timeout=10)
                certificate, created = services.certificate_issue(
                    user=learner, kind="assessment", achievement_key=f"race-{n}", learner_name=learner.full_name,
                    achievement_title="Bài kiểm tra chuẩn",
                )
                outcomes.append((certificate.pk, created))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=issue) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert Certificate.objects.filter(user=learner).count() == 1
        assert len({pk for pk, _created in outcomes}) == 1
        assert sum(created for _pk, created in outcomes) == 1


def test_bulk_command_enqueues_one_task_per_learner_who_passed(make_user, assessment, committed):
    from io import StringIO

    from django.core.management import call_command

    from quizzes.models import Attempt

    passed = [make_user() for _ in range(3)]
    failed = make_user()
    # Attempts saved without signals, as if imported after a test session.
    for learner in passed:
        Attempt.objects.bulk_create([Attempt(
            assessment=assessment, user=learner, state="submitted", started_at="2026-11-20T08:00:00Z",
            closed_at="2026-11-20T08:30:00Z", framework_code="TT02-2025", framework_version="1", pass_mark=60,
            review_policy="own", score=80, passed=True, result={"areas": {"4": {"percent": 80, "level": 2}}},
        )])
    Attempt.objects.bulk_create([Attempt(
        assessment=assessment, user=failed, state="submitted", started_at="2026-11-20T08:00:00Z",
        framework_code="TT02-2025", framework_version="1", pass_mark=60, review_policy="own", score=20,
        passed=False,
    )])
    out = StringIO()
    with committed():
        call_command("issue_certificates", assessment=assessment.slug, stdout=out)
    assert "Enqueued 3 certificate task(s)" in out.getvalue()
    assert set(Certificate.objects.values_list("user", flat=True)) == {learner.pk for learner in passed}
    assert all(certificate.pdf for certificate in Certificate.objects.all())

    out = StringIO()
    call_command("issue_certificates", assessment=assessment.slug, stdout=out)
    assert "Enqueued 0 certificate task(s)" in out.getvalue()
    assert Certificate.objects.count() == 3


def test_a_colliding_serial_is_drawn_again(make_certificate, make_user, monkeypatch):
    from certificates import serials

    taken = make_certificate().serial
    fresh = iter([taken, taken, serials.generate()])
    monkeypatch.setattr(serials, "generate", lambda: next(fresh))
    certificate, created = services.certificate_issue(
        user=make_user(), kind="assessment", achievement_key="collide", learner_name="Vũ Thị Hoa",
        achievement_title="Bài kiểm tra chuẩn",
    )
    assert created and certificate.serial != taken
    assert Certificate.objects.filter(serial=taken).count() == 1


def test_attempt_closed_by_the_quiz_engine_issues_a_certificate(make_user, assessment, committed):
    """quizzes.services closes attempts with an UPDATE (no post_save) and sends ``attempt_closed`` after commit."""
    from django.utils import timezone

    from quizzes.models import Attempt
    from quizzes.results import ScoredItem, compute_result
    from quizzes.signals import attempt_closed

    learner = make_user(full_name="Đỗ Văn Lâm")
    with committed():
        attempt = Attempt.objects.create(
            assessment=assessment, user=learner, started_at=timezone.now(), framework_code="TT02-2025",
            framework_version="1", pass_mark=60, review_policy="own",
        )
    items = [ScoredItem(area_code="4", competence_code="4.2", competence_name="Bảo vệ dữ liệu cá nhân và quyền riêng tư",
                        level=level, score=1.0) for level in (1, 1, 2, 2)]
    items.append(ScoredItem(area_code="6", competence_code="6.1", competence_name="Hiểu biết về trí tuệ nhân tạo",
                            level=1, score=0.0))
    areas = [("1", "Khai thác dữ liệu và thông tin"), ("4", "An toàn"), ("6", "Ứng dụng trí tuệ nhân tạo")]
    result = compute_result(items=items, areas=areas, pass_mark=60, area_pass_marks={},
                            framework_code="TT02-2025", framework_version="1")
    Attempt.objects.filter(pk=attempt.pk).update(
        state="submitted", closed_at=timezone.now(), score=result["score"], passed=result["passed"], result=result
    )
    assert not Certificate.objects.exists()  # an UPDATE sends no post_save
    with committed():
        attempt_closed.send(sender=Attempt, attempt=Attempt.objects.get(pk=attempt.pk), timed_out=False)

    certificate = Certificate.objects.get(user=learner)
    assert certificate.score == 80.0
    # Areas where a level was attained (area 6 reached none; area 1 was not tested).
    assert [(c["code"], c["name"], c["level"], c["percent"]) for c in certificate.competences] == [
        ("4", "An toàn", 2, 100.0),
    ]
