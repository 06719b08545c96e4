"""Reads of the in-person sessions, for this app's pages and for the apps above it (``reporting`` counts
attendance through ``attendances``; ``reminders`` plans session reminders through ``sessions_starting`` and
``registrant_ids``). Nothing here filters by a manager's scope: the callers do (``reporting`` through its one query
layer, this app's team pages through ``classes.permissions``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lms.organisations.models import Unit
from lms.organisations.selectors import ancestor_paths, home_unit

from .models import Attendance, Registration, Session


def upcoming(*, now: dt.datetime | None = None) -> QuerySet[Session]:
    """Scheduled sessions that have not ended, soonest first."""
    now = now or timezone.now()
    return (Session.objects.filter(status=Session.Status.SCHEDULED, ends_at__gt=now)
            .select_related("unit").order_by("starts_at", "pk"))


def upcoming_in(*, unit: Unit | None, now: dt.datetime | None = None) -> QuerySet[Session]:
    """The public listing: upcoming sessions in ``unit``'s subtree (a province or a ward), everywhere for None."""
    qs = upcoming(now=now)
    return qs if unit is None else qs.filter(unit__path__startswith=unit.path)


def upcoming_near(user, *, now: dt.datetime | None = None) -> QuerySet[Session]:
    """Upcoming sessions near a learner: in their place (unit, else commune, else province) and under it, in the
    units above it, and in its sibling units (same parent). Empty for someone who gave no place."""
    place = home_unit(user)
    if place is None:
        return Session.objects.none()
    q = Q(unit__path__in=ancestor_paths(place)) | Q(unit__path__startswith=place.path)
    if place.depth > 1:
        parent = place.path[: Unit.steplen * (place.depth - 1)]
        q |= Q(unit__depth=place.depth, unit__path__startswith=parent)
    return upcoming(now=now).filter(q)


def registration_of(user, session: Session) -> Registration | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(session=session, user=user, status=Registration.Status.REGISTERED).first()


def attended(user, session: Session) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Attendance.objects.filter(session=session, user=user).exists()


def my_registrations(user, *, now: dt.datetime | None = None) -> QuerySet[Registration]:
    """A learner's registrations for sessions that have not ended."""
    now = now or timezone.now()
    return (Registration.objects.filter(user=user, status=Registration.Status.REGISTERED, session__ends_at__gt=now)
            .select_related("session", "session__unit").order_by("session__starts_at"))


def roster(session: Session) -> list[dict]:
    """The session's sheet for its team: every registrant (and walk-in marked present), with attendance."""
    attendance = {a.user_id: a for a in Attendance.objects.filter(session=session)}
    rows = []
    seen = set()
    for registration in (Registration.objects.filter(session=session, status=Registration.Status.REGISTERED)
                         .select_related("user").order_by("user__full_name", "pk")):
        seen.add(registration.user_id)
        rows.append({"user": registration.user, "registered": True, "attendance": attendance.get(registration.user_id)})
    for user_id, row in attendance.items():
        if user_id not in seen:
            rows.append({"user": row.user, "registered": False, "attendance": row})
    return rows


def attendances() -> QuerySet[Attendance]:
    """Every attendance at a session that was not cancelled (what reporting counts and exports)."""
    return Attendance.objects.exclude(session__status=Session.Status.CANCELLED)


def sessions_held(*, paths: list[str] | None, before: dt.datetime | None = None) -> QuerySet[Session]:
    """Sessions (not cancelled) of units under ``paths`` (None: everywhere) that have started by ``before``."""
    before = before or timezone.now()
    qs = Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__lte=before)
    if paths is not None:
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(unit__path__startswith=path)
        qs = qs.filter(q)
    return qs


def sessions_starting(*, start: dt.datetime, end: dt.datetime) -> QuerySet[Session]:
    """Scheduled sessions starting in [start, end) (reminders)."""
    return Session.objects.filter(status=Session.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=end)


def registrant_ids(session_id: int) -> list[int]:
    return list(Registration.objects.filter(session_id=session_id, status=Registration.Status.REGISTERED)
                .values_list("user_id", flat=True))


def is_registered(*, session_id: int, user_id: int) -> bool:
    return Registration.objects.filter(session_id=session_id, user_id=user_id,
                                       status=Registration.Status.REGISTERED).exists()


def session_by_id(session_id: int) -> Session | None:
    return Session.objects.select_related("unit").filter(pk=session_id).first()


def trainer_report(sessions: QuerySet[Session]) -> list[Session]:
    """Each session with its registrations and attendance counted (``n_registered``, ``n_attended``)."""
    return list(
        sessions.select_related("unit").annotate(
            n_registered=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED),
                               distinct=True),
            n_attended=Count("attendances", distinct=True),
        ).prefetch_related("trainers").order_by("-starts_at", "pk")
    )
