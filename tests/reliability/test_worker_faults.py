"""The worker dies in the middle of an export or a certificate (service level; any database).

A killed worker leaves its job as it was at that moment: an export RUNNING with some progress and no file, a
passed attempt whose certificate was never issued, a certificate without its PDF. Whatever runs next (the
queue re-running the task, the periodic sweeps) finishes the job once or marks it failed with a message its
owner sees; nothing is written twice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import ExportJob
from reporting.queries import Filters
from tests.organisations.fixtures import (  # noqa: F401 - shared fixtures
    course,
    enrol,
    groups,
    make_manager,
    manager_a,
    person,
    place,
    record_attempt,
    standard_test,
    tree,
)


@pytest.fixture
def export_root():
    """Where export files are written (the field's storage is chosen once, when the model is defined)."""
    return Path(ExportJob._meta.get_field("file").storage.location)


@pytest.fixture
def results(tree, person, standard_test, record_attempt):  # noqa: F811
    for n in range(12):
        record_attempt(person(tree["A-A1-X"], full_name=f"Học viên {n}"), standard_test, 50 + n * 4)


def export_files(root) -> set:
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no ``except Exception`` sees it."""


@pytest.mark.django_db
def test_export_killed_mid_file_is_rerun_once(results, manager_a, monkeypatch, export_root):  # noqa: F811
    from reporting import exports, services

    before = export_files(export_root)
    job = ExportJob.objects.create(owner=manager_a, format="csv", params=Filters().to_params())
    real_csv_lines = exports.csv_lines

    def dies_after_five_rows(rows, on_row=None, **options):  # options: the chosen columns and labels (issue 16)
        for n, chunk in enumerate(real_csv_lines(rows, on_row=on_row, **options)):
            if n == 5:
                raise WorkerKilled
            yield chunk

    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 1)  # a chunk per row: the worker dies after the fifth row
    monkeypatch.setattr(exports, "csv_lines", dies_after_five_rows)
    with pytest.raises(WorkerKilled):
        services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING and 0 < job.progress < 100 and not job.file
    assert export_files(export_root) == before  # written to a temporary file: nothing half-written is kept
    # The queue runs the task again (a reaper re-queued it): the job starts over and ends once.
    monkeypatch.setattr(exports, "csv_lines", real_csv_lines)
    job = services.export_job_run(job_id=job.pk)
    assert job.status == ExportJob.Status.DONE and job.progress == 100 and job.row_count == job.total_rows >= 12
    assert export_files(export_root) - before == {Path(job.file.path)}
    # A third run (a duplicate delivery) changes nothing.
    again = services.export_job_run(job_id=job.pk)
    assert again.file.name == job.file.name and export_files(export_root) - before == {Path(job.file.path)}
    job.file.delete(save=False)


@pytest.mark.django_db
def test_export_whose_worker_never_came_back_fails_with_a_message(client, results, manager_a, settings):  # noqa: F811
    from reporting.jobs import fail_stale_exports

    settings.EXPORT_STALE_MINUTES = 30
    now = timezone.now()
    stuck = ExportJob.objects.create(owner=manager_a, params=Filters().to_params(), status=ExportJob.Status.RUNNING,
                                     progress=40)
    waiting = ExportJob.objects.create(owner=manager_a, params=Filters().to_params())
    fresh = ExportJob.objects.create(owner=manager_a, params=Filters().to_params(), status=ExportJob.Status.RUNNING)
    ExportJob.objects.filter(pk__in=[stuck.pk, waiting.pk]).update(created_at=now - dt.timedelta(minutes=31))
    assert fail_stale_exports() == 2
    assert fail_stale_exports() == 0
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == ExportJob.Status.FAILED and stuck.was_interrupted and stuck.finished_at and stuck.expires_at
    assert fresh.status == ExportJob.Status.RUNNING
    client.force_login(manager_a)
    page = client.get(reverse("reporting:export_job", args=[stuck.pk])).content.decode()
    assert "Việc tạo tệp bị gián đoạn" in page and "vui lòng tạo lại tệp" in page
    status = client.get(reverse("reporting:export_job_status", args=[stuck.pk])).json()
    assert status["status"] == "failed" and status["download_url"] is None
    # A late re-run of a job marked failed does nothing (the owner asks again instead).
    from reporting.services import export_job_run

    assert export_job_run(job_id=stuck.pk).status == ExportJob.Status.FAILED


def test_sweeps_are_scheduled(settings):
    assert ("reporting.jobs.fail_stale_exports", 300) in settings.PERIODIC_JOBS
    assert ("certificates.jobs.issue_missing_certificates", 600) in settings.PERIODIC_JOBS


@pytest.mark.django_db
def test_certificate_lost_with_the_process_that_closed_the_attempt(started_attempt, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    from certificates.jobs import issue_missing_certificates
    from certificates.models import Certificate
    from quizzes import services

    attempt = started_attempt
    for item in attempt.items.select_related("version"):
        right = next(c["id"] for c in item.version.data["choices"] if float(c["fraction"]) >= 100)
        services.attempt_answer(attempt=attempt, user=attempt.user, position=item.position, response=right)
    # The attempt closes and commits; the process dies before the certificate is issued.
    monkeypatch.setattr(services, "_send_closed", lambda *args: None)
    attempt, closed = services.attempt_submit(attempt=attempt, user=attempt.user)
    assert closed and attempt.passed is True
    assert not Certificate.objects.filter(user=attempt.user).exists()
    assert issue_missing_certificates() == 0  # too recent: left to the normal path a little longer
    later = timezone.now() + dt.timedelta(minutes=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_missing_certificates(now=later) == 1
    assert issue_missing_certificates(now=later) == 0
    certificate = Certificate.objects.get(user=attempt.user)
    assert certificate.attempt_id == attempt.pk and certificate.pdf  # its PDF task ran (inline backend)
    # Revoked since: the sweep does not issue it again.
    Certificate.objects.filter(pk=certificate.pk).update(status="revoked", revoked_at=timezone.now(),
                                                         revocation_reason="test")
    assert issue_missing_certificates(now=later) == 0
    assert Certificate.objects.filter(user=attempt.user).count() == 1


@pytest.mark.django_db
def test_certificate_pdf_killed_mid_render_is_drawn_once_on_rerun(started_attempt, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    from certificates import pdf as pdf_module
    from certificates.models import Certificate
    from certificates.services import certificate_issue_for_attempt
    from certificates.tasks import generate_certificate_pdf
    from quizzes.models import Attempt

    Attempt.objects.filter(pk=started_attempt.pk).update(state="submitted", passed=True, score=90,
                                                         closed_at=timezone.now())
    attempt = Attempt.objects.select_related("assessment", "user").get(pk=started_attempt.pk)
    real_render = pdf_module.render_certificate

    def killed(certificate):
        raise WorkerKilled

    monkeypatch.setattr(pdf_module, "render_certificate", killed)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_issue_for_attempt(attempt=attempt)  # the issue commits, then its PDF task dies (FAILED)
    certificate = Certificate.objects.get(user=attempt.user)
    assert not certificate.pdf
    monkeypatch.setattr(pdf_module, "render_certificate", real_render)
    # Re-queued twice (a reaper, then a duplicate delivery): one PDF, the same certificate.
    first = generate_certificate_pdf.call(certificate.pk)
    second = generate_certificate_pdf.call(certificate.pk)
    assert first and first == second
    certificate_again, created = certificate_issue_for_attempt(attempt=attempt)
    assert not created and certificate_again.pk == certificate.pk
    assert Certificate.objects.filter(user=attempt.user).count() == 1


@pytest.mark.django_db
def test_course_certificate_lost_after_the_completion(course, enrol, make_user,  # noqa: F811
                                                      django_capture_on_commit_callbacks):
    from certificates.jobs import issue_missing_certificates
    from certificates.models import Certificate

    learner = make_user()
    enrol(learner, course, completed=timezone.now() - dt.timedelta(minutes=5))  # no signal: the issue was lost
    other = make_user()
    enrol(other, course)  # not completed: nothing to issue
    with django_capture_on_commit_callbacks(execute=True):
        assert issue_missing_certificates() == 1
    assert issue_missing_certificates() == 0
    certificate = Certificate.objects.get(user=learner)
    assert certificate.kind == Certificate.Kind.COURSE and certificate.achievement_key == str(course.translation_key)
    assert not Certificate.objects.filter(user=other).exists()
