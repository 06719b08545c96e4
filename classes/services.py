"""Writes of the in-person sessions: scheduling, registration (capacity under concurrency), attendance (QR,
list, phone, offline queue) and what attendance completes. Keyword-only functions of an injected ``now``; tests
call them without HTTP.

- **Capacity.** ``Session.seats_taken`` changes only by a conditional ``UPDATE … SET seats_taken = seats_taken + 1
  WHERE seats_taken < capacity`` inside the registration's transaction: of two learners for the last seat (or a
  double click) one update matches and the other does not (PostgreSQL re-reads the row after the first commits;
  SQLite writes one at a time). The registration row is unique per learner and session, so a second insert rolls
  back its seat too. A check constraint keeps ``seats_taken <= capacity`` in the database itself.
- **Attendance** is one row per learner and session (unique), whatever marked it. The first row applies what the
  session completes (``courses.services.complete_in_person``).
- **Offline marks** carry an idempotency key drawn by the trainer's page; ``mark_apply`` records the outcome under
  the key (``MarkReceipt``, unique) in the attendance's transaction: a resend returns the recorded outcome and
  changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import services as course_services
from lms.organisations.roster import learner_by_phone

from . import permissions, tokens
from .models import Attendance, MarkReceipt, Registration, Session

log = logging.getLogger(__name__)

# Messages (shown to people; the tests assert on them).
FULL = _("Buổi hướng dẫn này đã đủ chỗ.")
CLOSED = _("Buổi hướng dẫn này đã bắt đầu hoặc đã kết thúc, không nhận đăng ký nữa.")
CANCELLED = _("Buổi hướng dẫn này đã bị hủy.")
REGISTERED = _("Bạn đã đăng ký buổi hướng dẫn “%(topic)s”.")
ALREADY_REGISTERED = _("Bạn đã đăng ký buổi này rồi.")
REGISTRATION_CANCELLED = _("Đã hủy đăng ký buổi hướng dẫn “%(topic)s”.")
CODE_EXPIRED = _("Mã QR này đã hết hạn. Hãy quét lại mã đang hiển thị trên điện thoại của người hướng dẫn.")
CHECKIN_CLOSED = _("Chỉ điểm danh được trong thời gian diễn ra buổi hướng dẫn.")
CHECKED_IN = _("Đã ghi nhận bạn có mặt tại buổi “%(topic)s”.")
ALREADY_CHECKED_IN = _("Bạn đã được ghi nhận có mặt tại buổi này rồi.")
TRAINER_NOT_TEAM = _("%(name)s chưa được phân công làm người hướng dẫn hoặc cán bộ quản lý.")

CHECKIN_EARLY = dt.timedelta(minutes=30)  # the QR code opens 30 minutes before the start…
CHECKIN_LATE = dt.timedelta(minutes=30)  # …and closes 30 minutes after the end
MARK_LATE = dt.timedelta(days=7)  # a trainer may enter marks (a paper list, a phone back online) for a week

# Outcomes of a mark (``MarkReceipt.outcome``; the trainer's page shows their texts, ``MARK_TEXTS``).
MARKED, ALREADY, NOT_FOUND, BAD_PHONE, NEED_NAME, BAD_NAME, OUT_OF_TIME = (
    "marked", "already", "not_found", "bad_phone", "need_name", "bad_name", "out_of_time")
MARK_TEXTS = {
    MARKED: _("Đã điểm danh."),
    ALREADY: _("Người này đã được điểm danh."),
    NOT_FOUND: _("Không tìm thấy người học này trong danh sách đăng ký."),
    BAD_PHONE: _("Số điện thoại không hợp lệ."),
    NEED_NAME: _("Số điện thoại này chưa có tài khoản: nhập họ và tên để tạo tài khoản mới."),
    BAD_NAME: _("Họ và tên không hợp lệ."),
    OUT_OF_TIME: _("Đã quá thời gian điểm danh của buổi này."),
}
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class ClassError(Exception):
    """A rule refused the action; ``message`` is shown to the person."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- Scheduling ----------------------------------------------------------------------------------------------

SESSION_FIELDS = ("topic", "description", "unit", "place", "address", "starts_at", "ends_at", "capacity", "course",
                  "counts")


def _check_trainers(trainers) -> None:
    for trainer in trainers:
        if not permissions.is_team(trainer):
            raise ValidationError({"trainers": TRAINER_NOT_TEAM % {"name": trainer.full_name or trainer.email}})


@transaction.atomic
def session_create(*, actor, trainers=(), population_groups=(), lessons=(), **fields) -> Session:
    """Schedule a session (``SESSION_FIELDS``) in a unit ``actor`` may schedule in (``PermissionDenied`` otherwise)."""
    if not permissions.can_schedule_in(actor, fields.get("unit")):
        raise PermissionDenied
    _check_trainers(trainers)
    session = Session(created_by=actor if getattr(actor, "pk", None) else None,
                      **{k: v for k, v in fields.items() if k in SESSION_FIELDS})
    session.full_clean()
    if session.counts == Session.Counts.LESSONS and not lessons:
        from .models import LESSONS_NEEDED
        raise ValidationError({"lessons": LESSONS_NEEDED})
    session.save()
    session.trainers.set(trainers)
    session.population_groups.set(population_groups)
    session.lessons.set(lessons)
    return session


@transaction.atomic
def session_update(*, actor, session: Session, trainers=None, population_groups=None, lessons=None,
                   **fields) -> Session:
    """Change a session; its unit may only move to another unit ``actor`` may schedule in."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not permissions.can_edit(actor, session):
        raise PermissionDenied
    if "unit" in fields and not permissions.can_schedule_in(actor, fields["unit"]):
        raise PermissionDenied
    for name, value in fields.items():
        if name in SESSION_FIELDS:
            setattr(session, name, value)
    session.full_clean()
    if trainers is not None:
        _check_trainers(trainers)
    if session.counts == Session.Counts.LESSONS and not (lessons if lessons is not None else session.lessons.exists()):
        from .models import LESSONS_NEEDED
        raise ValidationError({"lessons": LESSONS_NEEDED})
    session.save()
    if trainers is not None:
        session.trainers.set(trainers)
    if population_groups is not None:
        session.population_groups.set(population_groups)
    if lessons is not None:
        session.lessons.set(lessons)
    return session


def session_cancel(*, actor, session: Session) -> None:
    if not permissions.can_edit(actor, session):
        raise PermissionDenied
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)


# --- Registration --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    registration: Registration
    created: bool


def registration_create(*, user, session: Session, now: dt.datetime | None = None) -> Registered:
    """Take a seat for ``user``. ``ClassError`` when the session is cancelled, has started, or is full. Calling it
    again (a double click, a second tab) returns the existing registration and takes no second seat."""
    now = now or timezone.now()
    existing = Registration.objects.filter(session=session, user=user, status=Registration.Status.REGISTERED).first()
    if existing is not None:
        return Registered(existing, False)
    session = Session.objects.get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise ClassError(CANCELLED)
    if session.starts_at <= now:
        raise ClassError(CLOSED)
    try:
        with transaction.atomic():
            # The seat first: the row lock (PostgreSQL) or the write lock (SQLite) orders two takers of the last seat.
            took = Session.objects.filter(
                pk=session.pk, status=Session.Status.SCHEDULED, seats_taken__lt=F("capacity")
            ).update(seats_taken=F("seats_taken") + 1)
            if not took:
                raise ClassError(FULL)
            revived = Registration.objects.filter(
                session=session, user=user, status=Registration.Status.CANCELLED
            ).update(status=Registration.Status.REGISTERED, updated_at=now)
            if not revived:
                Registration.objects.create(session=session, user=user)  # unique: a racing twin rolls back its seat
    except IntegrityError:
        existing = Registration.objects.get(session=session, user=user)
        return Registered(existing, False)
    except ClassError:
        # Full, or this learner's own other click took the last seat meanwhile: that is not "full" for them.
        existing = Registration.objects.filter(session=session, user=user,
                                               status=Registration.Status.REGISTERED).first()
        if existing is not None:
            return Registered(existing, False)
        raise
    return Registered(Registration.objects.get(session=session, user=user), True)


def registration_cancel(*, user, session: Session) -> bool:
    """Give the seat back. Returns whether a registration was cancelled now (False when there was none)."""
    with transaction.atomic():
        changed = Registration.objects.filter(
            session=session, user=user, status=Registration.Status.REGISTERED
        ).update(status=Registration.Status.CANCELLED, updated_at=timezone.now())
        if changed:
            Session.objects.filter(pk=session.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    return bool(changed)


# --- Attendance ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attended:
    attendance: Attendance
    created: bool
    completed_lessons: tuple[int, ...] = ()


def _attend(*, session: Session, user, method: str, marked_by=None, at: dt.datetime) -> tuple[Attendance, bool]:
    """Inside the caller's transaction: the learner's one attendance row (created or found)."""
    found = Attendance.objects.filter(session=session, user=user).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return Attendance.objects.create(session=session, user=user, method=method, marked_by=marked_by,
                                             attended_at=at), True
    except IntegrityError:
        return Attendance.objects.get(session=session, user=user), False


def apply_completion(*, session: Session, user) -> tuple[int, ...]:
    """Record what attending ``session`` completes (``Session.counts``) through courses' services."""
    if session.counts == Session.Counts.COURSE and session.course_id:
        return tuple(course_services.complete_in_person(user=user, course=session.course))
    if session.counts == Session.Counts.LESSONS:
        lesson_ids = list(session.lessons.values_list("pk", flat=True))
        if lesson_ids:
            return tuple(course_services.complete_in_person(user=user, lesson_ids=lesson_ids))
    return ()


def attendance_record(*, session: Session, user, method: str, marked_by=None,
                      now: dt.datetime | None = None) -> Attended:
    """Record that ``user`` attended ``session`` (once; a second call finds the first row) and, the first time,
    what the session completes."""
    now = now or timezone.now()
    with transaction.atomic():
        attendance, created = _attend(session=session, user=user, method=method, marked_by=marked_by, at=now)
    completed = apply_completion(session=session, user=user) if created else ()
    return Attended(attendance, created, completed)


def checkin_open(session: Session, now: dt.datetime) -> bool:
    return (session.status == Session.Status.SCHEDULED
            and session.starts_at - CHECKIN_EARLY <= now <= session.ends_at + CHECKIN_LATE)


def checkin_token_check(*, session: Session, token: str, now: dt.datetime) -> None:
    """The scanned code: ``ClassError`` unless it is the current or the previous window's code, and the session is
    on (from ``CHECKIN_EARLY`` before its start to ``CHECKIN_LATE`` after its end)."""
    if not tokens.token_valid(session.pk, token, now=now.timestamp()):
        raise ClassError(CODE_EXPIRED)
    if not checkin_open(session, now):
        raise ClassError(CHECKIN_CLOSED)


def checkin_confirm(*, session: Session, user, ticket: str, now: dt.datetime | None = None,
                    ticket_max_age: int = tokens.TICKET_SECONDS) -> Attended:
    """The signed-in learner confirms with the ticket their scan earned (``tokens.ticket_for``)."""
    now = now or timezone.now()
    if tokens.ticket_session(ticket, max_age=ticket_max_age) != session.pk:
        raise ClassError(CODE_EXPIRED)
    if not checkin_open(session, now):
        raise ClassError(CHECKIN_CLOSED)
    return attendance_record(session=session, user=user, method=Attendance.Method.QR, now=now)


@dataclass(frozen=True)
class MarkOutcome:
    outcome: str
    attendance_id: int | None = None
    replayed: bool = False  # the key was seen before: the recorded outcome, nothing applied
    slip_link: str = ""  # a phone-only account created now: its activation slip

    @property
    def text(self) -> str:
        return str(MARK_TEXTS[self.outcome])


def mark_apply(*, session: Session, actor, key: str, user_id: int | None = None, phone: str = "",
               full_name: str = "", marked_at: dt.datetime | None = None, now: dt.datetime | None = None,
               base_url: str = "") -> MarkOutcome:
    """A trainer's mark (from the registration list by ``user_id``, or by ``phone`` for someone without a
    smartphone), sent at once or queued offline and synced later: applied once per ``key``.

    ``user_id`` must be a registrant of the session (the list shows no one else); ``phone`` finds the account by the
    roster's rules, or creates a phone-only one placed in the session's unit when ``full_name`` is given.
    ``marked_at`` (when the trainer tapped, offline) is kept when it falls inside the session's time."""
    if not permissions.can_run(actor, session):
        raise PermissionDenied
    if not KEY_PATTERN.match(key or ""):
        raise ValidationError("bad idempotency key")
    receipt = MarkReceipt.objects.filter(key=key).first()
    if receipt is not None:
        if receipt.session_id != session.pk:
            raise PermissionDenied
        return MarkOutcome(receipt.outcome, receipt.attendance_id, replayed=True)
    now = now or timezone.now()
    if now > session.ends_at + MARK_LATE or now < session.starts_at - CHECKIN_EARLY:
        return _receipt(session, actor, key, OUT_OF_TIME)
    at = now
    if marked_at is not None and session.starts_at - CHECKIN_EARLY <= marked_at <= min(now, session.ends_at + CHECKIN_LATE):
        at = marked_at
    slip = ""
    if user_id is not None:
        registration = (Registration.objects.filter(session=session, user_id=user_id)
                        .select_related("user").first())
        if registration is None:
            return _receipt(session, actor, key, NOT_FOUND)
        user = registration.user
        method = Attendance.Method.LIST
    else:
        try:
            user, _created, slip = learner_by_phone(phone=phone, full_name=full_name, unit=session.unit, actor=actor,
                                                    base_url=base_url)
        except ValidationError as exc:
            outcome = {"need_name": NEED_NAME, "bad_name": BAD_NAME}.get(getattr(exc, "code", None), BAD_PHONE)
            return _receipt(session, actor, key, outcome)
        method = Attendance.Method.PHONE
    try:
        with transaction.atomic():
            attendance, created = _attend(session=session, user=user, method=method, marked_by=actor, at=at)
            MarkReceipt.objects.create(key=key, session=session, marked_by=actor,
                                       outcome=MARKED if created else ALREADY, attendance=attendance)
    except IntegrityError:  # the same key sent twice at once: the other request recorded it
        receipt = MarkReceipt.objects.get(key=key)
        return MarkOutcome(receipt.outcome, receipt.attendance_id, replayed=True)
    if created:
        apply_completion(session=session, user=user)
    return MarkOutcome(MARKED if created else ALREADY, attendance.pk, slip_link=slip)


def _receipt(session: Session, actor, key: str, outcome: str) -> MarkOutcome:
    try:
        MarkReceipt.objects.create(key=key, session=session, marked_by=actor, outcome=outcome)
    except IntegrityError:
        receipt = MarkReceipt.objects.get(key=key)
        return MarkOutcome(receipt.outcome, receipt.attendance_id, replayed=True)
    return MarkOutcome(outcome)
