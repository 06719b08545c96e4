"""Pages of the in-person sessions. Thin: rules in ``services``, reads in ``selectors``, who may do what in
``permissions``.

- Public (``/classes/``): the upcoming sessions by province and ward, the same for everyone (no per-learner data:
  it may be cached as a whole); a session's page; registering and cancelling (signed in, rate-limited); the
  learner's own page of sessions near them (``/classes/near/``, private).
- Check-in (``/classes/checkin/<id>/?t=<code>``): the URL in the trainer's QR code. A valid code (current or
  previous 30-second window) earns a ticket for ``TICKET_SECONDS``; the signed-in learner confirms with a POST.
  Refused codes say so; everything is rate-limited per learner (or address).
- The team's pages (``/manage/classes/``): sessions they may run, the form, the attendance sheet, the QR screen, the
  marks (JSON for the page's script, a form without it), the trainer report. A session the person may not run is
  a 404 (the page does not tell whether it exists).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lms import ratelimit
from lms.organisations.selectors import commune_list, province_list, unit_by_id_or_code
from lms.privacy.services import Read, log_reads

from . import permissions, selectors, services, tokens
from .forms import PhoneMarkForm, SessionForm
from .models import Session

LIST_LIMIT = 100


# --- Public and learners' pages ------------------------------------------------------------------------------


def _area(request, name: str, kind: str):
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    unit = unit_by_id_or_code(raw[:32])
    if unit is None or unit.kind != kind:
        raise Http404
    return unit


def session_list(request):
    """Upcoming sessions, filtered by province and ward; the same page for everyone (nothing of the visitor's)."""
    province = _area(request, "province", "province")
    commune = _area(request, "commune", "commune")
    if commune is not None and (province is None or not commune.path.startswith(province.path)):
        raise Http404
    sessions = list(selectors.upcoming_in(unit=commune or province)[:LIST_LIMIT])
    response = render(request, "classes/list.html", {
        "sessions": sessions, "provinces": province_list(), "communes": commune_list(province=province),
        "province": province, "commune": commune,
    })
    return response


@login_required
@never_cache
def near_me(request):
    """The learner's own page: their registrations, and upcoming sessions near their place."""
    return render(request, "classes/near.html", {
        "registrations": list(selectors.my_registrations(request.user)),
        "sessions": list(selectors.upcoming_near(request.user)[:LIST_LIMIT]),
    })


def _public_session(pk: int) -> Session:
    session = selectors.session_by_id(pk)
    if session is None:
        raise Http404
    return session


@never_cache
def session_detail(request, pk: int):
    session = _public_session(pk)
    registration = selectors.registration_of(request.user, session)
    return render(request, "classes/detail.html", {
        "session": session, "registration": registration, "attended": selectors.attended(request.user, session),
        "open": session.status == Session.Status.SCHEDULED and session.starts_at > timezone.now(),
        "groups": list(session.population_groups.all()),
    })


@login_required
@require_POST
def register(request, pk: int):
    limited = ratelimit.check(request, "class_register", per="user")
    if limited is not None:
        return limited
    session = _public_session(pk)
    try:
        outcome = services.registration_create(user=request.user, session=session)
    except services.ClassError as exc:
        messages.error(request, exc.message)
    else:
        if outcome.created:
            messages.success(request, services.REGISTERED % {"topic": session.topic})
        else:
            messages.info(request, services.ALREADY_REGISTERED)
    return redirect("classes:detail", pk=session.pk)


@login_required
@require_POST
def cancel_registration(request, pk: int):
    limited = ratelimit.check(request, "class_register", per="user")
    if limited is not None:
        return limited
    session = _public_session(pk)
    if services.registration_cancel(user=request.user, session=session):
        messages.success(request, services.REGISTRATION_CANCELLED % {"topic": session.topic})
    return redirect("classes:detail", pk=session.pk)


@never_cache
def checkin(request, pk: int):
    """The URL in the QR code: a valid code earns a ticket, then the (signed-in) confirmation page."""
    limited = ratelimit.check(request, "class_checkin", per="user")
    if limited is not None:
        return limited
    session = _public_session(pk)
    try:
        services.checkin_token_check(session=session, token=request.GET.get("t", ""), now=timezone.now())
    except services.ClassError as exc:
        return render(request, "classes/checkin_refused.html", {"session": session, "message": exc.message},
                      status=403)
    confirm = reverse("classes:checkin_confirm", kwargs={"pk": session.pk}) + "?k=" + tokens.ticket_for(session.pk)
    return redirect(confirm)


@login_required
@never_cache
def checkin_confirm(request, pk: int):
    session = _public_session(pk)
    ticket = request.POST.get("k") or request.GET.get("k", "")
    if request.method == "POST":
        limited = ratelimit.check(request, "class_checkin", per="user")
        if limited is not None:
            return limited
        try:
            outcome = services.checkin_confirm(session=session, user=request.user, ticket=ticket)
        except services.ClassError as exc:
            return render(request, "classes/checkin_refused.html", {"session": session, "message": exc.message},
                          status=403)
        text = services.CHECKED_IN % {"topic": session.topic} if outcome.created else services.ALREADY_CHECKED_IN
        return render(request, "classes/checked_in.html", {"session": session, "message": text})
    if tokens.ticket_session(ticket) != session.pk:
        return render(request, "classes/checkin_refused.html",
                      {"session": session, "message": services.CODE_EXPIRED}, status=403)
    return render(request, "classes/checkin_confirm.html", {"session": session, "ticket": ticket})


# --- The team's pages ----------------------------------------------------------------------------------------


def _run(request, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("unit"), pk=pk)
    if not permissions.can_run(request.user, session):
        raise Http404
    return session


@permissions.team_required
@never_cache
def team_list(request):
    now = timezone.now()
    sessions = permissions.team_sessions(request.user).select_related("unit")
    return render(request, "classes/team_list.html", {
        "upcoming": list(sessions.filter(ends_at__gt=now).order_by("starts_at")[:LIST_LIMIT]),
        "past": list(sessions.filter(ends_at__lte=now).order_by("-starts_at")[:20]),
        "can_schedule": permissions.schedulable_units(request.user).exists(),
    })


def _form_fields(form: SessionForm) -> dict:
    data = dict(form.cleaned_data)
    return {
        "trainers": list(data.pop("trainers")), "population_groups": list(data.pop("population_groups")),
        "lessons": list(data.pop("lessons")), **data,
    }


@permissions.team_required
def session_new(request):
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, **_form_fields(form))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lên lịch buổi hướng dẫn “%(topic)s”.") % {"topic": session.topic})
            return redirect("classes_team:sheet", pk=session.pk)
    return render(request, "classes/team_form.html", {"form": form, "session": None})


@permissions.team_required
def session_edit(request, pk: int):
    session = _run(request, pk)
    if not permissions.can_edit(request.user, session):
        raise Http404
    form = SessionForm(request.POST or None, instance=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, **_form_fields(form))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu buổi hướng dẫn."))
            return redirect("classes_team:sheet", pk=session.pk)
    return render(request, "classes/team_form.html", {"form": form, "session": session})


@permissions.team_required
@require_POST
def session_cancel(request, pk: int):
    session = _run(request, pk)
    if not permissions.can_edit(request.user, session):
        raise Http404
    services.session_cancel(actor=request.user, session=session)
    messages.success(request, _("Đã hủy buổi hướng dẫn."))
    return redirect("classes_team:list")


@permissions.team_required
@never_cache
def sheet(request, pk: int):
    """The attendance sheet: registrants (and walk-ins) with their marks, marking by phone, the QR screen's link."""
    session = _run(request, pk)
    rows = selectors.roster(session)
    log_reads(request=request, what=Read.SESSION_SHEET, subjects=[row["user"].pk for row in rows])
    return render(request, "classes/team_sheet.html", {
        "session": session, "rows": rows, "phone_form": PhoneMarkForm(), "key": secrets.token_urlsafe(16),
        "can_edit": permissions.can_edit(request.user, session),
        "attended": sum(1 for row in rows if row["attendance"]),
    })


def _checkin_url(request, session: Session, now: float) -> str:
    path = reverse("classes:checkin", kwargs={"pk": session.pk}) + "?t=" + tokens.current_token(session.pk, now=now)
    base = settings.BASE_URL.rstrip("/") if getattr(settings, "BASE_URL", "") else request.build_absolute_uri("/")[:-1]
    return base + path


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff",
                                                 omitsize=True, title=_("Mã QR điểm danh"))


@permissions.team_required
@never_cache
def qr_screen(request, pk: int):
    session = _run(request, pk)
    now = timezone.now().timestamp()
    url = _checkin_url(request, session, now)
    return render(request, "classes/team_qr.html", {
        "session": session, "url": url, "svg": _qr_svg(url), "seconds_left": tokens.seconds_left(now=now),
        "window": tokens.WINDOW, "open": services.checkin_open(session, timezone.now()),
    })


@permissions.team_required
@never_cache
def qr_json(request, pk: int):
    session = _run(request, pk)
    now = timezone.now().timestamp()
    url = _checkin_url(request, session, now)
    return JsonResponse({"url": url, "svg": _qr_svg(url), "seconds_left": tokens.seconds_left(now=now),
                         "attended": session.attendances.count()})


def _marked_at(raw) -> dt.datetime | None:
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    value = parse_datetime(raw)
    if value is None or timezone.is_naive(value):
        return None
    return value


@permissions.team_required
@require_POST
def mark(request, pk: int):
    """One mark: JSON from the sheet's script (``{"key", "user_id" | "phone", "full_name", "marked_at"}``, sent at
    once or from its offline queue) or the same fields from a plain form. Answered with the outcome."""
    limited = ratelimit.check(request, "class_mark", per="user")
    if limited is not None:
        return limited
    session = _run(request, pk)
    is_json = request.content_type == "application/json"
    if is_json:
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"error": "bad json"}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"error": "bad json"}, status=400)
    else:
        data = request.POST
    user_id = data.get("user_id")
    try:
        user_id = int(user_id) if user_id not in (None, "") else None
    except (TypeError, ValueError):
        user_id = None
    phone = str(data.get("phone") or "")[:32]
    if user_id is None and not phone:
        if is_json:
            return JsonResponse({"error": "user_id or phone"}, status=400)
        messages.error(request, services.MARK_TEXTS[services.BAD_PHONE])
        return redirect("classes_team:sheet", pk=session.pk)
    try:
        outcome = services.mark_apply(
            session=session, actor=request.user, key=str(data.get("key") or "")[:64], user_id=user_id, phone=phone,
            full_name=str(data.get("full_name") or "")[:150], marked_at=_marked_at(data.get("marked_at")),
            base_url=getattr(settings, "BASE_URL", ""),
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError:
        if is_json:
            return JsonResponse({"error": "bad key"}, status=400)
        messages.error(request, _("Biểu mẫu đã hết hạn. Hãy tải lại trang."))
        return redirect("classes_team:sheet", pk=session.pk)
    if is_json:
        return JsonResponse({"outcome": outcome.outcome, "text": outcome.text, "replayed": outcome.replayed,
                             "slip": outcome.slip_link})
    level = messages.SUCCESS if outcome.outcome in (services.MARKED, services.ALREADY) else messages.ERROR
    messages.add_message(request, level, outcome.text)
    if outcome.slip_link:
        messages.info(request, _("Tài khoản mới: in phiếu kích hoạt cho người học tại %(link)s") % {
            "link": outcome.slip_link})
    return redirect("classes_team:sheet", pk=session.pk)


@permissions.team_required
@never_cache
def trainer_report(request):
    """A trainer's (or a manager's) sessions, with registrations and attendance."""
    mine = request.GET.get("mine") == "1" or not permissions.schedulable_units(request.user).exists()
    sessions = permissions.team_sessions(request.user)
    if mine:
        sessions = sessions.filter(trainers=request.user)
    rows = selectors.trainer_report(sessions)
    totals = {"sessions": len(rows), "registered": sum(r.n_registered for r in rows),
              "attended": sum(r.n_attended for r in rows)}
    return render(request, "classes/team_report.html", {"rows": rows, "totals": totals, "mine": mine})
