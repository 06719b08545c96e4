"""Demo guided sessions (classes, issue 23): a trainer of the demo ward's community digital technology team,
sessions coming up in Thái Nguyên (one of them completing the VNeID lesson of *Kỹ năng số cơ bản*), and one held a
week ago with its attendance, so that the managers' dashboard shows in-person learning beside online learning.
Seeded through classes' services; safe to run again (sessions are found by topic and unit)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from classes import services as class_services
from classes.models import Attendance, Session, TrainerAssignment
from lms.accounts.models import User
from lms.accounts.services import user_add_to_learners
from lms.organisations.models import Unit

from .accounts import DEMO_PASSWORD
from .units import DEMO_COMMUNE

TRAINER_EMAIL = "huongdan@hocvuso.vn"

# (unit code, topic, place, address, days from now, hour, capacity, description, lesson slug completed)
SESSIONS = [
    (DEMO_COMMUNE, "Hướng dẫn cài đặt VNeID mức 2 tại Nhà văn hoá tổ dân phố 5", "Nhà văn hoá tổ dân phố 5",
     "Đường Phan Đình Phùng, phường Phan Đình Phùng", 2, 8, 40,
     "Mang theo điện thoại và căn cước công dân gắn chip. Tổ công nghệ số cộng đồng hướng dẫn cài ứng dụng, "
     "kích hoạt tài khoản định danh điện tử mức 2 và đăng nhập Cổng Dịch vụ công quốc gia bằng VNeID.",
     "kich-hoat-vneid-muc-do-2"),
    (DEMO_COMMUNE, "Thanh toán hoá đơn điện, nước bằng mã QR", "Hội trường UBND phường Phan Đình Phùng",
     "Phường Phan Đình Phùng, tỉnh Thái Nguyên", 5, 14, 30,
     "Mở ứng dụng ngân hàng, quét mã QR trên hoá đơn, kiểm tra tên người nhận trước khi xác nhận.", ""),
    ("C-TN-DINHHOA", "Nhận diện cuộc gọi lừa đảo giả danh công an", "Nhà văn hoá thôn Bản Cọc",
     "Thôn Bản Cọc, xã Định Hóa", 9, 19, 50,
     "Những dấu hiệu của cuộc gọi lừa đảo, cách từ chối và báo cáo; không chuyển tiền, không cài ứng dụng lạ.", ""),
]
HELD = (DEMO_COMMUNE, "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia", "Nhà văn hoá tổ dân phố 5",
        "Đường Phan Đình Phùng, phường Phan Đình Phùng", -7, 8, 30,
        "Thực hành nộp hồ sơ cấp lại giấy khai sinh bản sao và tra cứu kết quả.")
HELD_ATTENDEES = 8


def _trainer(unit: Unit) -> User:
    user = User.objects.filter(email=TRAINER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(email=TRAINER_EMAIL, password=DEMO_PASSWORD,
                                         full_name="Trần Thị Hướng", province=unit.get_parent(), commune=unit)
        user_add_to_learners(user=user)
    TrainerAssignment.objects.get_or_create(user=user, unit=unit)
    return user


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _session(trainer, unit, topic, place, address, days, hour, capacity, description, lessons=()) -> Session:
    found = Session.objects.filter(unit=unit, topic=topic).first()
    if found is not None:
        return found
    start = _at(days, hour)
    fields = {"unit": unit, "topic": topic, "place": place, "address": address, "starts_at": start,
              "ends_at": start + dt.timedelta(hours=2), "capacity": capacity, "description": description}
    if lessons:  # what attending completes: the lesson of the course it teaches
        return class_services.session_create(actor=trainer, counts=Session.Counts.LESSONS, lessons=lessons,
                                             trainers=[trainer], **fields)
    return Session.objects.create(created_by=trainer, **fields)


def seed_demo_classes() -> dict:
    from courses import selectors as course_selectors

    units = {u.code: u for u in Unit.objects.filter(code__in={DEMO_COMMUNE, "C-TN-DINHHOA"})}
    ward = units[DEMO_COMMUNE]
    trainer = _trainer(ward)
    made = []
    for code, topic, place, address, days, hour, capacity, description, lesson_slug in SESSIONS:
        lessons = list(course_selectors.lessons_for_choice().filter(slug=lesson_slug)[:1]) if lesson_slug else []
        session = _session(trainer, units[code], topic, place, address, days, hour, capacity, description, lessons)
        session.trainers.add(trainer)
        made.append(session)
    code, topic, place, address, days, hour, capacity, description = HELD
    held = _session(trainer, units[code], topic, place, address, days, hour, capacity, description)
    held.trainers.add(trainer)
    # Residents of the ward (placed in the ward itself, none of its agencies) attended it, marked from the list.
    residents = (User.objects.filter(commune=ward, unit__isnull=True, is_staff=False, is_active=True,
                                     email__startswith="demo-").order_by("pk")[:HELD_ATTENDEES])
    for resident in residents:
        class_services.attendance_record(session=held, user=resident, method=Attendance.Method.LIST,
                                         marked_by=trainer, now=held.starts_at + dt.timedelta(minutes=10))
    return {"buổi hướng dẫn": len(made) + 1, "lượt có mặt": held.attendances.count()}
