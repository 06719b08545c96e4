"""Reads: everything the platform holds about one person, as the download (JSON) and the readable page show it.

The sections and their keys are documented in ``SECTIONS`` (also written into the JSON as ``sections``) and in
README.md. Every reference to the user in every app is listed in ``registry.REFERENCES``; each one is read here
generically (every stored field of every row, but the password hash), so a new field on a covered model appears in
the download without a change here.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import notices
from .models import Consent, PersonalDataAccess
from .registry import ID_ONLY, REFERENCES, section_provider

FORMAT_VERSION = 1
HIDDEN_FIELDS = frozenset({"password"})


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # lazy text
    description: object


SECTIONS: tuple[Section, ...] = (
    Section("profile", _("Hồ sơ"), _("Tài khoản của bạn: họ tên, email, số điện thoại, năm sinh, nhóm đối tượng, "
                                      "nơi ở, nơi làm việc, vai trò, ngày tạo và lần đăng nhập gần nhất.")),
    Section("email_addresses", _("Địa chỉ email"), _("Các địa chỉ email gắn với tài khoản và đã xác minh hay chưa.")),
    Section("national_identity", _("Định danh quốc gia"), _(
        "Liên kết với định danh quốc gia, nếu có: mã băm của số định danh cá nhân (không lưu chính số đó), dịch vụ "
        "định danh, ngày liên kết, lần xác minh gần nhất.")),
    Section("consents", _("Đồng ý xử lý dữ liệu"), _("Mỗi lần bạn trả lời Thông báo xử lý dữ liệu cá nhân: phiên "
                                                     "bản, thời điểm, ngôn ngữ, trả lời, địa chỉ IP.")),
    Section("erasure_requests", _("Yêu cầu xóa tài khoản"), _("Các yêu cầu xóa tài khoản và tình trạng.")),
    Section("enrollments", _("Khóa học đã tham gia"), _("Mỗi khóa học: ngày bắt đầu, ngày hoàn thành.")),
    Section("lesson_completions", _("Bài học đã hoàn thành"), _("Mỗi bài học bạn đã học xong và thời điểm.")),
    Section("knowledge_checks", _("Kiểm tra nhanh trong bài học"), _("Câu trả lời và kết quả các phần kiểm tra "
                                                                     "nhanh trong bài học.")),
    Section("attempts", _("Bài kiểm tra đã làm"), _("Mỗi lần làm bài kiểm tra: thời điểm, câu trả lời, điểm, kết "
                                                    "quả theo năng lực, đạt hay chưa.")),
    Section("certificates", _("Chứng nhận"), _("Chứng nhận đã cấp cho bạn (cả chứng nhận đã thu hồi) và nhật ký "
                                               "của từng chứng nhận.")),
    Section("h5p_results", _("Kết quả hoạt động tương tác (H5P)"), _("Điểm cao nhất của bạn ở mỗi hoạt động.")),
    Section("h5p_statements", _("Bản ghi xAPI của hoạt động tương tác"), _("Từng bản ghi xAPI mà trình phát H5P "
                                                                             "gửi về khi bạn làm hoạt động.")),
    Section("video_watches", _("Video bài học đã xem"), _("Mỗi video: những đoạn bạn đã xem (tính bằng giây), tỉ lệ "
                                                          "đã xem, chỗ xem dở và lần báo gần nhất.")),
    Section("staff_reads", _("Cán bộ đã xem dữ liệu của bạn"), _("Mỗi lần cán bộ quản lý hoặc quản trị viên mở "
                                                                 "trang có dữ liệu của bạn: ai, xem gì, khi nào.")),
    Section("exports_covering_you", _("Các lần xuất danh sách có thể gồm bạn"), _(
        "Các lần cán bộ xuất danh sách kết quả của đơn vị, địa phương nơi bạn ở hoặc làm việc. Tệp xuất không có "
        "trong bản tải về này; mỗi tệp bị xóa sau tối đa 72 giờ.")),
    Section("reminders", _("Nhắc nhở đã gửi cho bạn"), _("Mỗi lời nhắc về hạn hoàn thành, lời nhắc học tiếp, "
                                                         "lời nhắc của cán bộ quản lý: khi nào, qua kênh nào; và "
                                                         "cách bạn chọn nhận nhắc nhở.")),
    Section("in_person_sessions", _("Buổi hướng dẫn trực tiếp"), _("Các buổi hướng dẫn bạn đã đăng ký, đã tham dự "
            "(cách điểm danh, thời điểm) và, nếu bạn là người hướng dẫn, các đơn vị được giao.")),
    Section("unit_invitations", _("Lời mời vào đơn vị"), _("Lời mời của cán bộ quản lý đưa bạn vào một đơn vị "
                                                            "(từ danh sách học viên) và câu trả lời của bạn.")),
    Section("manager_assignments", _("Đơn vị bạn quản lý"), _("Nếu bạn là cán bộ quản lý: các đơn vị được giao.")),
    Section("export_jobs", _("Tệp xuất bạn đã tạo"), _("Nếu bạn là cán bộ quản lý: các tệp xuất đang lưu.")),
    Section("export_logs", _("Nhật ký xuất dữ liệu của bạn"), _("Nếu bạn là cán bộ quản lý: mỗi lần bạn xuất "
                                                                "dữ liệu.")),
    Section("admin_preferences", _("Tùy chọn trang quản trị"), _("Nếu bạn là cán bộ: tùy chọn của trang quản trị.")),
    Section("staff_records", _("Công việc của bạn với vai trò cán bộ"), _(
        "Nếu bạn là cán bộ: những bản ghi mang tên bạn (trang đã sửa, tệp đã tải lên, chứng nhận đã thu hồi, lần "
        "xem dữ liệu…), theo từng loại.")),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)


def json_value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | dict):
        return value
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
        return value.name or ""
    return str(value)


def row(obj, *, exclude: frozenset = HIDDEN_FIELDS) -> dict:
    """Every stored field of ``obj`` (foreign keys as ids, with the related object's name beside them)."""
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        if isinstance(field, models.ForeignKey):
            pk = getattr(obj, field.attname)
            out[field.name] = pk if not isinstance(pk, uuid.UUID) else str(pk)
            if pk is not None and field.related_model is not get_user_model():
                related = getattr(obj, field.name, None)
                out[f"{field.name}_label"] = str(related)[:300] if related is not None else ""
            continue
        out[field.name] = json_value(field.value_from_object(obj))
    return out


def _rows(label: str, user) -> list[dict]:
    app_model, field = label.rsplit(".", 1)
    model = apps.get_model(app_model)
    qs = model._default_manager.filter(**{field: user}).order_by("pk")
    return [row(obj) for obj in qs]


def _profile(user) -> dict:
    data = row(user)
    data["roles"] = sorted(user.groups.values_list("name", flat=True))
    data["permissions"] = sorted(f"{p.content_type.app_label}.{p.codename}" for p in user.user_permissions.all())
    return data


def _provided(key: str, user) -> list[dict]:
    """A section an app above lms builds (``registry.provide_section``); empty when that app is not installed."""
    provider = section_provider(key)
    return provider.rows(user) if provider else []


def _staff_reads(user) -> list[dict]:
    """Who read the person's data: the reader's name (their email and address stay in the audit log)."""
    return [
        {
            "at": json_value(access.at),
            "what": access.what,
            "what_label": str(access.get_what_display()),
            "reader": (access.reader.get_full_name() if access.reader else access.reader_email.split("@")[0]),
        }
        for access in PersonalDataAccess.objects.filter(subject=user).select_related("reader").order_by("at", "pk")
    ]


def _staff_records(user) -> list[dict]:
    out = []
    for ref in REFERENCES:
        if ref.section != "staff_records":
            continue
        app_model, field = ref.label.rsplit(".", 1)
        model = apps.get_model(app_model)
        objects = list(model._default_manager.filter(**{field: user}).order_by("pk"))
        if not objects:
            continue
        id_only = app_model in ID_ONLY
        out.append({
            "model": app_model, "field": field, "verbose_name": str(model._meta.verbose_name_plural),
            "count": len(objects),
            "objects": [{"id": json_value(obj.pk)} if id_only else {"id": json_value(obj.pk), "label": str(obj)[:300]}
                        for obj in objects],
        })
    return out


def personal_data(user) -> dict:
    """Everything the platform holds about ``user``, by section (``SECTIONS``)."""
    data: dict = {
        "format": "hocvuso-personal-data",
        "format_version": FORMAT_VERSION,
        "generated_at": json_value(timezone.now()),
        "notice_version": notices.CURRENT_VERSION,
        "sections": {section.key: {"title": str(section.title), "description": str(section.description)}
                     for section in SECTIONS},
    }
    for ref in REFERENCES:
        if ref.section in ("profile", "staff_records", "staff_reads", "certificates"):
            continue
        data.setdefault(ref.section, []).extend(_rows(ref.label, user))
    data["profile"] = _profile(user)
    data["certificates"] = _provided("certificates", user)
    data["staff_reads"] = _staff_reads(user)
    data["exports_covering_you"] = _provided("exports_covering_you", user)
    data["staff_records"] = _staff_records(user)
    for key in SECTION_KEYS:
        data.setdefault(key, [])
    return data


def field_labels(section_key: str) -> dict[str, str]:
    """Readable names (the models' verbose names) of a section's keys, for the readable page."""
    models_of = [get_user_model()] if section_key == "profile" else []
    provider = section_provider(section_key)
    if provider:
        models_of.extend(provider.models)
    for ref in REFERENCES:
        if ref.section == section_key and not ref.label.startswith("accounts.User."):
            models_of.append(apps.get_model(ref.label.rsplit(".", 1)[0]))
    labels: dict[str, str] = {"roles": str(_("vai trò")), "permissions": str(_("quyền riêng")),
                              "events": str(_("nhật ký")), "verify_url": str(_("trang kiểm tra"))}
    for model in models_of:
        for field in model._meta.concrete_fields:
            name = str(field.verbose_name)
            labels.setdefault(field.name, name)
            labels.setdefault(f"{field.name}_label", name)
    return labels


def consents_of(user):
    return Consent.objects.filter(user=user).select_related("notice")


def staff_reads_visible_to(viewer):
    """The staff read log: administrators (superusers) and holders of ``privacy.view_personaldataaccess``
    (the auditors' role)."""
    if viewer.is_active and (viewer.is_superuser or viewer.has_perm("privacy.view_personaldataaccess")):
        return PersonalDataAccess.objects.all()
    return PersonalDataAccess.objects.none()


