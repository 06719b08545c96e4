"""The demo manager (one ward of the demo province) logs in on a phone, reads the dashboard, drills into an agency
of the ward, exports it as XLSX, and the file opens with openpyxl: as many rows as the dashboard counts, names
with their Vietnamese diacritics, and nobody from outside the ward."""

import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.privacy_notice import accept_privacy_notice

pytestmark = pytest.mark.e2e

MANAGER = "quanly@hocvuso.vn"
PASSWORD = "HocVuSo@2025"
WARD, AGENCY = "C-TN-PHANDINHPHUNG", "A-TN-UBND-PDP"


def test_manager_drills_down_and_exports_xlsx(live_server, demo_site, phone_page):
    from openpyxl import load_workbook

    from lms.accounts.models import User
    from lms.organisations.models import Unit
    from reporting import queries
    from reporting.models import ExportLog

    manager = User.objects.get(email=MANAGER)
    ward, agency = Unit.objects.get(code=WARD), Unit.objects.get(code=AGENCY)
    page = phone_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email hoặc số điện thoại").fill(MANAGER)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    # A demo account has not answered the privacy notice yet: asked once, on this first sign-in.
    accept_privacy_notice(page)

    # The dashboard opens on the manager's ward, with its own places to drill into and no other commune.
    page.goto(f"{live_server.url}/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ward.name)
    ward_board = queries.dashboard(manager, ward)
    assert ward_board.learners > 50  # the demo has something real to show
    expect(page.locator("[data-kpi=learners]")).to_have_text(str(ward_board.learners))
    expect(page.locator(f"tr[data-unit={AGENCY}]")).to_be_visible()
    expect(page.locator("tr[data-unit=C-TN-GIASANG]")).to_have_count(0)

    # Drill into the ward's People's Committee.
    page.locator(f"tr[data-unit={AGENCY}] a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(agency.name)
    expect(page.locator(".breadcrumbs [aria-current=page]")).to_have_text(agency.name)
    board = queries.dashboard(manager, agency)
    expect(page.locator("[data-kpi=learners]")).to_have_text(str(board.learners))
    expected_rows = sum(stat.enrolled for stat in board.tests) + board.enrolled_total

    # Export that unit as XLSX.
    page.get_by_role("link", name="Xuất danh sách hoàn thành").click()
    expect(page.get_by_label("Đơn vị (gồm các đơn vị cấp dưới)")).to_have_value(str(agency.pk))
    page.get_by_label("Excel (XLSX)").check()
    with page.expect_download() as info:
        page.locator("main").get_by_role("button", name="Xuất dữ liệu").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")

    with open(download.path(), "rb") as handle:  # the saved download has no extension: read it as bytes
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == queries.COLUMN_HEADERS
    body = rows[1:]
    assert len(body) == expected_rows == queries.export_count(manager, queries.Filters(unit=agency)) > 10
    # Everyone is from the agency (inside the ward), none from elsewhere.
    assert {r[0] for r in body} == {AGENCY}
    inside = set(User.objects.filter(unit=agency).values_list("full_name", flat=True))
    assert {r[2] for r in body} <= inside
    outside = set(User.objects.exclude(unit__path__startswith=ward.path).exclude(commune=ward)
                  .values_list("full_name", flat=True)) - inside
    assert not {r[2] for r in body} & outside
    # Names keep their diacritics (NFC, as stored), e.g. "Nguyễn", "Đặng", "Thị".
    assert all(name == name.strip() and any(ord(ch) > 127 for ch in name) for name in (r[2] for r in body))
    assert any("Thị" in r[2] or "Văn" in r[2] for r in body)
    assert {r[6] for r in body} and all(r[7] in {"Đạt", "Chưa đạt", "Đã hoàn thành", "Đang học"} for r in body)

    # The export is in the manager's own log.
    log = ExportLog.objects.get(user=manager)
    assert (log.route, log.format, log.row_count, log.status) == ("page", "xlsx", expected_rows, "done")
