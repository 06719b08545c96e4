"""Managers' dashboards and exports show in-person learning beside online learning: the numbers equal a direct
count of the attendance rows, by unit and group, and a manager sees only their own units' learners."""

from __future__ import annotations

import datetime as dt

import pytest

from classes import services
from classes.models import Attendance, Session
from reporting import queries

from .conftest import NOW


@pytest.fixture
def attended(db, tree, person, make_session, make_trainer):
    """Sessions (days before the real clock: "held") in P-A and P-B; learners of C-A1 (two groups), A-A1-X, S-A2 and C-B1 attend; one cancelled."""
    trainer = make_trainer(tree["P-A"])
    a1 = make_session(unit=tree["C-A1"], starts_in=-72, trainers=[trainer])
    x = make_session(unit=tree["A-A1-X"], starts_in=-100, trainers=[trainer])
    b1 = make_session(unit=tree["C-B1"], starts_in=-72)
    gone = make_session(unit=tree["C-A1"], starts_in=-50, status=Session.Status.CANCELLED)
    people = {
        "hoa": person(tree["C-A1"], "civil-servant", full_name="Nguyễn Thị Hoa"),
        "tu": person(tree["C-A1"], "adult", full_name="Trần Văn Tư"),
        "xuan": person(tree["A-A1-X"], "civil-servant", full_name="Lê Thị Xuân"),
        "truong": person(tree["S-A2"], "adult", full_name="Phạm Văn Trường"),
        "bac": person(tree["C-B1"], "adult", full_name="Đỗ Thị Bắc"),
    }
    for key in ("hoa", "tu", "xuan"):
        services.attendance_record(session=a1, user=people[key], method=Attendance.Method.LIST, now=NOW)
    services.attendance_record(session=x, user=people["hoa"], method=Attendance.Method.QR, now=NOW)  # twice: 1 person
    services.attendance_record(session=b1, user=people["truong"], method=Attendance.Method.LIST, now=NOW)  # P-A learner
    services.attendance_record(session=b1, user=people["bac"], method=Attendance.Method.LIST, now=NOW)
    services.attendance_record(session=gone, user=people["tu"], method=Attendance.Method.LIST, now=NOW)  # not counted
    return people


def _direct(unit_paths: list[str]) -> tuple[int, int]:
    """Attendances and attendees counted by hand: learners placed under ``unit_paths``, sessions not cancelled."""
    rows = [a for a in Attendance.objects.select_related("user__unit", "user__commune", "user__province", "session")
            if a.session.status != Session.Status.CANCELLED]
    inside = []
    for a in rows:
        place = a.user.unit or a.user.commune or a.user.province
        if place and any(place.path.startswith(p) for p in unit_paths):
            inside.append(a)
    return len(inside), len({a.user_id for a in inside})


def test_dashboard_in_person_numbers_equal_a_direct_count(attended, tree, make_manager, groups):
    manager = make_manager(tree["P-A"])
    for unit in (None, tree["P-A"], tree["C-A1"], tree["A-A1-X"], tree["S-A2"]):
        board = queries.dashboard(manager, unit)
        direct = queries.dashboard_direct(manager, unit)
        paths = [unit.path] if unit else [tree["P-A"].path]
        assert (board.in_person.attendances, board.in_person.attendees) == _direct(paths)
        assert board.in_person == direct.in_person
    board = queries.dashboard(manager, tree["P-A"])
    assert (board.in_person.attendances, board.in_person.attendees) == (5, 4)  # hoa twice; truong; not bac
    assert board.in_person.sessions == 2  # a1 and x (held in P-A); b1 is P-B's, the cancelled one is not held
    by_group = {stat.group.code: stat.attendees for stat in board.groups}
    assert by_group["civil-servant"] == 2 and by_group["adult"] == 2
    children = {child.unit.code: child.attendees for child in board.children}
    assert children == {"C-A1": 3, "S-A2": 1}  # xuan of A-A1-X is inside C-A1


def test_managers_see_only_their_units(attended, tree, make_manager):
    manager_b = make_manager(tree["P-B"])
    board = queries.dashboard(manager_b, tree["P-B"])
    assert (board.in_person.attendances, board.in_person.attendees, board.in_person.sessions) == (1, 1, 1)
    rows = list(queries.export_rows(manager_b, queries.Filters()))
    assert [r[2] for r in rows if r[7] == "Đã tham dự trực tiếp"] == ["Đỗ Thị Bắc"]


def test_export_lists_attendance_rows_beside_online_rows(attended, tree, make_manager, two_lesson_course):
    from courses.models import Enrollment

    manager = make_manager(tree["P-A"])
    Enrollment.objects.create(user=attended["tu"], course=two_lesson_course)
    filters = queries.Filters(unit=tree["C-A1"])
    rows = list(queries.export_rows(manager, filters))
    in_person = [r for r in rows if r[7] == "Đã tham dự trực tiếp"]
    assert sorted(r[2] for r in in_person) == ["Lê Thị Xuân", "Nguyễn Thị Hoa", "Nguyễn Thị Hoa", "Trần Văn Tư"]
    assert all(r[6] == "Hướng dẫn cài đặt VNeID mức 2" and isinstance(r[-2], dt.date) for r in in_person)
    assert [r[7] for r in rows if r[7] != "Đã tham dự trực tiếp"] == ["Đang học"]
    assert queries.export_count(manager, filters) == len(rows) == 5
    assert not [r for r in queries.export_rows(manager, queries.Filters(unit=tree["C-A1"], status=queries.NOT_DONE))
                if r[7] == "Đã tham dự trực tiếp"]
    assert not [r for r in queries.export_rows(manager, queries.Filters(course=two_lesson_course))
                if r[7] == "Đã tham dự trực tiếp"]


def test_dashboard_page_shows_in_person_side_by_side(client, attended, tree, make_manager):
    manager = make_manager(tree["P-A"])
    client.force_login(manager)
    html = client.get("/manage/", {"unit": tree["P-A"].pk}).content.decode()
    assert 'data-kpi="attendees">4<' in html
    assert "Buổi hướng dẫn trực tiếp đã tổ chức: 2; 5 lượt có mặt của 4 người học." in html
