"""Who may run guided sessions: the one place every team page goes through.

- **Schedule** (create, edit, cancel) a session of a unit: a manager whose scope covers the unit
  (``lms.organisations.permissions``; a national manager and a superuser everywhere), or a trainer whose
  ``TrainerAssignment`` covers it (the unit or one above it).
- **Run** a session (see its registrants, show the QR code, mark attendance): whoever may schedule in its unit, or a
  trainer listed on it. A trainer of another unit, not listed, may not, and gets 404 (the page does not say that the
  session exists).
- The team's pages (``team_required``) open to managers and trainers only; everyone else gets 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from lms.organisations.models import Unit
from lms.organisations.permissions import can_view_reports, results_scope

from .models import Session, TrainerAssignment


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def trainer_paths(user) -> list[str]:
    if not _active(user):
        return []
    cached = getattr(user, "_trainer_paths", None)
    if cached is None:
        cached = list(TrainerAssignment.objects.filter(user=user).values_list("unit__path", flat=True))
        user._trainer_paths = cached
    return cached


def is_trainer(user) -> bool:
    return bool(trainer_paths(user))


def is_team(user) -> bool:
    """May open the team's pages at all: a manager (or superuser) or a trainer."""
    return _active(user) and (can_view_reports(user) or is_trainer(user))


def can_schedule_in(user, unit: Unit | None) -> bool:
    if unit is None or not _active(user):
        return False
    if results_scope(user).covers(unit.path):
        return True
    return any(unit.path.startswith(root) for root in trainer_paths(user))


def can_edit(user, session: Session) -> bool:
    return can_schedule_in(user, session.unit)


def can_run(user, session: Session) -> bool:
    """May see the registrants of ``session`` and mark attendance in it."""
    if not _active(user):
        return False
    if can_schedule_in(user, session.unit):
        return True
    return session.trainers.filter(pk=user.pk).exists()


def schedulable_units(user) -> QuerySet[Unit]:
    """The units ``user`` may schedule sessions in."""
    scope = results_scope(user)
    if scope.national:
        return Unit.objects.all()
    q = Q(pk__in=[])
    for root in (*scope.roots, *trainer_paths(user)):
        q |= Q(path__startswith=root)
    return Unit.objects.filter(q)


def team_sessions(user) -> QuerySet[Session]:
    """The sessions ``user`` may run: in their units (as a manager) or listing them as a trainer."""
    if not _active(user):
        return Session.objects.none()
    scope = results_scope(user)
    if scope.national:
        return Session.objects.all()
    q = Q(trainers=user)
    for root in (*scope.roots, *trainer_paths(user)):
        q |= Q(unit__path__startswith=root)
    ids = Session.objects.filter(q).values("pk")
    return Session.objects.filter(pk__in=ids)


def team_required(view):
    """View decorator: signed in, and a manager or a trainer; everyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_team(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
