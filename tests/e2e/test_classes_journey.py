"""Issue 23, the in-person half: a ward's manager schedules a guided session on the team's page, a learner
registers on their phone, the manager's phone shows the rotating QR code, the learner's phone (a second browser
context) opens the URL the code encodes (read from the page's data) and confirms, and the attendance is counted on
the manager's dashboard and in the CSV export. Runs on SQLite and PostgreSQL like every journey."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.privacy_notice import accept_privacy_notice
from tests.organisations.fixtures import groups, make_manager, place, tree  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e
PASSWORD = "Matkhau#2025"


def _log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email hoặc số điện thoại").fill(email)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    accept_privacy_notice(page)


def test_schedule_register_check_in_by_qr_and_count(live_server, browser, tree, groups, make_manager,  # noqa: F811
                                                    make_user, place, settings):  # noqa: F811
    from classes.models import Attendance, Session

    settings.ACCOUNT_RATE_LIMITS_ENABLED = False
    ward = tree["C-A1"]
    manager = make_manager(ward, full_name="Trần Văn Tổ Trưởng", email="totruong@example.vn")
    learner = make_user(full_name="Nguyễn Thị Lan", email="lan@example.vn", population_group=groups["adult"],
                        **place(ward))
    base = live_server.url

    team = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    phone = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    for context in (team, phone):
        context.set_default_timeout(20_000)
    manager_page, learner_page = team.new_page(), phone.new_page()
    errors = []
    for page in (manager_page, learner_page):
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        # 1. The manager schedules a session of the ward, starting in 20 minutes (check-in opens 30 minutes before).
        _log_in(manager_page, base, manager.email)
        manager_page.goto(f"{base}/manage/classes/")
        manager_page.get_by_role("link", name="Lên lịch buổi hướng dẫn").click()
        start = timezone.localtime() + dt.timedelta(minutes=20)
        form = manager_page.locator("form.session-form")
        form.get_by_label("Chủ đề").fill("Hướng dẫn cài đặt VNeID mức 2")
        form.get_by_label("Đơn vị tổ chức").select_option(str(ward.pk))
        form.get_by_label("Địa điểm").fill("Nhà văn hoá tổ dân phố 5")
        form.get_by_label("Địa chỉ").fill("Số 12 đường Lê Lợi")
        form.get_by_label("Bắt đầu lúc").fill(start.strftime("%Y-%m-%dT%H:%M"))
        form.get_by_label("Kết thúc lúc").fill((start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
        form.locator("#id_capacity").fill("25")
        form.get_by_label("Trần Văn Tổ Trưởng").check()
        form.get_by_role("button", name="Lưu").click()
        expect(manager_page.get_by_role("heading", level=1)).to_have_text("Hướng dẫn cài đặt VNeID mức 2")
        session = Session.objects.get()
        assert (session.unit_id, session.capacity, list(session.trainers.all())) == (ward.pk, 25, [manager])

        # 2. The learner finds it on the public listing by province and ward, and registers.
        _log_in(learner_page, base, learner.email)
        learner_page.goto(f"{base}/classes/?province={tree['P-A'].code}&commune={ward.code}")
        learner_page.get_by_role("link", name="Hướng dẫn cài đặt VNeID mức 2").click()
        learner_page.get_by_role("button", name="Đăng ký tham gia").click()
        expect(learner_page.locator(".messages")).to_contain_text("Bạn đã đăng ký buổi hướng dẫn")
        expect(learner_page.locator("[data-seats-left]")).to_have_text("24/25 chỗ")

        # 3. The manager's phone shows the QR code; the sheet lists the registrant.
        manager_page.goto(f"{base}/manage/classes/{session.pk}/")
        expect(manager_page.locator(f"tr[data-user='{learner.pk}']")).to_contain_text("Nguyễn Thị Lan")
        manager_page.get_by_role("link", name="Hiện mã QR điểm danh").click()
        qr = manager_page.locator("#qr")
        expect(qr.locator("svg")).to_be_visible()
        url = qr.get_attribute("data-checkin-url")
        assert re.fullmatch(rf"https?://[^/]+/classes/checkin/{session.pk}/\?t=[0-9a-f]{{20}}", url)

        # 4. The learner's phone opens the code's URL and confirms.
        learner_page.goto(base + url[url.index("/classes/"):])
        learner_page.get_by_role("button", name="Xác nhận có mặt").click()
        expect(learner_page.locator("[data-checked-in]")).to_contain_text("Đã ghi nhận bạn có mặt")
        assert Attendance.objects.filter(session=session, user=learner, method="qr").count() == 1
        # The screen's count follows (the page asks for a fresh code every 30 s; force one now).
        manager_page.reload()
        expect(manager_page.locator("[data-qr-attended]")).to_have_text("1 người đã có mặt")

        # 5. Counted on the dashboard (KPI, group row, the ward's own line) and in the export.
        manager_page.goto(f"{base}/manage/?unit={ward.pk}")
        expect(manager_page.locator("[data-kpi=attendees]")).to_have_text("1")
        expect(manager_page.locator("tr[data-group=adult] [data-attendees]")).to_have_text("1 (100,0%)")  # Vietnamese decimal comma
        expect(manager_page.locator("[data-in-person]")).to_contain_text("1 lượt có mặt của 1 người học")
        manager_page.goto(f"{base}/manage/exports/?unit={ward.pk}")
        with manager_page.expect_download() as info:
            manager_page.locator("main").get_by_role("button", name="Xuất dữ liệu").click()
        with open(info.value.path(), "rb") as handle:
            rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
        attended = [row for row in rows[1:] if row[7] == "Đã tham dự trực tiếp"]
        assert [(row[2], row[6]) for row in attended] == [("Nguyễn Thị Lan", "Hướng dẫn cài đặt VNeID mức 2")]
        assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]
    finally:
        team.close()
        phone.close()


def test_marks_made_offline_are_kept_on_the_phone_and_synced_once(live_server, browser, tree, groups,  # noqa: F811
                                                                   make_user, place, settings):  # noqa: F811
    from classes import services
    from classes.models import Attendance, MarkReceipt, Session, TrainerAssignment

    settings.ACCOUNT_RATE_LIMITS_ENABLED = False
    ward = tree["C-A1"]
    trainer = make_user(full_name="Trần Thị Hướng", email="huongdan@example.vn", **place(ward))
    TrainerAssignment.objects.create(user=trainer, unit=ward)
    learner = make_user(full_name="Vũ Văn Nông", email="nong@example.vn", **place(ward))
    start = timezone.now() - dt.timedelta(minutes=10)
    session = Session.objects.create(unit=ward, topic="Thanh toán hoá đơn điện bằng mã QR", place="Nhà văn hoá",
                                     starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=10)
    Session.objects.filter(pk=session.pk).update(starts_at=start + dt.timedelta(hours=1))  # open for registration
    services.registration_create(user=learner, session=Session.objects.get(pk=session.pk))
    Session.objects.filter(pk=session.pk).update(starts_at=start)  # …and now under way

    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    context.set_default_timeout(25_000)
    page = context.new_page()
    try:
        _log_in(page, live_server.url, trainer.email)
        page.goto(f"{live_server.url}/manage/classes/{session.pk}/")
        row = page.locator(f"tr[data-user='{learner.pk}']")
        expect(row).to_contain_text("Vũ Văn Nông")
        context.set_offline(True)
        row.get_by_role("button", name=re.compile("^Có mặt")).click()
        expect(page.locator("[data-sync-status]")).to_contain_text("1 lượt điểm danh đang chờ gửi")
        queued = page.evaluate(f"JSON.parse(localStorage.getItem('classes-marks-{session.pk}'))")
        assert len(queued) == 1 and queued[0]["user_id"] == learner.pk and len(queued[0]["key"]) >= 8
        assert not Attendance.objects.exists()
        context.set_offline(False)  # the connection is back: the queue is sent
        expect(row.locator("[data-present]")).to_be_visible()
        expect(page.locator("[data-sync-status]")).to_have_text("Đã gửi hết các lượt điểm danh.")
        assert page.evaluate(f"localStorage.getItem('classes-marks-{session.pk}')") == "[]"
        attendance = Attendance.objects.get(session=session, user=learner)
        assert attendance.method == "list" and attendance.marked_by == trainer
        assert MarkReceipt.objects.get().key == queued[0]["key"]
        # The same key sent again (a phone that lost the answer): applied once.
        again = page.evaluate(
            """async ([url, mark]) => {
                const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
                const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json",
                                             "X-CSRFToken": csrf}, body: JSON.stringify(mark)});
                return r.json();
            }""", [f"/manage/classes/{session.pk}/mark/", queued[0]])
        assert again["replayed"] is True and Attendance.objects.count() == 1
    finally:
        context.close()


def test_guided_session_pages_are_accessible_at_360px(live_server, browser, tree, groups, make_user,  # noqa: F811
                                                      make_manager, place):  # noqa: F811
    """axe-core finds no serious or critical violation, and nothing scrolls sideways, on the public listing, a
    session's page, the team's list, form, sheet and QR screen, on a phone."""
    from classes import services
    from classes.models import Session
    from tests.e2e.test_accessibility import assert_no_blocking_violation, log_in, overflow

    ward = tree["C-A1"]
    manager = make_manager(ward, full_name="Trần Văn Tổ Trưởng")
    learner = make_user(full_name="Nguyễn Thị Lan", phone="+84912555666", **place(ward))
    start = timezone.now() + dt.timedelta(minutes=20)
    session = services.session_create(
        actor=manager, unit=ward, topic="Hướng dẫn cài đặt VNeID mức 2 tại Nhà văn hoá tổ dân phố 5",
        place="Nhà văn hoá tổ dân phố 5", address="Số 12 đường Lê Lợi", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), capacity=30, trainers=[manager], counts=Session.Counts.NOTHING,
        population_groups=[groups["adult"]],
    )
    services.registration_create(user=learner, session=session)
    pages = [
        ("listing", f"/classes/?province={tree['P-A'].code}", learner),
        ("detail", f"/classes/{session.pk}/", learner),
        ("near", "/classes/near/", learner),
        ("team-list", "/manage/classes/", manager),
        ("team-form", "/manage/classes/new/", manager),
        ("sheet", f"/manage/classes/{session.pk}/", manager),
        ("qr", f"/manage/classes/{session.pk}/qr/", manager),
        ("report", "/manage/classes/report/", manager),
    ]
    for who in (learner, manager):
        context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
        context.set_default_timeout(20_000)
        log_in(context, live_server, who)
        page = context.new_page()
        try:
            for name, path, user in pages:
                if user != who:
                    continue
                page.goto(live_server.url + path)
                expect(page.locator("h1")).to_be_visible()
                assert_no_blocking_violation(page, live_server, name)
                assert overflow(page) <= 0, f"{name} scrolls sideways by {overflow(page)} px"
        finally:
            context.close()
