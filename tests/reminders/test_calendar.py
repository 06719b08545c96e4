"""Each reminder rule over a simulated calendar: the clock is the ``now`` given to the services (``tick``)."""

from __future__ import annotations

import datetime as dt

import pytest

from reminders import rules

from .conftest import at, inbox, texts_to

D = dt.date(2027, 3, 20)  # a requirement's deadline


@pytest.mark.parametrize(("days_left", "stage"), [
    (20, None), (15, None), (14, "d14"), (4, "d14"), (3, "d3"), (2, "d3"), (1, "d1"), (0, "d1"), (-1, "overdue"),
])
def test_the_stage_due_is_the_smallest_offset_not_yet_passed(days_left, stage):
    assert rules.deadline_stage(days_left, [14, 3, 1]) == stage


def test_quiet_hours_wrap_midnight_and_end_in_the_morning():
    quiet = rules.parse_quiet_hours("21:00-07:00")
    assert rules.in_quiet_hours(at(D, 21), quiet, "Asia/Ho_Chi_Minh")
    assert rules.in_quiet_hours(at(D, 6, 59), quiet, "Asia/Ho_Chi_Minh")
    assert not rules.in_quiet_hours(at(D, 7), quiet, "Asia/Ho_Chi_Minh")
    assert rules.sendable_from(at(D, 22), quiet, "Asia/Ho_Chi_Minh") == at(D + dt.timedelta(days=1), 7)
    assert rules.sendable_from(at(D, 3), quiet, "Asia/Ho_Chi_Minh") == at(D, 7)
    assert rules.parse_quiet_hours("") is None


def test_deadline_reminders_14_3_1_days_before_and_once_overdue(
    tree, person, requirement, standard_test, record_attempt, tick, mailoutbox,
):
    alice = person(tree["C-A1"], phone="+84901000001", phone_verified=True)
    carol = person(tree["A-A1-X"])  # passes the test two days before the deadline
    bob = person(tree["P-B"])  # outside the requirement's unit
    requirement(D)
    received: dict[str, list[int]] = {"alice": [], "carol": [], "bob": []}
    for offset in range(-20, 11):
        day = D + dt.timedelta(days=offset)
        if offset == -2:
            record_attempt(carol, standard_test, 90)
        before = {name: len(inbox(who)) for name, who in (("alice", alice), ("carol", carol), ("bob", bob))}
        tick(at(day, 10))
        tick(at(day, 16))  # the planner runs many times a day: nothing is planned twice
        for name, who in (("alice", alice), ("carol", carol), ("bob", bob)):
            received[name] += [offset] * (len(inbox(who)) - before[name])
    assert received == {"alice": [-14, -3, -1, 1], "carol": [-14, -3], "bob": []}
    subjects = [m.subject for m in inbox(alice)]
    assert subjects == [
        "Còn 14 ngày để hoàn thành: Bài kiểm tra chuẩn CBCCVC", "Còn 3 ngày để hoàn thành: Bài kiểm tra chuẩn CBCCVC",
        "Còn 1 ngày để hoàn thành: Bài kiểm tra chuẩn CBCCVC", "Đã quá hạn: Bài kiểm tra chuẩn CBCCVC",
    ]
    assert len(texts_to(alice)) == 4  # SMS too: her phone is verified
    assert f"/quizzes/{standard_test.slug}/" in inbox(alice)[0].body  # the link opens the test
    assert "20/03/2027" in inbox(alice)[0].body


def test_quiet_hours_defer_a_reminder_to_the_morning(tree, person, requirement, tick, mailoutbox):
    from reminders import services

    alice = person(tree["C-A1"])
    requirement(D)
    evening = at(D - dt.timedelta(days=14), 22)
    assert tick(evening) == {}  # planned, but nothing is sent at night
    assert inbox(alice) == []
    assert services.deliveries_dispatch(now=evening) == 0
    tick(at(D - dt.timedelta(days=13), 6, 59))
    assert inbox(alice) == []
    tick(at(D - dt.timedelta(days=13), 7))
    assert [m.subject for m in inbox(alice)] == ["Còn 14 ngày để hoàn thành: Bài kiểm tra chuẩn CBCCVC"]


def _stall(enrollment, when):
    from courses.models import Enrollment

    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=when)


def test_a_learner_who_stopped_gets_one_nudge_after_n_days(settings, tree, person, site_course, enrol, tick, mailoutbox):
    course = site_course(nudge_after_days=5)
    stopped = person(tree["C-A1"])
    finished = person(tree["C-A1"])
    day0 = dt.date(2027, 1, 4)
    _stall(enrol(stopped, course), at(day0, 9))
    _stall(enrol(finished, course, completed=at(day0, 9)), at(day0, 9))
    got = []
    for offset in range(0, 12):
        before = len(inbox(stopped))
        tick(at(day0 + dt.timedelta(days=offset), 10))
        got += [offset] * (len(inbox(stopped)) - before)
    assert got == [5]
    assert inbox(finished) == []
    message = inbox(stopped)[0]
    assert message.subject == f"Tiếp tục khóa học: {course.title}"
    assert f"Mở trang: {settings.BASE_URL}{course.url}\n" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_nudge_for_a_course_without_the_setting(tree, person, course, enrol, tick, mailoutbox):
    stopped = person(tree["C-A1"])
    _stall(enrol(stopped, course), at(dt.date(2027, 1, 4), 9))
    tick(at(dt.date(2027, 2, 1), 10))
    assert inbox(stopped) == []


def test_unsubscribing_stops_nudges_not_deadline_notices(
    client, tree, person, site_course, enrol, requirement, tick, mailoutbox,
):
    course = site_course(nudge_after_days=3)
    other = site_course("An toàn trên mạng", nudge_after_days=3)
    learner = person(tree["C-A1"])
    day0 = dt.date(2027, 3, 1)
    _stall(enrol(learner, course), at(day0, 9))
    tick(at(day0 + dt.timedelta(days=3), 10))
    nudge = inbox(learner)[0]
    link = nudge.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a GET (a mail scanner) changes nothing
    assert client.post("/" + path).status_code == 200  # the one click: no sign-in needed
    _stall(enrol(learner, other), at(day0 + dt.timedelta(days=4), 9))
    requirement(day0 + dt.timedelta(days=14 + 8))
    tick(at(day0 + dt.timedelta(days=8), 10))
    assert [m.subject for m in inbox(learner)][1:] == [
        "Còn 14 ngày để hoàn thành: Bài kiểm tra chuẩn CBCCVC",  # the legal notice still comes; the nudge does not
    ]


def test_channels_are_the_learners_choice(tree, person, requirement, tick, mailoutbox):
    from reminders.models import Delivery
    from reminders.services import preference_update

    sms_only = person(tree["C-A1"], phone="+84901000002", phone_verified=True)
    preference_update(user=sms_only, by_email=False, by_sms=True, nudges=True, language="vi")
    unverified = person(tree["C-A1"], phone="+84901000003", phone_verified=False)
    preference_update(user=unverified, by_email=False, by_sms=True, nudges=True, language="vi")
    requirement(D)
    tick(at(D - dt.timedelta(days=3), 10))
    assert inbox(sms_only) == [] and len(texts_to(sms_only)) == 1
    assert "Học vụ số: còn 3 ngày (hạn 20/03/2027) để hoàn thành «Bài kiểm tra chuẩn CBCCVC»" in texts_to(sms_only)[0]
    assert texts_to(unverified) == [] and inbox(unverified) == []
    assert Delivery.objects.get(user=unverified).status == Delivery.Status.SKIPPED
    phone_only = person(tree["C-A1"], email="84901000004@sdt.hocvuso.invalid", phone="+84901000004",
                        phone_verified=True)  # a roster account made from a phone number: never mailed
    tick(at(D - dt.timedelta(days=1), 10))
    assert inbox(phone_only) == [] and len(texts_to(phone_only)) == 1


def test_reminders_come_in_the_learners_language(client, tree, person, requirement, standard_test, tick, mailoutbox):
    from django.utils import translation

    from reminders.models import Preference

    english = person(tree["C-A1"], full_name="Jane Doe")
    with translation.override("en"):
        client.force_login(english)  # signing in in English keeps English for her messages
    assert Preference.objects.get(user=english).language == "en"
    vietnamese = person(tree["C-A1"], full_name="Trần Thị Mai")
    requirement(D)
    tick(at(D - dt.timedelta(days=3), 10))
    en = inbox(english)[0]
    assert en.subject == "3 days left to complete: Bài kiểm tra chuẩn CBCCVC"
    assert en.body.startswith("Hello Doe,")
    assert f"/en/quizzes/{standard_test.slug}/" in en.body
    vi = inbox(vietnamese)[0]
    assert vi.subject == "Còn 3 ngày để hoàn thành: Bài kiểm tra chuẩn CBCCVC"
    assert vi.body.startswith("Chào Mai,")


def test_a_required_course_links_to_its_page_and_completing_it_stops_reminders(
    settings, tree, person, site_course, enrol, requirement, tick, mailoutbox,
):
    course = site_course("Dịch vụ công trực tuyến")
    learner, finisher = person(tree["C-A1"]), person(tree["C-A1"])
    requirement(D, target=course)
    tick(at(D - dt.timedelta(days=14), 10))
    enrol(finisher, course, completed=at(D - dt.timedelta(days=10), 9))
    tick(at(D - dt.timedelta(days=3), 10))
    assert [m.subject for m in inbox(learner)] == [
        "Còn 14 ngày để hoàn thành: Dịch vụ công trực tuyến", "Còn 3 ngày để hoàn thành: Dịch vụ công trực tuyến"]
    assert len(inbox(finisher)) == 1
    assert f"Mở trang: {settings.BASE_URL}{course.url}\n" in inbox(learner)[0].body
