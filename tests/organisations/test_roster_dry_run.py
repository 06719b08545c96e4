"""Issue 16, roster import for managers: the template, the dry run that writes nothing, the confirmation bound to
the uploader that applies exactly the plan shown (or shows the new one), "never update existing accounts",
refused values shown as they are in the file, names in parentheses, control characters reported, moved learners
told by email in their language."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import User
from lms.organisations.models import RosterUpload
from lms.organisations.roster import ERR_CONTROL_CHAR, MOVE, REFUSED, UNCHANGED, UPDATE, check_rows, roster_preview

from .test_roster import GOOD, HEADER, csv_bytes


def _upload(client, data: bytes, name="ds.csv", **options):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("reporting:roster_import"), {"file": upload, **options})


def _confirm(client, response):
    return client.post(reverse("reporting:roster_confirm", args=[response.context["upload"].pk]))


def test_template_downloads_have_the_header_and_one_example_that_checks(client, tree, manager_a):
    from openpyxl import load_workbook

    client.force_login(manager_a)
    response = client.get(reverse("reporting:roster_template", args=["csv"]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER and len(rows) == 2 and rows[1][3] == "P-A"  # the manager's own unit
    response = client.get(reverse("reporting:roster_template", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER and sheet.max_row == 2
    # The example row itself passes the checks (a name in parentheses included).
    [row] = roster_preview(data=response.content, filename="mau.xlsx", actor=manager_a).rows
    assert row.ok, row.errors
    assert client.get("/manage/roster/template.pdf").status_code == 404


def test_dry_run_writes_nothing_then_confirm_applies_it(client, tree, manager_a):
    client.force_login(manager_a)
    response = _upload(client, csv_bytes(GOOD))
    report = response.context["report"]
    assert not report.imported and report.counts["invited"] == 2
    assert not User.objects.filter(email="hoa@example.vn").exists() and not mail.outbox
    assert "Xác nhận và nhập" in response.content.decode()
    kept = RosterUpload.objects.get(owner=manager_a)
    assert kept.expires_at > timezone.now() and bytes(kept.data) == csv_bytes(GOOD)
    response = _confirm(client, response)
    assert response.context["report"].imported and User.objects.filter(email="hoa@example.vn").exists()
    assert not RosterUpload.objects.exists()  # used once


def test_confirm_is_bound_to_the_uploader_and_expires(client, tree, manager_a, make_manager):
    client.force_login(manager_a)
    preview = _upload(client, csv_bytes(GOOD))
    other = make_manager(tree["P-A"], full_name="Quản Lý Khác")
    client.force_login(other)
    response = _confirm(client, preview)
    assert response.context["report"] is None and response.context["error"]
    assert not User.objects.filter(email="hoa@example.vn").exists()
    client.force_login(manager_a)
    RosterUpload.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = _confirm(client, preview)
    assert response.context["error"] and not User.objects.filter(email="hoa@example.vn").exists()


def test_data_changed_between_preview_and_confirm_is_shown_again(client, tree, manager_a, person):
    client.force_login(manager_a)
    preview = _upload(client, csv_bytes(GOOD))
    assert preview.context["report"].counts["invited"] == 2
    person(tree["C-A1"], email="hoa@example.vn", full_name="Nguyễn Thị Hoa")  # someone signs up meanwhile
    response = _confirm(client, preview)
    report = response.context["report"]
    assert report.changed and not report.imported and response.context["notice"]
    assert User.objects.get(email="hoa@example.vn").unit is None  # nothing written
    assert not User.objects.filter(phone="+84912345678").exists()
    assert report.counts[MOVE] == 1  # the new plan: Hoa moves from the ward to the agency
    response = _confirm(client, response)  # confirming the new plan applies it
    assert response.context["report"].imported
    assert User.objects.get(email="hoa@example.vn").unit == tree["A-A1-X"]


def test_never_update_existing_accounts(client, tree, manager_a, person, groups):
    hoa = person(tree["A-A1-X"], email="hoa@example.vn", full_name="Nguyễn Thị Hoa", group="adult")
    client.force_login(manager_a)
    preview = _upload(client, csv_bytes(GOOD), never_update="on")
    row = preview.context["report"].rows[0]
    assert row.action == UNCHANGED and row.kept and not row.changes
    _confirm(client, preview)
    hoa.refresh_from_db()
    assert hoa.population_group == groups["adult"]  # the file said civil-servant: left as it was
    assert User.objects.filter(phone="+84912345678").exists()  # new people are still invited
    [row] = check_rows([{"line": 2, "full_name": "Nguyễn Thị Hoa", "email": "hoa@example.vn", "unit_code": "A-A1-X",
                         "group": "civil-servant"}], actor=manager_a)
    assert row.action == UPDATE  # by default, the same row updates


def test_refused_values_are_shown_as_in_the_file(client, tree, manager_a):
    client.force_login(manager_a)
    rows = [["Trần 3 Bình", "khong-phai-email", "", "KHONG-CO", "", ""]]
    html = _upload(client, csv_bytes(rows)).content.decode()
    assert "Trần 3 Bình" in html and "khong-phai-email" in html and "KHONG-CO" in html
    row = html.split('class="row-refused"')[1].split("</tr>")[0]
    assert "<td>–</td>" not in row


def test_names_with_parentheses_are_accepted(tree, manager_a):
    [row] = check_rows([{"line": 2, "full_name": "Lê Thị Hoa (Út)", "email": "ut@example.vn", "unit_code": "C-A1"}],
                       actor=manager_a)
    assert row.ok and row.full_name == "Lê Thị Hoa (Út)"


def test_nul_and_control_characters_are_reported_not_dropped(client, tree, manager_a):
    raw = [{"line": 2, "full_name": "Nguyễn\x00 Thị Hoa", "email": "hoa@example.vn", "unit_code": "C-A1"},
           {"line": 3, "full_name": "Trần Văn Bình", "email": "binh@example.vn", "unit_code": "C-A1\x07"}]
    first, second = check_rows(raw, actor=manager_a)
    assert first.action == REFUSED and str(ERR_CONTROL_CHAR) % {"column": "Họ và tên"} in first.errors
    assert second.action == REFUSED and any("Mã đơn vị" in e for e in second.errors)
    assert first.raw["full_name"] == "Nguyễn␀ Thị Hoa"  # shown, visibly
    client.force_login(manager_a)
    data = csv_bytes([["Nguyễn\x00 Thị Hoa", "hoa@example.vn", "", "C-A1", "", ""]])
    response = _upload(client, data)
    assert response.context["report"].counts[REFUSED] == 1 and "␀" in response.content.decode()
    assert response.context["upload"] is None  # nothing to confirm


def test_moved_learners_are_told_in_their_language(client, tree, manager_a, person):
    from wagtail.users.models import UserProfile

    hoa = person(tree["C-A1"], email="hoa@example.vn", full_name="Nguyễn Thị Hoa")
    binh = person(tree["C-A1"], email="binh@example.vn", full_name="Trần Văn Bình")
    profile = UserProfile.get_for_user(binh)
    profile.preferred_language = "en"
    profile.save()
    rows = [["Nguyễn Thị Hoa", "hoa@example.vn", "", "S-A2", "", ""],
            ["Trần Văn Bình", "binh@example.vn", "", "A-A1-X", "", ""]]
    client.force_login(manager_a)
    preview = _upload(client, csv_bytes(rows))
    assert [r.action for r in preview.context["report"].rows] == [MOVE, MOVE] and not mail.outbox
    _confirm(client, preview)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"hoa@example.vn", "binh@example.vn"}
    assert "Trường Hai" in by_recipient["hoa@example.vn"].subject and "chuyển" in by_recipient["hoa@example.vn"].body
    assert "Phường Một" in by_recipient["hoa@example.vn"].body
    english = by_recipient["binh@example.vn"]
    assert "moved" in english.subject and "Xin chào" not in english.body
    hoa.refresh_from_db()
    assert hoa.unit == tree["S-A2"]


def test_expired_roster_files_are_purged(client, tree, manager_a, settings):
    from lms.organisations.jobs import purge_expired_roster_uploads

    client.force_login(manager_a)
    _upload(client, csv_bytes(GOOD))
    _upload(client, csv_bytes(GOOD[:1]))
    assert purge_expired_roster_uploads() == 0 and RosterUpload.objects.count() == 2
    first = RosterUpload.objects.order_by("created_at").first()
    RosterUpload.objects.filter(pk=first.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert purge_expired_roster_uploads() == 1 and RosterUpload.objects.count() == 1
    assert ("lms.organisations.jobs.purge_expired_roster_uploads", 900) in settings.PERIODIC_JOBS
