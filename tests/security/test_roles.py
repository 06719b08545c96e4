"""Issue 14, "staff is not a manager": each hole as it was reproduced from outside, with the role that used it.

Editors and reviewers are ``is_staff`` for the Wagtail admin; ``/manage/`` treated staff as "the whole country".
These tests use only the shared fixtures (tests/organisations/fixtures.py), so that they run unchanged against
the code before the fix, where each of them fails.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from lms.accounts.models import User

HEADER = "Họ và tên,Email,Số điện thoại,Mã đơn vị,Nhóm đối tượng,Ngày sinh\r\n"


@pytest.fixture
def editor(make_user):
    from lms.accounts.roles import EDITORS, ensure_roles

    ensure_roles()
    return make_user(groups=[EDITORS], is_staff=True, full_name="Biên Tập Viên")


@pytest.fixture
def reviewer(make_user):
    from lms.accounts.roles import MODERATORS, ensure_roles

    ensure_roles()
    return make_user(groups=[MODERATORS], is_staff=True, full_name="Kiểm Duyệt Viên")


@pytest.fixture
def someone(tree, person):
    return person(tree["C-B1"], full_name="Nguyễn Thị Riêng Tư", email="rieng@example.vn", phone="+84912000123")


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_content_staff_cannot_open_the_national_dashboard(client, request, someone, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 403
    assert client.get(reverse("reporting:requirements")).status_code == 403


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_content_staff_cannot_export_names_emails_and_phones(client, request, someone, role):
    from reporting.models import ExportLog

    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("reporting:exports"), {"format": "csv"})
    body = _body(response)
    assert response.status_code == 403
    assert "Nguyễn Thị Riêng Tư" not in body and "rieng@example.vn" not in body and "912000123" not in body
    assert not ExportLog.objects.exists()


def test_editor_cannot_import_a_roster_into_any_province(client, tree, editor):
    client.force_login(editor)
    upload = io.BytesIO((HEADER + "Người Lạ,la@example.vn,,C-B1,,\r\n").encode())
    upload.name = "ds.csv"
    response = client.post(reverse("reporting:roster_import"), {"file": upload})
    assert response.status_code == 403
    assert not User.objects.filter(email="la@example.vn").exists()


def test_editor_cannot_read_the_export_log(client, manager_a, editor, reviewer):
    from reporting.models import ExportLog
    from reporting.queries import Filters
    from reporting.services import export_log_start

    log = export_log_start(user=manager_a, filters=Filters(), fmt="csv", route=ExportLog.Route.PAGE,
                           ip_address="203.0.113.7")
    for user in (editor, reviewer):
        client.force_login(user)
        for url in (reverse("export_logs:index"), reverse("export_logs:inspect", args=[log.pk])):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert manager_a.email not in _body(response) and "203.0.113.7" not in _body(response)


def test_content_staff_cannot_manage_certificates(client, editor):
    client.force_login(editor)
    assert client.get(reverse("my_certificates:manage")).status_code == 403


def test_bare_staff_status_sees_no_results(client, staff, someone):
    client.force_login(staff)
    assert client.get(reverse("reporting:dashboard")).status_code == 403


# --- "A manager cannot take over a learner" -------------------------------------------------------------------


def test_a_roster_row_does_not_take_over_a_self_registered_learner(tree, manager_a, make_user):
    """The row renamed her and moved her into A's ward, after which A could revoke and reissue her certificate."""
    from certificates.permissions import manageable_certificates
    from lms.organisations.roster import roster_import

    lan = make_user(email="lan@example.vn", full_name="Nguyễn Thị Lan", birth_year=1962)
    data = (HEADER + "Tên Do Quản Lý Đặt,lan@example.vn,,C-A1,,1990\r\n").encode()
    report = roster_import(data=data, actor=manager_a, send=False)
    assert report.imported
    lan.refresh_from_db()
    assert (lan.full_name, lan.birth_year) == ("Nguyễn Thị Lan", 1962)
    assert (lan.unit_id, lan.commune_id, lan.province_id) == (None, None, None)
    assert not manageable_certificates(manager_a).filter(user=lan).exists()


def test_the_roster_report_does_not_tell_whether_an_email_has_an_account(tree, manager_a, person, make_user):
    from lms.organisations.roster import check_rows, read_table

    make_user(email="lan@example.vn", full_name="Nguyễn Thị Lan")  # registered, no place
    person(tree["C-B1"], email="bac@example.vn", full_name="Người Ở Bắc")  # placed in B
    data = (HEADER + "Người Một,lan@example.vn,,C-A1,,\r\n" + "Người Hai,bac@example.vn,,C-A1,,\r\n"
            + "Người Ba,moi@example.vn,,C-A1,,\r\n").encode()
    rows = check_rows(read_table(data), actor=manager_a)
    shown = {(row.action, row.action_label, tuple(row.errors), tuple(row.changes)) for row in rows}
    assert len(shown) == 1 and not rows[0].errors


# --- Audit 2026-12-04 ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/manage/?unit=²", "/manage/requirements/?unit=²", "/manage/?year=²",
                                 "/manage/exports/?unit=²", "/manage/?unit=" + "9" * 40])
def test_odd_numbers_in_manager_urls_are_not_server_errors(client, tree, manager_a, national_manager, url):
    """Failed before: "²".isdigit() is True but int("²") raises: a 500 for any manager."""
    for user in (manager_a, national_manager):
        client.force_login(user)
        assert client.get(url).status_code in (200, 404)


def test_an_export_file_is_not_downloaded_after_the_assignment_is_removed(client, tree, manager_a):
    """Failed before: a manager whose assignment was removed could still download, for up to 72 hours, the file
    of the people they no longer manage (the download checked only that they owned the job)."""
    from lms.organisations.models import ManagerAssignment
    from lms.organisations.permissions import manager_assign
    from reporting.models import ExportJob
    from reporting.queries import Filters
    from reporting.services import export_job_run

    job = export_job_run(job_id=ExportJob.objects.create(owner=manager_a, params=Filters().to_params()).pk)
    url = reverse("reporting:export_download", args=[job.pk])
    client.force_login(manager_a)
    assert _body(client.get(url)).startswith("Mã đơn vị,")
    ManagerAssignment.objects.filter(user=manager_a).delete()
    manager_assign(user=manager_a, unit=tree["P-B"])  # moved to another province: still a manager
    assert client.get(url).status_code == 404
    ManagerAssignment.objects.filter(user=manager_a).delete()
    assert client.get(url).status_code == 404
    manager_assign(user=manager_a, unit=tree["P-A"])  # given back: the file is theirs again
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/django-admin/wagtaildocs/document/", "/django-admin/wagtaildocs/document/add/",
                                 "/django-admin/wagtailimages/image/", "/django-admin/wagtailimages/image/add/"])
def test_editors_cannot_reach_documents_and_images_in_the_django_admin(client, editor, url):
    """Failed before: Wagtail's Document and Image were in Django's admin too, where an editor listed every
    collection's files (private ones included) and could add a document without the magic-number check of
    lms/uploads.py (a page saved as .pdf) and an image without Wagtail's size and pixel limits."""
    client.force_login(editor)
    assert client.get(url).status_code == 404
    assert "wagtaildocs" not in client.get("/django-admin/").content.decode()


def test_a_unit_moved_in_the_tree_takes_its_people_and_manager_along(tree, manager_a, manager_b, make_manager,
                                                                     person):
    """Held (audit 2026-12-04): assignments are foreign keys and paths are read per request, so when commune C-A1
    moves from province A to province B its people leave A's scope and enter B's at once, and C-A1's own manager
    keeps them."""
    from lms.organisations.models import Unit
    from lms.organisations.permissions import can_view_person, forget_scope

    commune_manager = make_manager(tree["C-A1"])
    lan = person(tree["A-A1-X"], full_name="Người Ở Cơ Quan")
    assert can_view_person(manager_a, lan) and not can_view_person(manager_b, lan)
    Unit.objects.get(pk=tree["C-A1"].pk).move(Unit.objects.get(pk=tree["P-B"].pk), pos="sorted-child")
    lan = User.objects.get(pk=lan.pk)
    for manager in (manager_a, manager_b, commune_manager):
        forget_scope(manager)
    assert not can_view_person(manager_a, lan)
    assert can_view_person(manager_b, lan) and can_view_person(commune_manager, lan)
