"""The texts of a reminder (email subject and body, SMS) in the learner's language, with absolute links on
``settings.BASE_URL``: the page to open, the reminder settings and, for nudges, the one-click unsubscribe link."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from classes import selectors as class_selectors
from courses import selectors as course_selectors
from quizzes import selectors as quiz_selectors

from .models import Delivery

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    sms: str
    link: str
    unsubscribe_url: str = ""


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.BASE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int) -> str:
    """The signed token of a person's unsubscribe link (no expiry: a link in an old message keeps working)."""
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int | None:
    """The user id a token was signed for, or None for a forged, altered or malformed token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def unsubscribe_url(user_id: int) -> str:
    return absolute(reverse("reminders:unsubscribe", kwargs={"token": unsubscribe_token(user_id)}))


def _target(delivery: Delivery, language: str) -> tuple[str, str]:
    """(title, path) of what the reminder is about, in ``language``."""
    if delivery.kind == Delivery.Kind.SESSION:
        return delivery.title, reverse("classes:detail", kwargs={"pk": delivery.session_id_ref or 0})
    requirement = delivery.requirement
    if requirement is not None and requirement.content_type.model == "assessment":
        test = quiz_selectors.assessments_by_id([requirement.object_id]).get(requirement.object_id)
        if test is not None:
            return test.title, reverse("quizzes:detail", kwargs={"slug": test.slug})
        return delivery.title, reverse("quizzes:list")
    course_id = requirement.object_id if requirement is not None else delivery.course_id_ref
    found = course_selectors.course_title_and_path(course_id=course_id, language=language) if course_id else None
    if found:
        return found[0], found[1] or reverse("my_learning")
    return delivery.title, reverse("my_learning")


def compose(delivery: Delivery, *, name: str, language: str) -> Message:
    """The message of ``delivery`` for a person called ``name``, in ``language`` ("vi" or "en")."""
    with translation.override(language):
        title, path = _target(delivery, language)
        link = absolute(path)
        deadline = formats.date_format(delivery.deadline, "SHORT_DATE_FORMAT") if delivery.deadline else ""
        days = delivery.days_left or 0
        fields = {"title": title, "deadline": deadline, "days": days, "link": link, "name": name}
        unsubscribe = ""
        if delivery.kind == Delivery.Kind.DEADLINE and days > 0:
            subject = _("Còn %(days)s ngày để hoàn thành: %(title)s") % fields
            lead = _("«%(title)s» là nội dung bắt buộc với bạn, hạn hoàn thành là ngày %(deadline)s (còn %(days)s "
                     "ngày).") % fields
            sms = _("Học vụ số: còn %(days)s ngày (hạn %(deadline)s) để hoàn thành «%(title)s». %(link)s") % fields
        elif delivery.kind == Delivery.Kind.DEADLINE:
            subject = _("Hôm nay là hạn hoàn thành: %(title)s") % fields
            lead = _("«%(title)s» là nội dung bắt buộc với bạn, hôm nay (%(deadline)s) là hạn hoàn thành.") % fields
            sms = _("Học vụ số: hôm nay là hạn hoàn thành «%(title)s». %(link)s") % fields
        elif delivery.kind == Delivery.Kind.OVERDUE:
            subject = _("Đã quá hạn: %(title)s") % fields
            lead = _("«%(title)s» là nội dung bắt buộc với bạn và đã quá hạn hoàn thành (ngày %(deadline)s). Bạn "
                     "vẫn có thể hoàn thành ngay bây giờ.") % fields
            sms = _("Học vụ số: «%(title)s» đã quá hạn (%(deadline)s). Hoàn thành ngay: %(link)s") % fields
        elif delivery.kind == Delivery.Kind.SESSION:
            session = class_selectors.session_by_id(delivery.session_id_ref or 0)
            local = timezone.localtime(session.starts_at) if session else None
            fields.update(time=local.strftime("%H:%M") if local else "", place=session.place if session else "",
                          day=formats.date_format(local.date(), "SHORT_DATE_FORMAT") if local else "")
            if days > 0:
                subject = _("Ngày mai %(time)s: %(title)s") % fields
                lead = _("Bạn đã đăng ký buổi hướng dẫn «%(title)s» lúc %(time)s ngày mai (%(day)s) tại %(place)s. "
                         "Nhớ mang theo điện thoại đã sạc pin.") % fields
                sms = _("Học vụ số: ngày mai %(time)s, buổi hướng dẫn «%(title)s» tại %(place)s. %(link)s") % fields
            else:
                subject = _("Hôm nay %(time)s: %(title)s") % fields
                lead = _("Hôm nay lúc %(time)s có buổi hướng dẫn «%(title)s» bạn đã đăng ký, tại %(place)s. Đến nơi, "
                         "quét mã QR của người hướng dẫn để điểm danh.") % fields
                sms = _("Học vụ số: hôm nay %(time)s, buổi hướng dẫn «%(title)s» tại %(place)s. %(link)s") % fields
        elif delivery.kind == Delivery.Kind.MANAGER:
            subject = _("Nhắc nhở từ cán bộ quản lý: %(title)s") % fields
            lead = _("Cán bộ quản lý đơn vị của bạn nhắc bạn hoàn thành «%(title)s» (hạn ngày %(deadline)s).") % fields
            sms = _("Học vụ số: cán bộ quản lý nhắc bạn hoàn thành «%(title)s» (hạn %(deadline)s). %(link)s") % fields
        else:  # a nudge
            unsubscribe = unsubscribe_url(delivery.user_id)
            fields["unsubscribe"] = unsubscribe
            subject = _("Tiếp tục khóa học: %(title)s") % fields
            lead = _("Bạn đã dừng khóa học «%(title)s» giữa chừng. Mỗi ngày một bài ngắn là đủ để hoàn thành.") % fields
            sms = _("Học vụ số: tiếp tục khóa học «%(title)s»: %(link)s") % fields
        settings_link = absolute(reverse("reminders:settings"))
        parts = [
            _("Chào %(name)s,") % fields,
            lead,
            _("Mở trang: %(link)s") % fields,
            _("Chọn cách nhận nhắc nhở (email, SMS): %(settings)s") % {"settings": settings_link},
        ]
        if unsubscribe:
            parts.append(_("Không muốn nhận lời nhắc học tiếp nữa? Hủy nhận bằng một lần bấm: %(unsubscribe)s") % fields)
        parts.append(_("Học vụ số — Bình dân học vụ số"))
        return Message(subject=subject, body="\n\n".join(parts) + "\n", sms=sms, link=link, unsubscribe_url=unsubscribe)
