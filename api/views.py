"""/api/v1/: thin views over ``api.selectors`` (reads) and ``api.services`` (writes).

Every call is logged (``ApiCall``: client, method, path, query, status, rows, address), including refused ones.
Lists stream: the page's rows are read through a server-side cursor and written as they come, and the call is
logged with the number of rows once the last one is out."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from lms.ratelimit import client_ip

from . import selectors, serializers, services
from .models import WebhookSubscription
from .permissions import ActiveClient, ClientRate, request_client

ERR_FILTER = _("Giá trị lọc không hợp lệ: %(name)s.")
ERR_CURSOR = _("Con trỏ trang không hợp lệ.")
NOT_FOUND = _("Không tìm thấy.")

CURSOR = OpenApiParameter("cursor", str, description="The `next` of the previous page")
LIMIT = OpenApiParameter("limit", int, description="Rows per page (default 500, at most 20000)")
UNIT = OpenApiParameter("unit", str, description="A unit's code (or id) inside the client's subtree")
GROUP = OpenApiParameter("group", str, description="A population group's code")
DATE_FROM = OpenApiParameter("date_from", OpenApiTypes.DATE, description="On or after this day")
DATE_TO = OpenApiParameter("date_to", OpenApiTypes.DATE, description="On or before this day")
UPDATED = OpenApiParameter("updated_since", OpenApiTypes.DATETIME, description="Changed at or after this time")
PAGING = [CURSOR, LIMIT]
ERRORS = {400: serializers.ErrorSerializer, 401: serializers.ErrorSerializer, 403: serializers.ErrorSerializer,
          429: serializers.ErrorSerializer}


INVALID = _("Dữ liệu gửi lên không hợp lệ.")


def exception_handler(exc, context):
    """DRF's answers, with one shape: ``{"detail": …}`` (and ``errors`` for a refused body)."""
    response = drf_exception_handler(exc, context)
    if response is not None and not (isinstance(response.data, dict) and set(response.data) == {"detail"}):
        response.data = {"detail": str(INVALID), "errors": response.data}
    return response


def _log(request, response_status: int, rows: int) -> None:
    services.api_call_log(
        client=request_client(request), method=request.method, path=request.path,
        query=request.META.get("QUERY_STRING", ""), status=response_status, rows=rows, ip=client_ip(request),
    )


class ApiView(APIView):
    """The open API's base: OAuth 2.0 bearer tokens only (no session, so no CSRF surface), JSON in and out."""

    authentication_classes = [OAuth2Authentication]
    permission_classes = [ActiveClient]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    throttle_classes = [ClientRate]
    required_scope: str | None = None
    rows = 0  # how many rows the answer held (set by the views that answer rows)

    def get_exception_handler(self):
        return exception_handler

    def scopes(self) -> list[str]:
        """The scopes of this call: the token's, within the client's."""
        granted = set((getattr(self.request.auth, "scope", "") or "").split())
        return [scope for scope in request_client(self.request).scopes if scope in granted]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not getattr(response, "streaming", False):  # a streamed list logs itself once it is out
            _log(request, response.status_code, self.rows)
        response["Cache-Control"] = "no-store"
        return response

    # -- query parameters --
    def param(self, name: str) -> str:
        return (self.request.query_params.get(name) or "").strip()

    def bad(self, name: str):
        raise exceptions.ValidationError({"detail": str(ERR_FILTER % {"name": name})})

    def filters(self, client) -> selectors.Filters:
        unit = group = date_from = date_to = updated = None
        if self.param("unit"):
            unit = selectors.unit_in_scope(client, self.param("unit"))
            if unit is None:  # unknown and outside read the same
                self.bad("unit")
        if self.param("group"):
            group = selectors.group_by_code(self.param("group"))
            if group is None:
                self.bad("group")
        for name in ("date_from", "date_to"):
            if self.param(name):
                try:
                    value = parse_date(self.param(name))
                except ValueError:
                    value = None
                if value is None:
                    self.bad(name)
                if name == "date_from":
                    date_from = value
                else:
                    date_to = value
        if self.param("updated_since"):
            updated = self.moment("updated_since")
        return selectors.Filters(unit=unit, group=group, date_from=date_from, date_to=date_to, updated_since=updated)

    def moment(self, name: str) -> dt.datetime:
        try:
            value = parse_datetime(self.param(name))
        except ValueError:
            value = None
        if value is None:
            self.bad(name)
        if timezone.is_naive(value):
            value = timezone.make_aware(value, dt.UTC)
        return value

    def flag(self, name: str) -> bool | None:
        raw = self.param(name).lower()
        if not raw:
            return None
        if raw not in ("true", "false", "1", "0"):
            self.bad(name)
        return raw in ("true", "1")

    def limit(self) -> int:
        from django.conf import settings  # noqa: PLC0415

        raw = self.param("limit")
        if not raw:
            return settings.API_PAGE_SIZE
        if not raw.isascii() or not raw.isdecimal() or not 1 <= int(raw) <= settings.API_MAX_PAGE_SIZE:
            self.bad("limit")
        return int(raw)

    def stream(self, listing: selectors.Listing) -> StreamingHttpResponse:
        """One page: ``{"results": [...], "next": ...}``, written row by row."""
        after = None
        if self.param("cursor"):
            try:
                after = selectors.decode_cursor(self.param("cursor"))
            except selectors.BadCursor:
                raise exceptions.ValidationError({"detail": str(ERR_CURSOR)}) from None
        limit = self.limit()
        request = self.request
        encode = json.JSONEncoder(ensure_ascii=False).encode  # rows hold JSON types only (the C encoder)

        def body():
            count, last = 0, None
            try:
                yield '{"results":['
                for values in listing.page(after=after, limit=limit):
                    if count == limit:
                        break
                    yield ("," if count else "") + encode(listing.row(values))
                    count, last = count + 1, values["pk"]
                else:
                    last = None  # the page ended before the extra row: no next page
                yield '],"next":' + encode(selectors.encode_cursor(last) if last is not None else None) + "}"
            finally:
                _log(request, 200, count)

        response = StreamingHttpResponse(body(), content_type="application/json")
        return response


def _no_such():
    """The same 404 for a row that does not exist and one outside the client's units (no enumeration)."""
    return Response({"detail": str(NOT_FOUND)}, status=status.HTTP_404_NOT_FOUND)


class UnitList(ApiView):
    @extend_schema(parameters=PAGING, responses={200: serializers.UnitPage, **ERRORS}, operation_id="units_list")
    def get(self, request):
        return self.stream(selectors.units(request_client(request)))


class LearnerList(ApiView):
    @extend_schema(parameters=[*PAGING, UNIT, GROUP], responses={200: serializers.LearnerPage, **ERRORS},
                   operation_id="learners_list")
    def get(self, request):
        client = request_client(request)
        return self.stream(selectors.learners(client, self.filters(client), scopes=self.scopes()))


class LearnerDetail(ApiView):
    @extend_schema(responses={200: serializers.LearnerSerializer, 404: serializers.ErrorSerializer, **ERRORS},
                   operation_id="learners_retrieve")
    def get(self, request, pk: int):
        listing = selectors.learners(request_client(request), selectors.Filters(), scopes=self.scopes())
        values = listing.qs.filter(pk=pk).first()
        if values is None:
            return _no_such()
        self.rows = 1
        return Response(listing.row(values))


class EnrolmentList(ApiView):
    required_scope = "completions:read"

    @extend_schema(parameters=[*PAGING, UNIT, GROUP, DATE_FROM, DATE_TO, UPDATED,
                               OpenApiParameter("completed", bool, description="Only completed (true) or not")],
                   responses={200: serializers.EnrolmentPage, **ERRORS}, operation_id="enrolments_list")
    def get(self, request):
        client = request_client(request)
        return self.stream(selectors.enrolments(client, self.filters(client), completed=self.flag("completed")))


class TestResultList(ApiView):
    required_scope = "completions:read"

    @extend_schema(parameters=[*PAGING, UNIT, GROUP, DATE_FROM, DATE_TO, UPDATED,
                               OpenApiParameter("passed", bool, description="Only passed (true) or failed")],
                   responses={200: serializers.TestResultPage, **ERRORS}, operation_id="test_results_list")
    def get(self, request):
        client = request_client(request)
        return self.stream(selectors.test_results(client, self.filters(client), passed=self.flag("passed")))


class CertificateList(ApiView):
    required_scope = "certificates:read"

    @extend_schema(parameters=[*PAGING, UNIT, GROUP, DATE_FROM, DATE_TO, UPDATED,
                               OpenApiParameter("status", str, enum=["valid", "revoked"])],
                   responses={200: serializers.CertificatePage, **ERRORS}, operation_id="certificates_list")
    def get(self, request):
        client = request_client(request)
        wanted = self.param("status")
        if wanted and wanted not in ("valid", "revoked"):
            self.bad("status")
        return self.stream(selectors.certificates(client, self.filters(client), status=wanted))


class RequirementList(ApiView):
    required_scope = "completions:read"

    @extend_schema(parameters=PAGING, responses={200: serializers.RequirementPage, **ERRORS},
                   operation_id="requirements_list")
    def get(self, request):
        return self.stream(selectors.requirements(request_client(request)))


class RequirementMetList(ApiView):
    required_scope = "completions:read"

    @extend_schema(parameters=[*PAGING, UNIT, GROUP],
                   responses={200: serializers.RequirementMetPage, 404: serializers.ErrorSerializer, **ERRORS},
                   operation_id="requirements_met_list")
    def get(self, request, pk: int):
        client = request_client(request)
        requirement = selectors.requirement_in_scope(client, pk)
        if requirement is None:
            return _no_such()
        return self.stream(selectors.requirement_met(client, requirement, self.filters(client)))


class RosterUpsert(ApiView):
    required_scope = "roster:write"

    @extend_schema(request=serializers.RosterIn, responses={200: serializers.RosterOut, **ERRORS},
                   operation_id="roster_upsert")
    def post(self, request):
        body = serializers.RosterIn(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.api_roster_upsert(client=request_client(request), **body.validated_data)
        self.rows = len(report["rows"])
        return Response(report)


def _subscription(subscription: WebhookSubscription, *, secret: bool = False) -> dict:
    out = {"id": subscription.pk, "url": subscription.url, "events": subscription.events,
           "active": subscription.active, "created_at": subscription.created_at}
    if secret:
        out["secret"] = subscription.secret
    return out


class WebhookList(ApiView):
    @extend_schema(responses={200: serializers.SubscriptionList, **ERRORS}, operation_id="webhooks_list")
    def get(self, request):
        subscriptions = request_client(request).subscriptions.filter(active=True)
        results = [_subscription(s) for s in subscriptions]
        self.rows = len(results)
        return Response({"results": results})

    @extend_schema(request=serializers.SubscriptionIn, responses={201: serializers.SubscriptionOut, **ERRORS},
                   operation_id="webhooks_create")
    def post(self, request):
        body = serializers.SubscriptionIn(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            subscription = services.webhook_subscribe(client=request_client(request), **body.validated_data)
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        self.rows = 1
        return Response(_subscription(subscription, secret=True), status=status.HTTP_201_CREATED)


class WebhookDetail(ApiView):
    def _get(self, request, pk):
        return request_client(request).subscriptions.filter(pk=pk, active=True).first()

    @extend_schema(responses={204: None, 404: serializers.ErrorSerializer, **ERRORS}, operation_id="webhooks_delete")
    def delete(self, request, pk: int):
        subscription = self._get(request, pk)
        if subscription is None:
            return _no_such()
        services.webhook_unsubscribe(subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeliveryList(ApiView):
    @extend_schema(responses={200: serializers.DeliveryList, 404: serializers.ErrorSerializer, **ERRORS},
                   operation_id="webhook_deliveries_list")
    def get(self, request, pk: int):
        subscription = request_client(request).subscriptions.filter(pk=pk).first()
        if subscription is None:
            return _no_such()
        deliveries = subscription.deliveries.order_by("-created_at")[:200]
        results = [{"id": d.pk, "event": d.event, "status": d.status, "attempts": d.attempts,
                    "last_status": d.last_status, "last_error": d.last_error, "created_at": d.created_at,
                    "next_attempt_at": d.next_attempt_at, "delivered_at": d.delivered_at} for d in deliveries]
        self.rows = len(results)
        return Response({"results": results})


XAPI_VERSION_HEADER = "X-Experience-API-Version"


class XapiStatements(ApiView):
    """The xAPI statements resource (GET only): ``since``, ``limit`` and the ``more`` link, as an LRS answers."""

    required_scope = "statements:read"

    @extend_schema(parameters=[
        OpenApiParameter(XAPI_VERSION_HEADER, str, OpenApiParameter.HEADER, required=True,
                         description="1.0.0 to 1.0.3"),
        OpenApiParameter("since", OpenApiTypes.DATETIME), OpenApiParameter("limit", int),
        OpenApiParameter("more", str, description="From the previous page's `more`"), UNIT, GROUP,
    ], responses={200: serializers.StatementResult, **ERRORS}, operation_id="xapi_statements")
    def get(self, request):
        version = request.headers.get(XAPI_VERSION_HEADER, "")
        if not version.startswith("1.0"):
            return Response({"detail": f"{XAPI_VERSION_HEADER} 1.0.x is required."}, status=400)
        client = request_client(request)
        filters = self.filters(client)
        since = self.moment("since") if self.param("since") else None
        after = None
        if self.param("more"):
            try:
                after = selectors.decode_more(self.param("more"))
            except selectors.BadCursor:
                raise exceptions.ValidationError({"detail": str(ERR_CURSOR)}) from None
        limit = min(self.limit(), 1000)
        page, more = selectors.statements(client, filters, since=since, after=after, limit=limit)
        self.rows = len(page)
        link = ""
        if more is not None:
            params = request.query_params.copy()
            params["more"] = selectors.encode_more(*more)
            link = f"{request.path}?{params.urlencode()}"
        response = Response({"statements": page, "more": link})
        response[XAPI_VERSION_HEADER] = "1.0.3"
        return response
