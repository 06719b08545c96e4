"""Issue 16, a manager's day (Playwright, desktop): from the list of people who have not met a requirement to one
learner's page; an export with chosen columns, opened with openpyxl (labels in Vietnamese, real dates, frozen and
filtered header); a roster checked first (nothing written), then confirmed."""

import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.privacy_notice import accept_privacy_notice

pytestmark = pytest.mark.e2e

PASSWORD = "Matkhau#2025"


@pytest.fixture
def ward(transactional_db):
    """A province with a ward, a manager of the ward, two learners with results and a requirement."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from lms.accounts.models import User
    from lms.accounts.roles import MANAGERS, ensure_roles
    from lms.organisations.models import PopulationGroup, Requirement, Unit
    from lms.organisations.permissions import manager_assign
    from lms.organisations.roster import place_fields
    from lms.organisations.services import unit_create
    from quizzes.models import Assessment, Attempt, Framework

    ensure_roles()
    province = unit_create(parent=None, code="P-E2E", name="Tỉnh Thử Nghiệm", kind=Unit.Kind.PROVINCE)
    commune = unit_create(parent=province, code="C-E2E", name="Phường Thử Nghiệm", kind=Unit.Kind.COMMUNE)
    agency = unit_create(parent=commune, code="A-E2E", name="UBND phường Thử Nghiệm", kind=Unit.Kind.AGENCY)
    civil = PopulationGroup.objects.get(code="civil-servant")
    manager = User.objects.create_user(email="quanly.e2e@example.vn", password=PASSWORD, full_name="Quản Lý Phường")
    manager.groups.add(Group.objects.get(name=MANAGERS))
    manager_assign(user=manager, unit=commune)
    hoa = User.objects.create_user(email="hoa.e2e@example.vn", password=PASSWORD, full_name="Nguyễn Thị Hoa",
                                   population_group=civil, **place_fields(Unit.objects.get(pk=agency.pk)))
    binh = User.objects.create_user(email="binh.e2e@example.vn", password=PASSWORD, full_name="Trần Văn Bình",
                                    population_group=civil, **place_fields(Unit.objects.get(pk=commune.pk)))
    test = Assessment.objects.create(framework=Framework.objects.get(code="TT02-2025"), title="Bài kiểm tra chuẩn E2E",
                                     slug="chuan-e2e", pass_mark=60, is_published=True, live=True)
    now = timezone.now()
    for user, score in ((hoa, 85.0), (binh, 40.0)):
        Attempt.objects.create(assessment=test, user=user, state=Attempt.State.SUBMITTED, started_at=now - dt.timedelta(
            minutes=20), closed_at=now, framework_code="TT02-2025", framework_version="1", pass_mark=60,
            review_policy="own", score=score, passed=score >= 60, result={"score": score, "passed": score >= 60})
    Requirement.objects.create(title="CBCC đạt bài kiểm tra chuẩn", content_type=ContentType.objects.get_for_model(test),
                               object_id=test.pk, deadline=dt.date(2030, 12, 31))
    return {"manager": manager, "hoa": hoa, "binh": binh, "test": test, "agency": agency}


def _sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email hoặc số điện thoại").fill(email)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    accept_privacy_notice(page)


def test_manager_learner_page_export_columns_and_roster_confirm(live_server, desktop_page, ward, settings):
    from openpyxl import load_workbook

    from lms.accounts.models import User
    from lms.privacy.models import PersonalDataAccess

    settings.ACCOUNT_RATE_LIMITS_ENABLED = False
    page = desktop_page
    base = live_server.url
    _sign_in(page, base, ward["manager"].email)

    # 1. From the list of people who have not met the requirement to Bình's page.
    page.goto(f"{base}/manage/requirements/")
    page.get_by_role("link", name="Trần Văn Bình").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trần Văn Bình")
    tests = page.locator("section[aria-labelledby=learner-tests]")
    expect(tests).to_contain_text("Bài kiểm tra chuẩn E2E")
    expect(tests).to_contain_text("Chưa đạt")
    assert PersonalDataAccess.objects.filter(subject=ward["binh"], what="learner").count() == 1
    # A hand-edited URL to someone outside the ward: not found.
    outsider = User.objects.create_user(email="xa@example.vn", password=PASSWORD, full_name="Người Ngoài")
    response = page.goto(f"{base}/manage/learners/{outsider.pk}/")
    assert response.status == 404

    # 2. Export with chosen columns, as XLSX.
    page.goto(f"{base}/manage/exports/")
    columns = page.locator("fieldset.export-columns")
    for label in ("Email", "Số điện thoại", "L1", "L2", "L3", "L4", "L5", "L6", "Số hiệu chứng nhận"):
        columns.get_by_label(label, exact=True).uncheck()
    page.get_by_label("Excel (XLSX)").check()
    with page.expect_download() as info:
        page.locator("main").get_by_role("button", name="Xuất dữ liệu").click()
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Mã đơn vị", "Tên đơn vị", "Họ và tên", "Nhóm đối tượng", "Khóa học/Bài kiểm tra",
                       "Trạng thái", "Điểm (%)", "Ngày hoàn thành"]
    by_name = {row[2]: row for row in rows[1:]}
    assert by_name["Nguyễn Thị Hoa"][5] == "Đạt" and by_name["Trần Văn Bình"][5] == "Chưa đạt"
    assert by_name["Nguyễn Thị Hoa"][3] == "Cán bộ, công chức, viên chức"
    date_cell = sheet.cell(row=2, column=8)
    assert date_cell.is_date and date_cell.number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:H{len(rows)}"

    # 3. Roster: the dry run writes nothing, the confirmation imports it; Bình moves to the agency.
    page.goto(f"{base}/manage/roster/")
    data = ("Họ và tên,Email,Số điện thoại,Mã đơn vị,Nhóm đối tượng,Ngày sinh\r\n"
            "Lê Thị Mai (Út),mai.e2e@example.vn,,A-E2E,civil-servant,1990\r\n"
            "Trần Văn Bình,binh.e2e@example.vn,,A-E2E,,\r\n").encode()
    page.get_by_label("Tệp danh sách (CSV hoặc Excel .xlsx)").set_input_files(
        files=[{"name": "ds.csv", "mimeType": "text/csv", "buffer": data}])
    page.get_by_role("button", name="Kiểm tra (chưa ghi gì)").click()
    expect(page.locator("[data-preview]")).to_contain_text("Chưa ghi gì")
    expect(page.locator("tr.row-moved")).to_contain_text("Trần Văn Bình")
    expect(page.locator("tr.row-invited")).to_contain_text("Lê Thị Mai (Út)")
    assert not User.objects.filter(email="mai.e2e@example.vn").exists()
    page.get_by_role("button", name="Xác nhận và nhập").click()
    expect(page.locator(".message-success")).to_contain_text("1 đã mời")
    assert User.objects.get(email="mai.e2e@example.vn").full_name == "Lê Thị Mai (Út)"
    assert User.objects.get(email="binh.e2e@example.vn").unit_id == ward["agency"].pk
