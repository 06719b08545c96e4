"""Who may call: a valid access token of an active client, holding the scope the view asks for
(``required_scope``); and how often (``ClientRate``: ``lms.ratelimit`` per client)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from lms import ratelimit

from .selectors import client_for_application

ERR_SCOPE = _("Hệ thống của bạn không có phạm vi %(scope)s.")
ERR_CLIENT = _("Hệ thống này đã bị thu hồi quyền truy cập.")


def request_client(request):
    """The ``ApiClient`` of the request's token (cached on the request), or None."""
    if not hasattr(request, "_api_client"):
        token = getattr(request, "auth", None)
        request._api_client = client_for_application(getattr(token, "application", None)) if token else None
    return request._api_client


class ActiveClient(BasePermission):
    """An authenticated client that is not revoked, with the view's scope in its token and in its binding."""

    def has_permission(self, request, view):
        token = getattr(request, "auth", None)
        if token is None:
            raise exceptions.NotAuthenticated()
        client = request_client(request)
        if client is None or not client.active or not client.account.is_active:
            raise exceptions.PermissionDenied(ERR_CLIENT)
        scope = getattr(view, "required_scope", None)
        if scope and (not token.allow_scopes([scope]) or scope not in client.scopes):
            raise exceptions.PermissionDenied(ERR_SCOPE % {"scope": scope})
        return True


class ClientRate(BaseThrottle):
    """``settings.RATE_LIMITS["api"]`` (or the client's own ``rate``) calls per client, on the shared cache."""

    def allow_request(self, request, view):
        client = request_client(request)
        self.wait_seconds = None
        if client is None or not ratelimit.enabled():
            return True
        rate = ratelimit.Rate.parse(client.rate) if client.rate else ratelimit.rate_for("api")
        if rate is None:
            return True
        decision = ratelimit.hit("api", f"c{client.pk}", rate)
        self.wait_seconds = decision.retry_after or None
        return decision.allowed

    def wait(self):
        return self.wait_seconds
