"""Roster import: reading CSV/XLSX in the encodings Excel writes, every refusal reason, all-or-nothing,
valid-only, create vs update, activation emails and printable links, the page and the command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from lms.accounts.models import User
from lms.organisations import roster
from lms.organisations.roster import (
    ERR_BAD_DATE,
    ERR_BAD_EMAIL,
    ERR_BAD_PHONE,
    ERR_DUPLICATE_ACCOUNT,
    ERR_DUPLICATE_IN_FILE,
    ERR_MISSING_CONTACT,
    ERR_MISSING_NAME,
    ERR_UNIT_NOT_ALLOWED,
    ERR_UNKNOWN_GROUP,
    ERR_UNKNOWN_UNIT,
    INVITE,
    MOVE,
    REFUSED,
    UNCHANGED,
    UPDATE,
    RosterError,
    parse_birth_year,
    read_table,
    roster_import,
)

HEADER = ["Họ và tên", "Email", "Số điện thoại", "Mã đơn vị", "Nhóm đối tượng", "Ngày sinh"]
GOOD = [
    ["Nguyễn Thị Hoa", "hoa@example.vn", "", "A-A1-X", "civil-servant", "15/03/1985"],
    ["Trần Văn Bình", "", "0912 345 678", "C-A1", "Người dân", "1960"],
]


def csv_bytes(rows, *, delimiter=",", encoding="utf-8", bom=False, header=HEADER) -> bytes:
    text = "\r\n".join(delimiter.join(cell for cell in row) for row in [header, *rows]) + "\r\n"
    data = text.encode(encoding)
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    return data


def xlsx_bytes(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(GOOD),
        csv_bytes(GOOD, bom=True),
        csv_bytes(GOOD, delimiter=";", bom=True),
        csv_bytes(GOOD, delimiter="\t", encoding="utf-16"),  # Excel "Unicode text": UTF-16 with BOM, tabs
        csv_bytes(GOOD, delimiter=";", encoding="utf-16-le"),  # no BOM
    ],
    ids=["utf8", "utf8-bom", "semicolon-bom", "utf16-tab", "utf16le-nobom"],
)
def test_read_csv_variants(data):
    rows = read_table(data, "ds.csv")
    assert [r["full_name"] for r in rows] == ["Nguyễn Thị Hoa", "Trần Văn Bình"]
    assert rows[0]["unit_code"] == "A-A1-X" and rows[1]["phone"] == "0912 345 678"
    assert rows[0]["line"] == 2


def test_read_windows_1258():
    data = csv_bytes([["Tran Van Binh", "binh@example.vn", "", "C-A1", "adult", ""]], encoding="cp1258",
                     header=["Ho va ten", "Email", "SDT", "Ma don vi", "Nhom doi tuong", "Ngay sinh"])
    assert read_table(data)[0]["email"] == "binh@example.vn"


def test_read_xlsx_with_excel_dates():
    data = xlsx_bytes([["Nguyễn Thị Hoa", "hoa@example.vn", None, "A-A1-X", "civil-servant", dt.datetime(1985, 3, 15)]])
    rows = read_table(data, "ds.xlsx")
    assert rows[0]["full_name"] == "Nguyễn Thị Hoa"
    assert parse_birth_year(rows[0]["birth_date"]) == 1985


def test_english_headers_and_combined_contact_column():
    data = csv_bytes([["Le Thu", "0987654321", "C-A1"], ["Le Ha", "ha@example.vn", "C-A1"]],
                     header=["Full name", "Email or phone", "Unit code"])
    rows = read_table(data)
    assert rows[0]["contact"] == "0987654321" and rows[1]["contact"] == "ha@example.vn"


def test_missing_columns_and_empty_file_are_refused():
    with pytest.raises(RosterError):
        read_table(csv_bytes([["A"]], header=["Họ và tên"]))
    with pytest.raises(RosterError):
        read_table(b"")
    with pytest.raises(RosterError):
        read_table(b"PK\x03\x04 not really a workbook", "x.xlsx")


@pytest.mark.parametrize("value,year", [
    ("15/03/1985", 1985), ("1985-03-15", 1985), ("15-3-1985", 1985), ("15.03.1985", 1985), ("1985", 1985),
    ("31122", 1985), (31122, 1985), (31122.0, 1985), (dt.date(1990, 1, 2), 1990), ("", None), (None, None),
])
def test_parse_birth_year(value, year):
    assert parse_birth_year(value) == year


@pytest.mark.parametrize("value", ["31/02/1985x", "hôm qua", "1800", "3000-01-01"])
def test_parse_birth_year_refuses(value):
    with pytest.raises(ValueError):
        parse_birth_year(value)


# --- Checking: every refusal reason ---------------------------------------------------------------


def _errors(report, line):
    return next(r for r in report.rows if r.line == line).errors


def test_every_refusal_reason(tree, manager_a, person):
    other = person(tree["C-B1"], email="khac@example.vn", phone="+84911111111")
    person(tree["S-A2"], email="mine@example.vn", phone="+84922222222")  # one of manager A's own people
    rows = [
        ["", "a@example.vn", "", "C-A1", "", ""],  # 2 missing name
        ["Người Một", "not-an-email", "", "C-A1", "", ""],  # 3 bad email
        ["Người Hai", "", "12345", "C-A1", "", ""],  # 4 bad phone
        ["Người Ba", "ba@example.vn", "", "C-A1", "", "32/13/1990"],  # 5 bad date
        ["Người Bốn", "bon@example.vn", "", "NOPE", "", ""],  # 6 unknown unit
        ["Người Năm", "nam@example.vn", "", "C-A1", "phi công", ""],  # 7 unknown group
        ["Người Sáu", "sau@example.vn", "", "C-A1", "", ""],  # 8 fine
        ["Người Sáu Bis", "SAU@example.vn", "", "C-A1", "", ""],  # 9 duplicate of line 8
        ["Người Bảy", "bay@example.vn", "0922222222", "C-A1", "", ""],  # 10 phone of another of A's people
        ["Người Tám", "khac@example.vn", "", "C-A1", "", ""],  # 11 account placed in B: invited, not refused
        ["Người Chín", "chin@example.vn", "", "C-B1", "", ""],  # 12 unit outside A's subtree
        ["Người Mười", "", "", "C-A1", "", ""],  # 13 no contact
        ["Người Mười Một", "muoimot@example.vn", "0911111111", "C-A1", "", ""],  # 14 phone of someone in B
    ]
    report = roster_import(data=csv_bytes(rows), actor=manager_a)
    assert report.imported is False
    assert _errors(report, 2) == [str(ERR_MISSING_NAME)]
    assert _errors(report, 3) == [str(ERR_BAD_EMAIL)]
    assert _errors(report, 4) == [str(ERR_BAD_PHONE)]
    assert _errors(report, 5) == [str(ERR_BAD_DATE)]
    assert _errors(report, 6) == [str(ERR_UNKNOWN_UNIT)]
    assert _errors(report, 7) == [str(ERR_UNKNOWN_GROUP)]
    assert _errors(report, 8) == []
    assert _errors(report, 9) == [str(ERR_DUPLICATE_IN_FILE) % {"line": 8}]
    assert _errors(report, 10) == [str(ERR_DUPLICATE_ACCOUNT)]
    assert _errors(report, 12) == [str(ERR_UNIT_NOT_ALLOWED)]
    assert _errors(report, 13) == [str(ERR_MISSING_CONTACT)]
    # Accounts outside A's units are never named: such rows read like new people (see test_roster_invitations).
    for line in (8, 11, 14):
        row = next(r for r in report.rows if r.line == line)
        assert (row.errors, row.action, row.changes) == ([], INVITE, {})
    # All or nothing: not even the valid row was written.
    assert not User.objects.filter(email="sau@example.vn").exists()
    assert User.objects.get(pk=other.pk).commune_id == tree["C-B1"].pk


def test_valid_only_imports_the_valid_rows(tree, national_manager):
    rows = [*GOOD, ["", "x@example.vn", "", "C-A1", "", ""]]
    report = roster_import(data=csv_bytes(rows), actor=national_manager, valid_only=True, send=False)
    assert report.imported and report.counts == {INVITE: 2, UPDATE: 0, MOVE: 0, UNCHANGED: 0, REFUSED: 1}
    assert User.objects.filter(email="hoa@example.vn").exists()
    assert not User.objects.filter(email="x@example.vn").exists()


def test_create_places_people_and_sends_activation(tree, manager_a, groups):
    report = roster_import(data=csv_bytes(GOOD), actor=manager_a, base_url="https://hocvuso.example")
    assert report.imported and report.count(INVITE) == 2
    hoa = User.objects.get(email="hoa@example.vn")
    assert (hoa.unit, hoa.commune, hoa.province) == (tree["A-A1-X"], tree["C-A1"], tree["P-A"])
    assert hoa.population_group == groups["civil-servant"] and hoa.birth_year == 1985
    assert not hoa.has_usable_password() and hoa.groups.filter(name="Learners").exists()
    binh = User.objects.get(phone="+84912345678")
    assert binh.unit is None and binh.commune == tree["C-A1"] and binh.population_group == groups["adult"]
    assert binh.email.endswith(".invalid") and binh.phone_verified
    # Email rows get an email with a one-time link; phone-only rows a slip to print (its link activates).
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoa@example.vn"]
    assert "https://hocvuso.example/accounts/password/reset/key/" in mail.outbox[0].body
    assert [r.full_name for r in report.printable_links] == ["Trần Văn Bình"]
    assert report.printable_links[0].activation_link.startswith("https://hocvuso.example/accounts/invitations/")


def test_activation_link_lets_the_person_set_a_password(client, tree, national_manager):
    report = roster_import(data=csv_bytes(GOOD[1:]), actor=national_manager)
    link = report.printable_links[0].activation_link
    response = client.get(link, follow=True)
    assert response.status_code == 200
    response = client.post(response.redirect_chain[-1][0] if response.redirect_chain else link,
                           {"password1": "Hoc-vu-so#2026", "password2": "Hoc-vu-so#2026"})
    assert response.status_code == 302
    assert User.objects.get(phone="+84912345678").check_password("Hoc-vu-so#2026")


def test_second_import_updates_or_leaves_unchanged(tree, national_manager, groups):
    roster_import(data=csv_bytes(GOOD), actor=national_manager, send=False)
    again = roster_import(data=csv_bytes(GOOD), actor=national_manager, send=False)
    assert again.counts[UNCHANGED] == 2 and again.counts[INVITE] == 0
    moved = [["Nguyễn Thị Hoa", "hoa@example.vn", "0977000111", "S-A2", "teacher", "15/03/1985"]]
    report = roster_import(data=csv_bytes(moved), actor=national_manager, send=False)
    assert report.counts[MOVE] == 1 and not mail.outbox  # a move (issue 16: reported as such), not sent here
    hoa = User.objects.get(email="hoa@example.vn")
    assert hoa.unit == tree["S-A2"] and hoa.commune is None and hoa.population_group == groups["teacher"]
    assert hoa.phone == "+84977000111" and not hoa.phone_verified


def test_xlsx_import(tree, national_manager):
    report = roster_import(data=xlsx_bytes([["Lê Văn Cường", "cuong@example.vn", None, "C-A1", "youth", 31122]]),
                           filename="ds.xlsx", actor=national_manager, send=False)
    assert report.imported and User.objects.get(email="cuong@example.vn").birth_year == 1985


def test_write_failure_rolls_everything_back(tree, national_manager, monkeypatch):
    calls = {"n": 0}
    original = roster._create

    def failing(row):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(row)

    monkeypatch.setattr(roster, "_create", failing)
    with pytest.raises(RuntimeError):
        roster_import(data=csv_bytes(GOOD), actor=national_manager, send=False)
    assert not User.objects.filter(email="hoa@example.vn").exists()


# --- Page and command ----------------------------------------------------------------------------


def test_page_imports_for_a_manager(client, tree, manager_a):
    client.force_login(manager_a)
    url = reverse("reporting:roster_import")
    assert client.get(url).status_code == 200
    upload = io.BytesIO(csv_bytes(GOOD, bom=True, delimiter=";"))
    upload.name = "ds.csv"
    response = client.post(url, {"file": upload})  # the dry run first (issue 16), then the confirmation
    assert response.status_code == 200 and not response.context["report"].imported
    response = client.post(reverse("reporting:roster_confirm", args=[response.context["upload"].pk]))
    assert response.status_code == 200 and response.context["report"].imported
    assert "Trần Văn Bình" in response.content.decode()


def test_page_refuses_learners(client, learner):
    client.force_login(learner)
    assert client.get(reverse("reporting:roster_import")).status_code == 403


def test_page_with_errors_and_valid_only_checkbox(client, tree, manager_a):
    client.force_login(manager_a)
    url = reverse("reporting:roster_import")
    rows = [*GOOD, ["Người Xa", "xa@example.vn", "", "C-B1", "", ""]]
    upload = io.BytesIO(csv_bytes(rows))
    upload.name = "ds.csv"
    response = client.post(url, {"file": upload})
    assert not response.context["report"].imported and not User.objects.filter(email="hoa@example.vn").exists()
    upload = io.BytesIO(csv_bytes(rows))
    upload.name = "ds.csv"
    response = client.post(url, {"file": upload, "valid_only": "on"})
    assert not User.objects.filter(email="hoa@example.vn").exists()  # the dry run writes nothing
    response = client.post(reverse("reporting:roster_confirm", args=[response.context["upload"].pk]))
    assert response.context["report"].imported and User.objects.filter(email="hoa@example.vn").exists()
    assert not User.objects.filter(email="xa@example.vn").exists()


def test_command(tmp_path, tree, manager_a):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes([*GOOD, ["", "z@example.vn", "", "C-A1", "", ""]]))
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), stdout=io.StringIO())
    assert not User.objects.filter(email="hoa@example.vn").exists()
    out = io.StringIO()
    call_command("import_roster", str(path), "--valid-only", "--as", manager_a.email, stdout=out)
    assert "Imported" in out.getvalue() and User.objects.filter(email="hoa@example.vn").exists()
