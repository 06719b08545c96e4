"""Attendance: QR check-in with the current code only, one row per learner, trainers' marks from the list or by
phone (offline queue: one key applied once), what attending completes, and who may run which session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from classes import permissions, services, tokens
from classes.models import Attendance, MarkReceipt

from .conftest import NOW


@pytest.fixture
def live_session(make_session, make_trainer, tree):
    trainer = make_trainer(tree["C-A1"], full_name="Trần Thị Hướng")
    return make_session(starts_in=-0.25, trainers=[trainer]), trainer  # started 15 minutes ago


def test_qr_checkin_with_the_current_code_then_once_only(db, live_session, person, tree):
    session, _trainer = live_session
    learner = person(tree["C-A1"])
    code = tokens.current_token(session.pk, now=NOW.timestamp())
    services.checkin_token_check(session=session, token=code, now=NOW + dt.timedelta(seconds=40))
    ticket = tokens.ticket_for(session.pk)
    first = services.checkin_confirm(session=session, user=learner, ticket=ticket, now=NOW)
    again = services.checkin_confirm(session=session, user=learner, ticket=ticket, now=NOW)
    assert first.created and not again.created
    assert Attendance.objects.filter(session=session, user=learner).count() == 1
    assert first.attendance.method == Attendance.Method.QR


def test_expired_or_foreign_code_and_closed_session_are_refused(db, live_session, make_session, person, tree):
    session, _trainer = live_session
    old = tokens.current_token(session.pk, now=NOW.timestamp() - 90)
    with pytest.raises(services.ClassError) as expired:
        services.checkin_token_check(session=session, token=old, now=NOW)
    assert expired.value.message == services.CODE_EXPIRED
    other = make_session(starts_in=-0.25)
    with pytest.raises(services.ClassError):
        services.checkin_token_check(session=session, token=tokens.current_token(other.pk, now=NOW.timestamp()),
                                     now=NOW)
    with pytest.raises(services.ClassError):  # a ticket for another session
        services.checkin_confirm(session=session, user=person(tree["C-A1"]), ticket=tokens.ticket_for(other.pk),
                                 now=NOW)
    later = make_session(starts_in=5)
    with pytest.raises(services.ClassError) as closed:
        services.checkin_token_check(session=later, token=tokens.current_token(later.pk, now=NOW.timestamp()),
                                     now=NOW)
    assert closed.value.message == services.CHECKIN_CLOSED
    assert not Attendance.objects.exists()


def test_offline_marks_are_applied_once_per_key(db, live_session, person, tree):
    session, trainer = live_session
    learner = person(tree["C-A1"])
    services.registration_create(user=learner, session=session, now=NOW - dt.timedelta(days=1))
    tapped = NOW - dt.timedelta(minutes=5)
    first = services.mark_apply(session=session, actor=trainer, key="k-0001-offline", user_id=learner.pk,
                                marked_at=tapped, now=NOW + dt.timedelta(hours=3))  # synced three hours later
    resent = services.mark_apply(session=session, actor=trainer, key="k-0001-offline", user_id=learner.pk,
                                 now=NOW + dt.timedelta(hours=3))
    other_key = services.mark_apply(session=session, actor=trainer, key="k-0002-offline", user_id=learner.pk,
                                    now=NOW + dt.timedelta(hours=3))
    assert (first.outcome, resent.outcome, resent.replayed, other_key.outcome) == (
        services.MARKED, services.MARKED, True, services.ALREADY)
    attendance = Attendance.objects.get(session=session, user=learner)
    assert attendance.attended_at == tapped and attendance.marked_by == trainer
    assert MarkReceipt.objects.count() == 2


def test_list_marks_only_registrants(db, live_session, person, tree):
    session, trainer = live_session
    stranger = person(tree["C-B1"])
    outcome = services.mark_apply(session=session, actor=trainer, key="k-stranger-01", user_id=stranger.pk, now=NOW)
    assert outcome.outcome == services.NOT_FOUND
    assert not Attendance.objects.exists()


def test_mark_by_phone_finds_or_creates_by_the_rosters_rules(db, live_session, person, tree):
    from lms.accounts.models import User
    from lms.organisations.models import UnitInvitation

    session, trainer = live_session
    known = person(tree["C-B1"], phone="+84912000111")
    found = services.mark_apply(session=session, actor=trainer, key="k-phone-0001", phone="0912 000 111", now=NOW)
    assert found.outcome == services.MARKED
    known.refresh_from_db()
    assert known.commune_id == tree["C-B1"].pk  # an existing account is never moved
    need = services.mark_apply(session=session, actor=trainer, key="k-phone-0002", phone="0987654321", now=NOW)
    assert need.outcome == services.NEED_NAME and need.text.startswith("Số điện thoại này chưa có tài khoản")
    bad = services.mark_apply(session=session, actor=trainer, key="k-phone-0003", phone="12ab", now=NOW)
    assert bad.outcome == services.BAD_PHONE
    made = services.mark_apply(session=session, actor=trainer, key="k-phone-0004", phone="0987654321",
                               full_name="  bà lê thị   hoa ", now=NOW)
    assert made.outcome == services.MARKED and "/accounts/invitations/" in made.slip_link
    new = User.objects.get(phone="+84987654321")
    assert new.full_name == "Bà Lê Thị Hoa" and new.commune_id == tree["C-A1"].pk and not new.has_usable_password()
    assert new.email.endswith("@sdt.hocvuso.invalid")
    assert UnitInvitation.objects.filter(user=new, created_account=True).exists()
    assert Attendance.objects.filter(session=session, method=Attendance.Method.PHONE).count() == 2


def test_trainer_of_another_unit_cannot_mark_and_a_key_cannot_cross_sessions(db, live_session, make_trainer,
                                                                                make_session, person, tree):
    session, trainer = live_session
    outsider = make_trainer(tree["C-B1"])
    learner = person(tree["C-A1"])
    services.registration_create(user=learner, session=session, now=NOW - dt.timedelta(days=1))
    assert not permissions.can_run(outsider, session)
    with pytest.raises(PermissionDenied):
        services.mark_apply(session=session, actor=outsider, key="k-outsider-1", user_id=learner.pk, now=NOW)
    services.mark_apply(session=session, actor=trainer, key="k-shared-key", user_id=learner.pk, now=NOW)
    mine = make_session(unit=tree["C-B1"], starts_in=-0.25, trainers=[outsider])
    with pytest.raises(PermissionDenied):
        services.mark_apply(session=mine, actor=outsider, key="k-shared-key", user_id=learner.pk, now=NOW)
    assert Attendance.objects.filter(session=session).count() == 1 and not Attendance.objects.filter(session=mine)


def test_scopes_of_schedulers_and_runners(db, make_trainer, make_manager, make_session, person, tree):
    manager = make_manager(tree["P-A"])
    trainer = make_trainer(tree["C-A1"])
    listed = make_trainer(tree["C-B1"])  # another province's trainer, listed on one session of C-A1
    learner = person(tree["C-A1"])
    a1 = make_session(unit=tree["C-A1"], trainers=[listed])
    b1 = make_session(unit=tree["C-B1"])
    assert permissions.can_schedule_in(manager, tree["A-A1-X"]) and not permissions.can_schedule_in(manager, tree["C-B1"])
    assert permissions.can_schedule_in(trainer, tree["A-A1-X"]) and not permissions.can_schedule_in(trainer, tree["P-A"])
    assert not permissions.can_schedule_in(learner, tree["C-A1"]) and not permissions.is_team(learner)
    assert permissions.can_run(listed, a1) and not permissions.can_edit(listed, a1)
    assert set(permissions.team_sessions(trainer)) == {a1}
    assert set(permissions.team_sessions(listed)) == {a1, b1}
    assert set(permissions.team_sessions(manager)) == {a1}
    with pytest.raises(PermissionDenied):
        services.session_create(actor=trainer, unit=tree["C-B1"], topic="x", place="y", starts_at=NOW,
                                ends_at=NOW + dt.timedelta(hours=1), capacity=5)
    with pytest.raises(Exception) as not_team:  # a learner cannot be listed as a trainer (they would see registrants)
        services.session_create(actor=trainer, unit=tree["C-A1"], topic="x", place="y", starts_at=NOW,
                                ends_at=NOW + dt.timedelta(hours=1), capacity=5, trainers=[learner])
    assert "trainers" in not_team.value.message_dict


def test_attending_completes_the_course_and_certificates_follow(db, make_session, make_trainer, two_lesson_course,
                                                                person, tree):
    from classes.models import Session
    from courses.models import Enrollment, LessonCompletion
    from courses.signals import course_completed

    heard = []

    def listener(sender, *, user, course, **kwargs):  # what certificates listen to (certificates/receivers.py)
        heard.append((user.pk, course.pk))

    course_completed.connect(listener, dispatch_uid="test-classes-completed")

    trainer = make_trainer(tree["C-A1"])
    learner = person(tree["C-A1"])
    lessons = list(two_lesson_course.lessons())
    only_one = make_session(starts_in=-0.25, trainers=[trainer], counts=Session.Counts.LESSONS, lessons=lessons[:1])
    services.registration_create(user=learner, session=only_one, now=NOW - dt.timedelta(days=1))
    services.mark_apply(session=only_one, actor=trainer, key="k-lesson-one", user_id=learner.pk, now=NOW)
    enrollment = Enrollment.objects.get(user=learner, course=two_lesson_course)
    assert enrollment.completed_at is None
    assert set(LessonCompletion.objects.filter(user=learner).values_list("lesson_id", flat=True)) == {lessons[0].pk}

    whole = make_session(starts_in=-0.25, trainers=[trainer], counts=Session.Counts.COURSE, course=two_lesson_course)
    done = services.attendance_record(session=whole, user=learner, method=Attendance.Method.LIST, marked_by=trainer,
                                      now=NOW)
    assert done.completed_lessons == (lessons[1].pk,)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    services.attendance_record(session=whole, user=learner, method=Attendance.Method.QR, now=NOW)  # again: nothing
    course_completed.disconnect(dispatch_uid="test-classes-completed")
    assert heard == [(learner.pk, two_lesson_course.pk)]  # once: the certificate follows as for online completion
    assert LessonCompletion.objects.filter(user=learner).count() == 2
