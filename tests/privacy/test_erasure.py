"""A learner asks for deletion: confirmed by password, carried out after a grace period shorter than the 72 hours
of Decree 13/2023/ND-CP, the account anonymised, certificates still verifiable (name withheld on request), results
counted in the dashboards' totals and listed nowhere."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import User
from lms.privacy import services
from lms.privacy.models import Consent, ErasureRequest

pytestmark = pytest.mark.django_db
PASSWORD = "Matkhau#2025"  # tests/conftest.py make_user


def _request(client, user, **data):
    client.force_login(user)
    return client.post(reverse("privacy:delete"), {"password": PASSWORD, "confirm": "on", **data},
                       HTTP_ACCEPT_LANGUAGE="vi")


def _later(hours=49):
    return timezone.now() + dt.timedelta(hours=hours)


def test_wrong_password_or_no_confirmation_changes_nothing(client, rich_learner):
    response = _request(client, rich_learner, password="sai-mat-khau")
    assert response.status_code == 400 and str(services.WRONG_PASSWORD) in response.content.decode()
    response = _request(client, rich_learner, confirm="")
    assert response.status_code == 400 and str(services.CONFIRM_REQUIRED) in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_request_waits_for_the_grace_period_and_can_be_cancelled(client, rich_learner, committed):
    with committed():
        response = _request(client, rich_learner)
    assert response.status_code == 302
    erasure = ErasureRequest.objects.get(user=rich_learner)
    assert erasure.status == ErasureRequest.Status.PENDING
    assert dt.timedelta(hours=47) < erasure.due_at - erasure.requested_at <= dt.timedelta(hours=48)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["man@example.vn"]
    assert "https://hocvuso.example.vn/accounts/privacy/delete/" in mail.outbox[0].body
    # Nothing happens before the grace period ends; the account still works and shows the request.
    assert services.erasures_complete_due() == 0
    page = client.get(reverse("privacy:delete"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Hủy yêu cầu xóa" in page
    client.post(reverse("privacy:delete"), {"action": "cancel"})
    erasure.refresh_from_db()
    assert erasure.status == ErasureRequest.Status.CANCELLED
    assert services.erasures_complete_due(now=_later()) == 0
    assert User.objects.get(pk=rich_learner.pk).full_name == "Lê Thị Mận"


def test_grace_period_stays_under_72_hours(settings):
    settings.PRIVACY_ERASURE_GRACE_HOURS = 500
    assert services.grace_period() < dt.timedelta(hours=72)


def test_staff_cannot_erase_themselves(client, staff):
    response = _request(client, staff)
    assert response.status_code == 400 and str(services.STAFF_CANNOT_ERASE) in response.content.decode()
    assert not ErasureRequest.objects.exists()


def _carry_out(client, user, **data):
    _request(client, user, **data)
    client.logout()
    assert services.erasures_complete_due(now=_later()) == 1
    return User.objects.get(pk=user.pk)


def test_account_is_anonymised_and_cannot_log_in(client, rich_learner):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=rich_learner, email="man@example.vn", verified=True, primary=True)
    client.force_login(rich_learner)
    session_key = client.session.session_key
    user = _carry_out(client, rich_learner)
    assert user.full_name == "" and user.phone is None and user.birth_year is None
    assert user.email.endswith(".invalid") and "man" not in user.email
    assert not user.is_active and not user.has_usable_password() and user.erased_at is not None
    assert not EmailAddress.objects.filter(user=user).exists()
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert not client.login(email="man@example.vn", password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": "man@example.vn", "password": PASSWORD})
    assert response.status_code == 200  # the form again, with an error: no such account
    assert Consent.objects.get(user=user).ip_address is None
    assert ErasureRequest.objects.get(user=user).status == ErasureRequest.Status.DONE


def test_certificate_stays_verifiable_with_name(client, rich_learner):
    from certificates.models import Certificate

    certificate = Certificate.objects.get(user=rich_learner)
    storage, pdf_name = certificate.pdf.storage, certificate.pdf.name
    assert storage.exists(pdf_name)
    _carry_out(client, rich_learner)
    certificate.refresh_from_db()
    assert not storage.exists(pdf_name)  # the PDF printed the name and address-less copies are not ours to keep
    page = client.get(certificate.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200 and "Chứng nhận hợp lệ" in page.content.decode()
    assert "Lê Thị Mận" in page.content.decode()


def test_certificate_name_withheld_on_request(client, rich_learner, staff):
    from certificates.models import Certificate
    from certificates.services import NO_LEARNER, CertificateError, certificate_reissue

    certificate = Certificate.objects.get(user=rich_learner)
    _carry_out(client, rich_learner, withhold_name="on")
    certificate.refresh_from_db()
    assert certificate.name_withheld and certificate.learner_name == ""
    page = client.get(certificate.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Chứng nhận hợp lệ" in page and "Họ tên được ẩn theo yêu cầu của người học." in page
    assert "Lê Thị Mận" not in page
    # Nobody can re-issue it under another name.
    with pytest.raises(CertificateError) as error:
        certificate_reissue(certificate=certificate, by=staff)
    assert error.value.message == NO_LEARNER


def test_dashboard_totals_do_not_change_and_no_row_names_the_person(
    client, rich_learner, person, tree, standard_test, record_attempt, manager_a
):
    from reporting import queries

    other = person(tree["C-A1"], full_name="Đỗ Văn Còn")
    record_attempt(other, standard_test, score=40)

    def totals():
        board = queries.dashboard(manager_a, tree["P-A"])
        return (board.learners, [(s.item.pk, s.enrolled, s.completed) for s in board.tests],
                [(s.item.pk, s.enrolled, s.completed) for s in board.courses],
                [(g.group.pk, g.learners, g.passed, g.basic) for g in board.groups],
                [(c.unit.pk, c.learners, c.passed, c.enrolled, c.completed) for c in board.children], board.weeks)

    before = totals()
    rows_before = list(queries.export_rows(manager_a, queries.Filters()))
    assert any("Lê Thị Mận" in row for row in rows_before)
    _carry_out(client, rich_learner)
    assert totals() == before
    rows_after = list(queries.export_rows(manager_a, queries.Filters()))
    assert all(row[2] == "Đỗ Văn Còn" for row in rows_after) and len(rows_after) == 1
    assert queries.export_count(manager_a, queries.Filters()) == 1
    erased = User.objects.get(pk=rich_learner.pk)
    assert erased not in queries.learners(manager_a).filter(pk=erased.pk).exclude(erased_at__isnull=False)


def test_requirement_list_skips_erased_people_and_summary_keeps_them(
    client, rich_learner, person, tree, course, groups, manager_a
):
    from django.contrib.contenttypes.models import ContentType

    from lms.organisations.models import Requirement
    from reporting import queries

    other = person(tree["C-A1"], full_name="Đỗ Văn Còn")
    requirement = Requirement.objects.create(
        title="Học kỹ năng số", content_type=ContentType.objects.get_for_model(course), object_id=course.pk,
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    requirement.population_groups.set([groups["civil-servant"]])
    summary_before = queries.requirement_summary(manager_a, requirement)
    _carry_out(client, rich_learner)
    summary_after = queries.requirement_summary(manager_a, requirement)
    assert (summary_after.applies, summary_after.done) == (summary_before.applies, summary_before.done)
    assert list(queries.not_completed(manager_a, requirement)) == [other]


def test_scheduler_runs_due_erasures(client, rich_learner):
    _request(client, rich_learner)
    ErasureRequest.objects.update(due_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert User.objects.get(pk=rich_learner.pk).erased_at is not None


def test_erasure_job_is_scheduled(settings):
    assert any(path == "lms.privacy.jobs.complete_due_erasures" and every <= 3600
               for path, every in settings.PERIODIC_JOBS)
