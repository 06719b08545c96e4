"""The open API's records: which unit subtree and scopes each OAuth client holds, the log of every call, webhook
subscriptions and their deliveries. The OAuth client itself (id, hashed secret) and its tokens are
django-oauth-toolkit's ``Application`` and ``AccessToken``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SCOPES = {
    "completions:read": _("Đọc ghi danh, hoàn thành khóa học, kết quả kiểm tra và yêu cầu bắt buộc"),
    "certificates:read": _("Đọc chứng nhận (số hiệu, trạng thái, đường dẫn xác minh)"),
    "roster:write": _("Cập nhật danh sách người học (như trang nhập danh sách)"),
    "statements:read": _("Đọc câu lệnh xAPI (bài học, câu hỏi kiểm tra nhanh, bài kiểm tra, H5P)"),
}
SCOPE_CHOICES = [(code, code) for code in SCOPES]

EVENTS = ("certificate.issued", "certificate.revoked", "requirement.met")
#: The scope a client needs to subscribe to an event (it carries what that scope may read).
EVENT_SCOPES = {
    "certificate.issued": "certificates:read",
    "certificate.revoked": "certificates:read",
    "requirement.met": "completions:read",
}


class ApiClient(models.Model):
    """An outside system: an OAuth 2.0 client (client credentials) bound to one unit's subtree and some scopes.

    ``account`` is the client's service account (no password, cannot sign in) holding a manager assignment of
    ``unit``: every read and write goes through ``lms.organisations.permissions`` with it, exactly as for a
    manager of that unit."""

    name = models.CharField(_("tên hệ thống"), max_length=150)
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.PROTECT, related_name="api_client", editable=False,
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False,
    )
    unit = models.ForeignKey(
        "organisations.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="api_clients",
        help_text=_("Hệ thống chỉ đọc và ghi dữ liệu của đơn vị này và các đơn vị cấp dưới."),
    )
    scopes = models.JSONField(_("phạm vi"), default=list)
    rate = models.CharField(
        _("giới hạn tần suất"), max_length=16, blank=True,
        help_text=_("Ví dụ 600/m. Để trống: theo cài đặt API_RATE."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hệ thống kết nối API")
        verbose_name_plural = _("hệ thống kết nối API")

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiCall(models.Model):
    """One call: who (client), what (method, path, query), when, the answer's status and how many rows it held.
    Like reporting's export log, nothing here holds learner data beyond the counted rows."""

    client = models.ForeignKey(ApiClient, null=True, on_delete=models.SET_NULL, related_name="calls")
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    query = models.CharField(max_length=1000, blank=True)
    status = models.PositiveSmallIntegerField()
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("lượt gọi API")
        verbose_name_plural = _("nhật ký gọi API")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} → {self.status}"


class WebhookSubscription(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="subscriptions")
    url = models.URLField(_("địa chỉ nhận"), max_length=500)
    events = models.JSONField(_("sự kiện"), default=list)
    secret = models.CharField(max_length=64, editable=False, help_text="HMAC-SHA256 key of the signatures")
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("đăng ký webhook")
        verbose_name_plural = _("đăng ký webhook")

    def __str__(self) -> str:
        return f"{self.client} → {self.url}"


class WebhookDelivery(models.Model):
    """One event for one subscription. ``id`` is sent as ``X-Hvs-Delivery``: the receiver drops a delivery it has
    already seen. A delivery is claimed by one worker at a time and marked delivered in the same transaction that
    saw the 2xx, so a worker killed mid-way leaves it pending (sent again, same id) and never sent twice once done."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        DELIVERED = "delivered", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32)
    event_key = models.CharField(max_length=100, help_text="What the event is about: one delivery per subscription")
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event", "event_key"], name="uniq_webhook_event"),
        ]
        verbose_name = _("lần gửi webhook")
        verbose_name_plural = _("lần gửi webhook")

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription.url} ({self.get_status_display()})"
