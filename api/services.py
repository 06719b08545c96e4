"""Writes of the open API: clients (created and revoked by administrators), the call log, webhook subscriptions
and deliveries (signed, retried with backoff, sent at most once per delivery id)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import AccessToken, Application

from lms.organisations.permissions import VIEW_UNIT_REPORTS, forget_scope, manager_assign

from .models import EVENT_SCOPES, EVENTS, SCOPES, ApiCall, ApiClient, WebhookDelivery, WebhookSubscription

logger = logging.getLogger(__name__)

ERR_UNKNOWN_SCOPE = _("Phạm vi không hợp lệ: %(scope)s.")
ERR_NO_SCOPE = _("Chọn ít nhất một phạm vi.")
ERR_UNKNOWN_EVENT = _("Sự kiện không hợp lệ: %(event)s.")
ERR_EVENT_SCOPE = _("Hệ thống cần phạm vi %(scope)s để nhận sự kiện %(event)s.")
ERR_NO_EVENT = _("Chọn ít nhất một sự kiện.")
ERR_WEBHOOK_HOST = _("Địa chỉ nhận phải là một máy chủ công khai trên Internet.")
ERR_WEBHOOK_URL = _("Địa chỉ nhận phải bắt đầu bằng https:// (hoặc http:// trên máy này khi thử nghiệm).")

SERVICE_EMAIL_DOMAIN = "api.hocvuso.invalid"
SIGNATURE_HEADER = "X-Hvs-Signature"
TIMESTAMP_HEADER = "X-Hvs-Timestamp"
DELIVERY_HEADER = "X-Hvs-Delivery"
EVENT_HEADER = "X-Hvs-Event"


# --- Clients --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewClient:
    client: ApiClient
    client_id: str
    client_secret: str  # shown once: only its hash is stored


def _clean_scopes(scopes) -> list[str]:
    chosen = []
    for scope in scopes:
        if scope not in SCOPES:
            raise ValidationError(ERR_UNKNOWN_SCOPE % {"scope": scope})
        if scope not in chosen:
            chosen.append(scope)
    if not chosen:
        raise ValidationError(ERR_NO_SCOPE)
    return [scope for scope in SCOPES if scope in chosen]


@transaction.atomic
def api_client_create(*, name: str, unit, scopes, created_by=None, rate: str = "") -> NewClient:
    """A new OAuth client bound to ``unit``'s subtree: its service account (no password; manager of ``unit`` and
    nothing else), the DOT application (client credentials, secret hashed) and the binding. The secret is
    returned once."""
    scopes = _clean_scopes(scopes)
    secret = secrets.token_urlsafe(32)
    # is_staff: counted as nobody's learner (reporting and the API list non-staff accounts only); it grants nothing
    # here (no password, no admin permission; lms.organisations.permissions scopes by assignment, not by staff).
    account = get_user_model()(
        email=f"client-{secrets.token_hex(8)}@{SERVICE_EMAIL_DOMAIN}", full_name=f"API: {name}"[:150], is_staff=True,
    )
    account.set_unusable_password()
    account.save()
    account.user_permissions.add(Permission.objects.get(
        content_type__app_label=VIEW_UNIT_REPORTS.split(".")[0], codename=VIEW_UNIT_REPORTS.split(".")[1]))
    manager_assign(user=account, unit=unit)
    application = Application(
        name=name[:255], user=account, client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS, client_secret=secret,
        hash_client_secret=True, skip_authorization=True,
    )
    application.save()
    client = ApiClient.objects.create(
        name=name, application=application, account=account, unit=unit, scopes=scopes, rate=rate,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    return NewClient(client=client, client_id=application.client_id, client_secret=secret)


@transaction.atomic
def api_client_update(*, client: ApiClient, unit=None, scopes=None, rate: str | None = None) -> ApiClient:
    """Change a client's unit, scopes or rate; its tokens are revoked (the next token carries the new scopes)."""
    if scopes is not None:
        client.scopes = _clean_scopes(scopes)
    if rate is not None:
        client.rate = rate
    if unit is not None and unit.pk != client.unit_id:
        client.account.manager_assignments.all().delete()
        manager_assign(user=client.account, unit=unit)
        client.unit = unit
    client.save()
    AccessToken.objects.filter(application=client.application).delete()
    forget_scope(client.account)
    return client


@transaction.atomic
def api_client_revoke(*, client: ApiClient) -> ApiClient:
    """Revoke a client: its tokens are deleted, its service account deactivated (so invitations it sent lapse),
    its webhook subscriptions stopped. The binding and the call log stay."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    AccessToken.objects.filter(application=client.application).delete()
    account = client.account
    account.is_active = False
    account.save(update_fields=["is_active"])
    forget_scope(account)
    client.subscriptions.update(active=False)
    WebhookDelivery.objects.filter(subscription__client=client, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED, last_error="client revoked")
    return client


def api_call_log(*, client: ApiClient | None, method: str, path: str, query: str, status: int, rows: int,
                 ip: str | None) -> ApiCall:
    return ApiCall.objects.create(
        client=client, at=timezone.now(), method=method[:8], path=path[:300], query=query[:1000], status=status,
        rows=rows, ip=ip or None,
    )


# --- Webhooks -------------------------------------------------------------------------------------


def _clean_events(client: ApiClient, events) -> list[str]:
    chosen = []
    for event in events:
        if event not in EVENTS:
            raise ValidationError(ERR_UNKNOWN_EVENT % {"event": event})
        if EVENT_SCOPES[event] not in client.scopes:
            raise ValidationError(ERR_EVENT_SCOPE % {"scope": EVENT_SCOPES[event], "event": event})
        if event not in chosen:
            chosen.append(event)
    if not chosen:
        raise ValidationError(ERR_NO_EVENT)
    return chosen


def _check_url(url: str) -> None:
    """https only; in production the host must resolve to public addresses only (no request into the platform's
    own network on a client's word). Plain http to loopback is allowed outside production (tests, trials)."""
    import ipaddress  # noqa: PLC0415
    import socket  # noqa: PLC0415
    from urllib.parse import urlsplit  # noqa: PLC0415

    local = url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
    if not (url.startswith("https://") or (local and not settings.PRODUCTION)):
        raise ValidationError(ERR_WEBHOOK_URL)
    if settings.PRODUCTION:
        host = urlsplit(url).hostname or ""
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)}
        except (OSError, UnicodeError):
            raise ValidationError(ERR_WEBHOOK_HOST) from None
        if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
            raise ValidationError(ERR_WEBHOOK_HOST)


def webhook_subscribe(*, client: ApiClient, url: str, events) -> WebhookSubscription:
    """A subscription with a new secret (returned once by the API, kept to sign every delivery)."""
    _check_url(url)
    subscription = WebhookSubscription(client=client, url=url, events=_clean_events(client, events),
                                       secret=secrets.token_hex(32))
    subscription.full_clean()
    subscription.save()
    return subscription


def webhook_unsubscribe(*, subscription: WebhookSubscription) -> None:
    subscription.active = False
    subscription.save(update_fields=["active"])
    subscription.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED, last_error="unsubscribed")


def has_subscribers() -> bool:
    """Any active subscription at all: the receivers stop here, with one query, on the common path (a test wave
    closes thousands of attempts; most platforms have few subscriptions or none)."""
    return WebhookSubscription.objects.filter(active=True, client__revoked_at__isnull=True).exists()


def webhook_event(*, event: str, key: str, payload: dict, person) -> list[WebhookDelivery]:
    """Queue ``event`` for every active subscription whose client may see ``person`` (its unit subtree and the
    event's scope). One delivery per subscription and event key, whatever happens twice."""
    from lms.organisations.permissions import can_view_person  # noqa: PLC0415 (scope is per client account)

    created = []
    subscriptions = (WebhookSubscription.objects.filter(active=True, client__revoked_at__isnull=True)
                     .select_related("client__account"))
    now = timezone.now()
    for subscription in subscriptions:
        if event not in subscription.events or EVENT_SCOPES[event] not in subscription.client.scopes:
            continue
        if not can_view_person(subscription.client.account, person):
            continue
        delivery, made = WebhookDelivery.objects.get_or_create(
            subscription=subscription, event=event, event_key=key,
            defaults={"payload": payload, "next_attempt_at": now},
        )
        if made:
            created.append(delivery)
    if created:
        ids = [str(d.pk) for d in created]
        transaction.on_commit(lambda: _enqueue(ids), robust=True)
    return created


def _enqueue(ids: list[str]) -> None:
    from .tasks import deliver_webhook  # noqa: PLC0415 (tasks import services)

    for delivery_id in ids:
        deliver_webhook.enqueue(delivery_id)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`` with the subscription's secret."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def verify_signature(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance: int = 300,
                     now: float | None = None) -> bool:
    """What a receiver does (docs/api.md): the HMAC matches and the timestamp is recent (no replay)."""
    try:
        age = abs((now or time.time()) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature)


def _backoff(attempts: int) -> dt.timedelta:
    waits = settings.API_WEBHOOK_BACKOFF
    return dt.timedelta(seconds=waits[min(attempts - 1, len(waits) - 1)])


def _claim(delivery_id) -> WebhookDelivery | None:
    """Take a due delivery for one send (a lease of twice the timeout): no other worker sends it meanwhile."""
    now = timezone.now()
    lease = now + dt.timedelta(seconds=2 * settings.API_WEBHOOK_TIMEOUT + 5)
    claimed = WebhookDelivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now,
    ).update(claimed_until=lease)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)


def webhook_deliver(*, delivery_id, opener=None) -> str:
    """Send one delivery if it is due and nobody else holds it; returns its status afterwards.

    A 2xx marks it delivered; anything else (an error status, a refused connection, a timeout) schedules the next
    try after ``API_WEBHOOK_BACKOFF`` until ``API_WEBHOOK_ATTEMPTS``, then marks it failed. The same delivery id
    is sent on every try, so a receiver that saw it (a worker killed after sending, before recording) drops it."""
    delivery = _claim(delivery_id)
    if delivery is None:
        current = WebhookDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return current or ""
    subscription = delivery.subscription
    body = json.dumps({"id": str(delivery.pk), "event": delivery.event, "created": delivery.created_at,
                       "data": delivery.payload}, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(subscription.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "HocVuSo-Webhooks/1",
        DELIVERY_HEADER: str(delivery.pk), EVENT_HEADER: delivery.event, TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(subscription.secret, timestamp, body),
    })
    status, error = None, ""
    try:
        with (opener or urllib.request.urlopen)(request, timeout=settings.API_WEBHOOK_TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status, error = exc.code, f"HTTP {exc.code}"
    except Exception as exc:  # refused, reset, timed out, DNS: all "try again later"
        error = f"{type(exc).__name__}: {exc}"[:300]
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status, delivery.last_error, delivery.claimed_until = status, error, None
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at, delivery.last_error = WebhookDelivery.Status.DELIVERED, now, ""
    elif delivery.attempts >= settings.API_WEBHOOK_ATTEMPTS or not subscription.active:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.next_attempt_at = now + _backoff(delivery.attempts)
    delivery.save(update_fields=["attempts", "last_status", "last_error", "claimed_until", "status", "delivered_at",
                                 "next_attempt_at"])
    return delivery.status


def due_deliveries(*, now=None, limit: int = 200) -> list:
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )


# --- Roster upserts -------------------------------------------------------------------------------


ROSTER_COLUMNS = (("full_name", "Họ và tên"), ("email", "Email"), ("phone", "Số điện thoại"),
                  ("unit_code", "Mã đơn vị"), ("group", "Nhóm đối tượng"), ("birth_date", "Ngày sinh"))


def api_roster_upsert(*, client: ApiClient, rows: list[dict], dry_run: bool = False, valid_only: bool = False,
                      update_existing: bool = True) -> dict:
    """The roster page's import, for a client: the rows become the same table a manager uploads and go through
    ``lms.organisations.roster`` with the client's account as the manager (same rules, same per-row report; people
    outside the client's units are invited, never changed). Row ``line`` 1 is the first row sent."""
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    from lms.organisations import roster  # noqa: PLC0415 (the roster's services: a write of organisations)

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _key, label in ROSTER_COLUMNS])
    for row in rows:
        writer.writerow([row.get(key) or "" for key, _label in ROSTER_COLUMNS])
    data = buffer.getvalue().encode("utf-8")
    run = roster.roster_preview if dry_run else roster.roster_import
    kwargs = {} if dry_run else {"base_url": settings.BASE_URL}
    report = run(data=data, filename="api.csv", actor=client.account, valid_only=valid_only,
                 update_existing=update_existing, **kwargs)
    return {
        "imported": report.imported,
        "counts": report.counts,
        "rows": [{
            "line": row.line - 1, "action": row.action, "full_name": row.shown_name or "",
            "contact": row.shown_contact or "", "unit_code": row.shown_unit or "",
            "errors": [str(error) for error in row.errors],
            "slip_link": row.activation_link if (row.activation_link and not row.email) else None,
        } for row in report.rows],
    }
