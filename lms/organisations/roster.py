"""Bulk roster import: a CSV or XLSX list of people → accounts (``User``) placed in units.

Columns (header names in Vietnamese or English, any order, accents and case ignored): full name; email and/or
phone (or one "email or phone" column); unit code; population group (code or name); date of birth (a date,
an Excel date, or a year). See ``HEADERS``.

Three steps, each a plain function tested on its own:
1. ``read_table(data, filename)``: bytes → rows of cells by canonical column. CSV in UTF-8 (with or without
   BOM), UTF-16 (Excel's "Unicode text", tab-separated), Windows-1258/1252; comma, semicolon or tab.
2. ``check_rows(rows, actor=...)``: validate every row and decide what it would do (invite, update,
   unchanged) or why it is refused (``ERR_*`` messages).
3. ``roster_import(...)``: all or nothing in one transaction. A file with any refused row writes nothing unless
   ``valid_only`` is set.

On the page the import is two steps (``lms/organisations/views.py``): the upload is a dry run that shows what
each row would do (invited, updated, moved to another unit, unchanged, refused, with the refused values as they
are in the file), and the file is kept server-side for its uploader (``RosterUpload``, expiring); confirming
applies it only if checking it again gives exactly the plan that was shown (``plan_digest``), otherwise the new
plan is shown to confirm again. ``update_existing=False`` never changes an account that exists. A learner moved
to another unit is told by email, in their language (``send_moved_email``).

Who a roster may change (issue 14, "a manager cannot take over a learner"): it creates accounts, and it updates
people already placed inside the manager's units (``permissions.in_scope_for_roster``). Anyone else with an
account (placed elsewhere, or self-registered with no place yet, or staff) gets an invitation
(``UnitInvitation``) that they accept or decline when they next sign in; nothing of theirs changes before.

The report is not an account-existence oracle: a new account and an invitation to an existing one read the same
("Đã mời"), count together, and a phone-only row gets the same kind of printed slip either way (a link to
``/accounts/invitations/<token>/``, which activates an account the roster created, and otherwise asks the person
to sign in and answer). New accounts with an email get an email with a one-time link to choose a password;
existing ones an email saying they were invited. Refusals name only what is in the file or inside the manager's
own units. A command-line import (``actor=None``) is the operator's and changes anyone, as before.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from wagtail.users.models import UserProfile

from lms.accounts.models import User
from lms.accounts.services import birth_year_bounds, normalise_full_name, normalise_phone, user_add_to_learners

from .models import PopulationGroup, Unit
from .permissions import can_see_unit, in_scope_for_roster
from .selectors import ancestor_paths
from .services import invitation_create

ERR_MISSING_NAME = _("Thiếu họ và tên.")
ERR_BAD_NAME = _("Họ và tên không hợp lệ.")
ERR_MISSING_CONTACT = _("Cần có email hoặc số điện thoại.")
ERR_BAD_EMAIL = _("Email không hợp lệ.")
ERR_BAD_PHONE = _("Số điện thoại không hợp lệ.")
ERR_BAD_DATE = _("Ngày sinh không hợp lệ.")
ERR_MISSING_UNIT = _("Thiếu mã đơn vị.")
ERR_UNKNOWN_UNIT = _("Không có đơn vị nào mang mã này.")
ERR_UNIT_NOT_ALLOWED = _("Bạn không quản lý đơn vị này.")
ERR_UNKNOWN_GROUP = _("Không có nhóm đối tượng này.")
ERR_DUPLICATE_IN_FILE = _("Trùng với dòng %(line)s trong tệp.")
ERR_DUPLICATE_ACCOUNT = _("Email hoặc số điện thoại đã thuộc về một tài khoản khác.")
ERR_CONTROL_CHAR = _("Ô “%(column)s” chứa ký tự điều khiển không in được (ví dụ ký tự NUL): hãy sửa ô này trong tệp.")
ERR_OTHER_UNIT = _("Tài khoản này thuộc một đơn vị bạn không quản lý.")  # command-line checks only (never shown
# to a manager: their roster invites such people instead, see the module docstring)

FILE_EMPTY = _("Tệp không có dòng dữ liệu nào.")
FILE_UNREADABLE = _("Không đọc được tệp. Hãy lưu tệp dưới dạng CSV (UTF-8) hoặc Excel (.xlsx).")
FILE_MISSING_COLUMNS = _("Tệp thiếu cột: %(columns)s.")

# INVITE is what the report shows both for a new account and for an invitation to an existing one (the row's
# private ``creates`` tells them apart for the import itself).
INVITE, UPDATE, MOVE, UNCHANGED, REFUSED = "invited", "updated", "moved", "unchanged", "refused"
ACTIONS = (INVITE, UPDATE, MOVE, UNCHANGED, REFUSED)
ACTION_LABELS = {
    INVITE: _("Đã mời"), UPDATE: _("Cập nhật"), MOVE: _("Chuyển đơn vị"), UNCHANGED: _("Không đổi"),
    REFUSED: _("Bị từ chối"),
}
PLACE_FIELDS = ("province", "commune", "unit")
COLUMN_LABELS = {
    "full_name": _("Họ và tên"), "email": "Email", "phone": _("Số điện thoại"), "contact": _("Email hoặc số điện thoại"),
    "unit_code": _("Mã đơn vị"), "group": _("Nhóm đối tượng"), "birth_date": _("Ngày sinh"),
}
# The downloadable template (``template_rows``): the header the reader knows best and one example row.
TEMPLATE_HEADER = ["Họ và tên", "Email", "Số điện thoại", "Mã đơn vị", "Nhóm đối tượng", "Ngày sinh"]
PHONE_EMAIL_DOMAIN = "sdt.hocvuso.invalid"  # accounts created from a phone number only (never mailed)

# Canonical column → header spellings (compared without accents, case or punctuation).
HEADERS = {
    "full_name": ["ho va ten", "ho ten", "full name", "fullname", "name", "ten", "ho va ten nguoi hoc"],
    "email": ["email", "e mail", "thu dien tu", "dia chi email"],
    "phone": ["so dien thoai", "dien thoai", "sdt", "so dt", "phone", "phone number", "mobile"],
    "contact": ["email hoac so dien thoai", "email or phone", "email hoac sdt", "email so dien thoai", "lien he"],
    "unit_code": ["ma don vi", "unit code", "unit", "don vi", "ma dv", "code"],
    "group": ["nhom doi tuong", "population group", "group", "nhom", "doi tuong"],
    "birth_date": ["ngay sinh", "date of birth", "dob", "birth date", "birthday", "nam sinh", "birth year"],
}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%y", "%Y-%m-%d %H:%M:%S")
EXCEL_EPOCH = dt.date(1899, 12, 30)


class RosterError(Exception):
    """The file as a whole cannot be read (nothing is imported)."""


def fold(text) -> str:
    """Lower-case, without accents or punctuation: "Họ và tên" → "ho va ten"."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


_HEADER_LOOKUP = {spelling: key for key, spellings in HEADERS.items() for spelling in spellings}


# --- 1. Reading -----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM (Excel "Unicode text"), UTF-16 without BOM, else Windows-1258/1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif len(data) > 1 and data[1:2] == b"\x00" and data.count(b"\x00") > len(data) // 4:
        text = data.decode("utf-16-le")
    else:
        for encoding in ("utf-8", "cp1258", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            text = data.decode("latin-1")
    return unicodedata.normalize("NFC", text)


def _delimiter(first_line: str) -> str:
    counts = {delim: first_line.count(delim) for delim in ("\t", ";", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _is_xlsx(data: bytes, filename: str) -> bool:
    return data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))


def _xlsx_cells(data: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]  # read_only: parsed while iterating
        finally:
            workbook.close()
    except Exception as exc:  # a corrupt workbook makes openpyxl raise almost anything
        raise RosterError(str(FILE_UNREADABLE)) from exc
    return rows


def _csv_cells(data: bytes) -> list[list]:
    text = decode_text(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))]
    except csv.Error as exc:
        raise RosterError(str(FILE_UNREADABLE)) from exc


def read_table(data: bytes, filename: str = "") -> list[dict]:
    """Rows as ``{"line": n, "full_name": …, "email": …, …}`` (``line`` counts from 1 = the header row)."""
    cells = _xlsx_cells(data) if _is_xlsx(data, filename) else _csv_cells(data)
    start = next((i for i, row in enumerate(cells) if any(_text(c) for c in row)), None)
    if start is None:
        raise RosterError(str(FILE_EMPTY))
    columns: dict[int, str] = {}
    for index, header in enumerate(cells[start]):
        key = _HEADER_LOOKUP.get(fold(header))
        if key and key not in columns.values():
            columns[index] = key
    found = set(columns.values())
    missing = [label for key, label in (("full_name", "Họ và tên"), ("unit_code", "Mã đơn vị")) if key not in found]
    if not found & {"email", "phone", "contact"}:
        missing.append("Email/Số điện thoại")
    if missing:
        raise RosterError(str(FILE_MISSING_COLUMNS) % {"columns": ", ".join(missing)})
    rows = []
    for offset, row in enumerate(cells[start + 1:], start=start + 2):
        if not any(_text(c) for c in row):
            continue
        record = {"line": offset}
        for index, key in columns.items():
            record[key] = row[index] if index < len(row) else None
        rows.append(record)
    if not rows:
        raise RosterError(str(FILE_EMPTY))
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # NUL never belongs in a cell, and PostgreSQL refuses it even in a query's parameters (unit codes are looked up):
    # dropped here for the lookups only; ``check_rows`` refuses the row (``ERR_CONTROL_CHAR``), never silently.
    return unicodedata.normalize("NFC", str(value)).replace("\x00", "").strip()


def has_control(value) -> bool:
    """A control character (NUL, a line break inside a cell, BEL, …) in a cell's text."""
    return value is not None and any(unicodedata.category(ch) == "Cc" for ch in str(value))


def shown(value) -> str:
    """A cell's text as the report shows it: control characters made visible (NUL → ␀), nothing dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    return "".join(chr(0x2400 + ord(ch)) if ord(ch) < 0x20 else "␡" if ord(ch) == 0x7F else
                   f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def parse_birth_year(value) -> int | None:
    """A date of birth in any usual form → the year (``User`` keeps only the year). ``None`` when empty;
    ``ValueError`` when unreadable or out of range."""
    if value is None or _text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        year = value.year
    elif isinstance(value, dt.date):
        year = value.year
    else:
        text = _text(value)
        year = None
        number = None
        try:
            number = float(text.replace(",", ".")) if text.replace(",", "").replace(".", "").isdigit() else None
        except ValueError:
            number = None
        if number is not None:
            if 1000 <= number <= 2200 and float(number).is_integer():
                year = int(number)
            elif 1 <= number < 2958466:  # an Excel serial date (days since 1899-12-30)
                year = (EXCEL_EPOCH + dt.timedelta(days=int(number))).year
        else:
            for fmt in DATE_FORMATS:
                try:
                    year = dt.datetime.strptime(text, fmt).year
                    break
                except ValueError:
                    continue
        if year is None:
            raise ValueError(text)
    low, high = birth_year_bounds()
    if not low <= year <= high:
        raise ValueError(str(year))
    return year


# --- 2. Checking ----------------------------------------------------------------------------------


@dataclass
class RosterRow:
    line: int
    full_name: str = ""
    email: str = ""
    phone: str | None = None
    unit: Unit | None = None
    unit_code: str = ""
    group: PopulationGroup | None = None
    birth_year: int | None = None
    errors: list[str] = field(default_factory=list)
    action: str = ""
    user: object = None  # the existing account, or the created one (never shown in the report)
    creates: bool = False  # INVITE: a new account (True) or an invitation to an existing one (False); private
    changes: dict = field(default_factory=dict)
    activation_link: str = ""  # phone-only rows: the slip's link (same shape whether the account is new or not)
    raw: dict = field(default_factory=dict)  # the file's cells as shown in the report (``shown``)
    kept: bool = False  # an existing account left as it is (``update_existing=False``)
    moved_from: object = None  # MOVE: the unit the person was in

    @property
    def shown_name(self) -> str:
        """A refused row shows the name as it is in the file (control characters made visible)."""
        return self.raw.get("full_name", "") if self.errors else self.full_name

    @property
    def shown_contact(self) -> str:
        if self.ok:
            return self.contact
        parts = [self.raw.get(key, "") for key in ("email", "phone", "contact")]
        return " ".join(part for part in parts if part)

    @property
    def shown_unit(self) -> str:
        return self.raw.get("unit_code", "") or self.unit_code

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, ""))

    @property
    def contact(self) -> str:
        return self.email or self.phone or ""


def _groups() -> dict[str, PopulationGroup]:
    lookup: dict[str, PopulationGroup] = {}
    for group in PopulationGroup.objects.all():
        for spelling in (group.code, group.name, group.name_en):
            if spelling:
                lookup[fold(spelling)] = group
    return lookup


def place_fields(unit: Unit) -> dict:
    """``province``, ``commune`` and ``unit`` of a profile placed in ``unit`` (areas go to province/commune, so
    that the learner's own profile form accepts them)."""
    chain = {u.path: u for u in Unit.objects.filter(path__in=ancestor_paths(unit))}
    ordered = [chain[p] for p in sorted(chain, key=len)]
    province = next((u for u in ordered if u.kind == Unit.Kind.PROVINCE), None)
    commune = next((u for u in reversed(ordered) if u.kind == Unit.Kind.COMMUNE), None)
    member = None if unit.kind in (Unit.Kind.PROVINCE, Unit.Kind.COMMUNE) else unit
    return {"province": province, "commune": commune, "unit": member}


def check_rows(rows: Iterable[dict], *, actor=None, update_existing: bool = True) -> list[RosterRow]:
    """Validate rows and decide each one's action. ``actor`` None = a command-line import (everything allowed);
    a manager may place people only in units they see, and invites (never changes) anyone outside them.
    ``update_existing=False``: an account that exists is never changed (its row is "unchanged")."""
    groups = _groups()
    codes = {_text(r.get("unit_code")) for r in rows}
    units = {u.code.casefold(): u for u in Unit.objects.filter(code__in=[c for c in codes if c])}
    if len(units) < len(codes):  # codes typed in another case
        wanted = {c.casefold() for c in codes if c}
        units.update({u.code.casefold(): u for u in Unit.objects.all().only("pk", "code", "path", "depth", "kind",
                                                                            "name", "name_en")
                      if u.code.casefold() in wanted and u.code.casefold() not in units})
    seen_email: dict[str, int] = {}
    seen_phone: dict[str, int] = {}
    result: list[RosterRow] = []
    for raw in rows:
        row = RosterRow(line=raw["line"], raw={key: shown(value) for key, value in raw.items() if key != "line"})
        result.append(row)
        for key, value in raw.items():
            if key != "line" and has_control(value):
                row.errors.append(str(ERR_CONTROL_CHAR) % {"column": COLUMN_LABELS.get(key, key)})
        # Name
        name = _text(raw.get("full_name"))
        if not name:
            row.errors.append(str(ERR_MISSING_NAME))
        else:
            try:
                row.full_name = normalise_full_name(name)
            except ValidationError:
                row.errors.append(str(ERR_BAD_NAME))
            else:
                if len(row.full_name) > User._meta.get_field("full_name").max_length:
                    row.full_name = ""
                    row.errors.append(str(ERR_BAD_NAME))
        # Contact
        email, phone = _text(raw.get("email")), _text(raw.get("phone"))
        contact = _text(raw.get("contact"))
        if contact and "@" in contact and not email:
            email = contact
        elif contact and not phone:
            phone = contact
        if not email and not phone:
            row.errors.append(str(ERR_MISSING_CONTACT))
        if email:
            email = email.lower()
            try:
                validate_email(email)  # accepts up to 320 characters; the column holds fewer
                if len(email) > User._meta.get_field("email").max_length:
                    raise ValidationError(ERR_BAD_EMAIL)
                row.email = email
            except ValidationError:
                row.errors.append(str(ERR_BAD_EMAIL))
        if phone:
            try:
                row.phone = normalise_phone(phone)
            except ValidationError:
                row.errors.append(str(ERR_BAD_PHONE))
        # Unit
        row.unit_code = _text(raw.get("unit_code"))
        if not row.unit_code:
            row.errors.append(str(ERR_MISSING_UNIT))
        else:
            row.unit = units.get(row.unit_code.casefold())
            if row.unit is None:
                row.errors.append(str(ERR_UNKNOWN_UNIT))
            elif actor is not None and not can_see_unit(actor, row.unit):
                row.errors.append(str(ERR_UNIT_NOT_ALLOWED))
        # Group
        group_text = _text(raw.get("group"))
        if group_text:
            row.group = groups.get(fold(group_text))
            if row.group is None:
                row.errors.append(str(ERR_UNKNOWN_GROUP))
        # Date of birth
        try:
            row.birth_year = parse_birth_year(raw.get("birth_date"))
        except ValueError:
            row.errors.append(str(ERR_BAD_DATE))
        # Duplicates within the file
        first = (seen_email.get(row.email) if row.email else None) or (seen_phone.get(row.phone) if row.phone else None)
        if first:
            row.errors.append(str(ERR_DUPLICATE_IN_FILE) % {"line": first})
        else:
            if row.email:
                seen_email[row.email] = row.line
            if row.phone:
                seen_phone[row.phone] = row.line
        if row.errors:
            row.action = REFUSED
            continue
        # Existing accounts
        by_email = User.objects.filter(email__iexact=row.email).first() if row.email else None
        by_phone = User.objects.filter(phone=row.phone).first() if row.phone else None
        if actor is None:
            _decide_for_operator(row, by_email, by_phone)
        else:
            _decide_for_manager(row, actor, by_email, by_phone)
        if row.action == UPDATE and not update_existing:
            row.action, row.changes, row.kept = UNCHANGED, {}, True
        elif row.action == UPDATE and any(name in row.changes for name in PLACE_FIELDS):
            user = row.user
            row.action = MOVE
            row.moved_from = user.unit or user.commune or user.province
    return result


def plan_digest(rows: list[RosterRow]) -> str:
    """A fingerprint of what an import would do, row by row: the same file checked again gives the same digest
    only if nothing it would change has changed in between (an account created, moved or edited, a unit
    renamed away)."""
    def plain(value):
        return value.pk if hasattr(value, "pk") else value

    plan = [
        [row.line, row.action, row.creates, getattr(row.user, "pk", None), row.errors, row.full_name, row.email,
         row.phone, plain(row.unit), plain(row.group), row.birth_year,
         sorted((name, plain(value)) for name, value in row.changes.items())]
        for row in rows
    ]
    return hashlib.sha256(json.dumps(plan, default=str, ensure_ascii=False).encode()).hexdigest()


def template_rows(unit_code: str = "") -> list[list]:
    """The downloadable template: header and one example row (a made-up person, in ``unit_code``)."""
    return [TEMPLATE_HEADER, ["Nguyễn Văn An (Út)", "an.nguyen@example.vn", "0912 345 678", unit_code or "MA-DON-VI",
                              "Người dân", "15/03/1985"]]


def template_csv(unit_code: str = "") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in template_rows(unit_code):
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(unit_code: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for row in template_rows(unit_code):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in ("A", "B", "C", "D", "E", "F"):
        sheet.column_dimensions[column].width = 24
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _decide_for_operator(row: RosterRow, by_email, by_phone) -> None:
    """The command line: create, or update whoever the email or phone names."""
    if (by_email and by_phone and by_email.pk != by_phone.pk) or (row.email and by_phone and not by_email):
        row.errors.append(str(ERR_DUPLICATE_ACCOUNT))
        row.action = REFUSED
        return
    user = by_email or by_phone
    row.user = user
    if user is None:
        row.action, row.creates = INVITE, True
    else:
        row.changes = _changes(user, row)
        row.action = UPDATE if row.changes else UNCHANGED


def _decide_for_manager(row: RosterRow, actor, by_email, by_phone) -> None:
    """A manager's roster: update people inside their units; invite anyone else; create the rest. Whatever names
    an account outside the manager's units leads to the same outcome as no account at all."""
    mine = {u.pk: in_scope_for_roster(actor, u) for u in (by_email, by_phone) if u is not None}
    if by_email is not None:
        if mine[by_email.pk]:
            if by_phone is not None and by_phone.pk != by_email.pk:
                if mine[by_phone.pk]:  # two of the manager's own people: they may be told
                    row.errors.append(str(ERR_DUPLICATE_ACCOUNT))
                    row.action = REFUSED
                    return
                row.phone = None  # someone else's number (outside their units): left as it is, unsaid
            row.user = by_email
            row.changes = _changes(by_email, row)
            row.action = UPDATE if row.changes else UNCHANGED
        else:
            row.user, row.action = by_email, INVITE
        return
    if by_phone is not None:
        if mine[by_phone.pk] and row.email:  # a new email with the number of one of the manager's own people
            row.errors.append(str(ERR_DUPLICATE_ACCOUNT))
            row.action = REFUSED
        elif mine[by_phone.pk]:
            row.user = by_phone
            row.changes = _changes(by_phone, row)
            row.action = UPDATE if row.changes else UNCHANGED
        elif row.email:  # a new account; the number belongs to someone else and is not given to it
            row.phone = None
            row.action, row.creates = INVITE, True
        else:
            row.user, row.action = by_phone, INVITE
        return
    row.action, row.creates = INVITE, True


def _changes(user, row: RosterRow) -> dict:
    wanted = {"full_name": row.full_name, **place_fields(row.unit)}
    if row.phone:
        wanted["phone"] = row.phone
    if row.group is not None:
        wanted["population_group"] = row.group
    if row.birth_year is not None:
        wanted["birth_year"] = row.birth_year
    changes = {}
    for name, value in wanted.items():
        current = getattr(user, f"{name}_id") if name in ("province", "commune", "unit", "population_group") else \
            getattr(user, name)
        new = value.pk if hasattr(value, "pk") else value
        if current != new:
            changes[name] = value
    return changes


# --- 3. Importing ---------------------------------------------------------------------------------


@dataclass
class RosterReport:
    rows: list[RosterRow]
    imported: bool
    valid_only: bool

    digest: str = ""
    changed: bool = False  # confirming found a different plan than the one shown: shown again, nothing written

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTIONS}

    @property
    def can_import(self) -> bool:
        """Something to write, and no refused row unless only the valid ones are asked for."""
        return any(row.action in (INVITE, UPDATE, MOVE) for row in self.rows) and (
            self.valid_only or not any(row.errors for row in self.rows))

    @property
    def refused(self) -> list[RosterRow]:
        return [row for row in self.rows if row.errors]

    @property
    def printable_links(self) -> list[RosterRow]:
        """Phone-only rows invited now (new accounts and existing ones alike): their slips, to print and hand over."""
        return [row for row in self.rows if row.activation_link and not row.email]


def activation_link(user, *, base_url: str = "") -> str:
    """allauth's one-time "set your password" link (void once used: the token depends on the password)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return base_url.rstrip("/") + path


def _create(row: RosterRow):
    email = row.email or f"{row.phone.lstrip('+')}@{PHONE_EMAIL_DOMAIN}"
    user = User(
        email=email, full_name=row.full_name, phone=row.phone, phone_verified=bool(row.phone and not row.email),
        population_group=row.group, birth_year=row.birth_year, **place_fields(row.unit),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_add_to_learners(user=user)
    if row.email:
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": False})
    return user


def _update(row: RosterRow) -> None:
    user = row.user
    for name, value in row.changes.items():
        setattr(user, name, value)
    if "phone" in row.changes:
        user.phone_verified = False
    user.full_clean(exclude=["password"])
    user.save()


def send_activation_email(row: RosterRow) -> None:
    context = {"row": row, "user": row.user, "link": row.activation_link, "site_name": settings.WAGTAIL_SITE_NAME}
    subject = render_to_string("organisations/email/activation_subject.txt", context).strip()
    body = render_to_string("organisations/email/activation_message.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [row.email])


def invitation_link(token: str, *, base_url: str = "") -> str:
    return base_url.rstrip("/") + reverse("unit_invitation_slip", kwargs={"token": token})


def send_invitation_email(row: RosterRow, *, base_url: str = "") -> None:
    """Tell an existing account's owner they were invited (nothing changes until they answer)."""
    user = row.user
    if not user.email or user.email.endswith("@" + PHONE_EMAIL_DOMAIN):
        return
    context = {"user": user, "unit": row.unit, "site_name": settings.WAGTAIL_SITE_NAME,
               "link": base_url.rstrip("/") + reverse("unit_invitations")}
    subject = render_to_string("organisations/email/invitation_subject.txt", context).strip()
    body = render_to_string("organisations/email/invitation_message.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])


def roster_preview(
    *, data: bytes, filename: str = "", actor=None, valid_only: bool = False, update_existing: bool = True
) -> RosterReport:
    """The dry run: what importing the file would do, row by row; nothing is written. ``RosterError`` when
    unreadable."""
    rows = check_rows(read_table(data, filename), actor=actor, update_existing=update_existing)
    return RosterReport(rows=rows, imported=False, valid_only=valid_only, digest=plan_digest(rows))


def roster_import(
    *, data: bytes, filename: str = "", actor=None, valid_only: bool = False, base_url: str = "", send: bool = True,
    update_existing: bool = True, expected_digest: str | None = None,
) -> RosterReport:
    """Read, check and (if allowed) write the roster in one transaction. ``RosterError`` when unreadable.
    ``expected_digest``: the plan the user confirmed (``roster_preview``); if checking the file now gives another
    plan, nothing is written and the report says ``changed``."""
    rows = check_rows(read_table(data, filename), actor=actor, update_existing=update_existing)
    has_errors = any(row.errors for row in rows)
    report = RosterReport(rows=rows, imported=False, valid_only=valid_only, digest=plan_digest(rows))
    if expected_digest is not None and report.digest != expected_digest:
        report.changed = True
        return report
    if has_errors and not valid_only:
        return report
    invited_by = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    if row.action == INVITE and row.creates:
                        row.user = _create(row)
                        _, token = invitation_create(user=row.user, unit=row.unit, invited_by=invited_by,
                                                     population_group=row.group, created_account=True)
                        row.activation_link = invitation_link(token, base_url=base_url) if not row.email else \
                            activation_link(row.user, base_url=base_url)
                    elif row.action == INVITE:
                        _, token = invitation_create(user=row.user, unit=row.unit, invited_by=invited_by,
                                                     population_group=row.group)
                        row.activation_link = invitation_link(token, base_url=base_url)
                    elif row.action in (UPDATE, MOVE):
                        _update(row)
                except ValidationError as exc:  # a rule check_rows does not know: refuse the row, write nothing
                    row.errors.extend(exc.messages)
                    row.action, row.activation_link = REFUSED, ""
                    raise
    except ValidationError:
        for row in rows:  # rolled back: no account was created, no link works
            row.activation_link = ""
        return report
    report.imported = True
    if send:
        for row in rows:
            if row.action == INVITE and row.creates and row.email:
                send_activation_email(row)
            elif row.action == INVITE and not row.creates:
                send_invitation_email(row, base_url=base_url)
            elif row.action == MOVE:
                send_moved_email(row, base_url=base_url)
    return report


def recipient_language(user) -> str:
    """The language a person reads their mail in: the one chosen in their account's preferences (Wagtail's user
    profile), else the site's default."""
    profile = UserProfile.objects.filter(user=user).first()
    language = (profile.preferred_language if profile else "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_moved_email(row: RosterRow, *, base_url: str = "") -> bool:
    """Tell a learner the roster moved them to another unit (its manager now sees their results), in their
    language. Accounts without a real email (phone-only) are not mailed. Returns whether a message went out."""
    user = row.user
    if not user.email or user.email.endswith(".invalid"):
        return False
    with translation.override(recipient_language(user)):
        context = {"user": user, "unit": row.unit, "old_unit": row.moved_from, "site_name": settings.WAGTAIL_SITE_NAME,
                   "link": (base_url or settings.BASE_URL).rstrip("/") + reverse("my_learning")}
        subject = render_to_string("organisations/email/moved_subject.txt", context).strip()
        body = render_to_string("organisations/email/moved_message.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])
    return True


# --- One person by phone (the trainers' attendance sheet, classes/) -------------------------------------------

ERR_NEED_NAME_FOR_NEW = _("Số điện thoại này chưa có tài khoản: nhập họ và tên để tạo tài khoản mới.")


def learner_by_phone(*, phone: str, full_name: str = "", unit: Unit, actor=None, base_url: str = "") -> tuple[User, bool, str]:
    """The account whose phone is ``phone`` (normalised as a roster's cell is), or a new phone-only account placed in
    ``unit``, created as a roster row creates one (``_create``: no password, the Learners group, an accepted
    invitation whose printed slip activates it). Returns ``(user, created, slip link)``; the link is empty for an
    existing account. ``ValidationError`` (in the user's language) for a bad phone or a missing or bad name. An
    existing account is never changed: its place and name stay its owner's."""
    normalised = normalise_phone(phone)
    if not normalised:
        raise ValidationError(ERR_BAD_PHONE, code="invalid")
    user = User.objects.filter(phone=normalised).first()
    if user is not None:
        return user, False, ""
    if not (full_name or "").strip():
        raise ValidationError(ERR_NEED_NAME_FOR_NEW, code="need_name")
    try:
        name = normalise_full_name(full_name)
    except ValidationError as exc:
        raise ValidationError(exc.messages[0], code="bad_name") from exc
    row = RosterRow(line=0, full_name=name, phone=normalised, unit=unit)
    with transaction.atomic():
        user = _create(row)
        invited_by = actor if getattr(actor, "pk", None) else None
        _invitation, token = invitation_create(user=user, unit=unit, invited_by=invited_by, created_account=True)
    return user, True, invitation_link(token, base_url=base_url)
