"""Who sees what: the one place every manager-facing page, export and download is scoped through.

- Staff (``is_staff`` or superuser) see every unit and every person.
- A manager (``accounts.view_unit_reports``) sees the subtrees of the units of their ``ManagerAssignment`` rows,
  and nothing else; with no assignment they see nothing.
- Everyone else sees nothing (views answer 403).

A person belongs to the most precise place on their profile: their unit (agency, school…), else their commune,
else their province (``HOME_PATH``). "In a unit's subtree" means that place's path starts with the unit's path.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from .models import ManagerAssignment, Unit

VIEW_UNIT_REPORTS = "accounts.view_unit_reports"

#: The path of a person's place, for ``annotate(home_path=HOME_PATH)``; prefix with ``user__`` via home_path_of().
HOME_PATH = Coalesce(F("unit__path"), F("commune__path"), F("province__path"))


def home_path_of(prefix: str = "") -> Coalesce:
    """The home path expression for a relation: ``home_path_of("user__")`` on enrollments or attempts."""
    return Coalesce(F(f"{prefix}unit__path"), F(f"{prefix}commune__path"), F(f"{prefix}province__path"))


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser))


def can_view_reports(user) -> bool:
    """May open /manage/ at all (staff, or a manager)."""
    return bool(user and user.is_authenticated and user.is_active and (is_staff(user) or user.has_perm(VIEW_UNIT_REPORTS)))


def manager_required(view):
    """View decorator: logged in, and staff or a manager; everyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def assigned_units(user) -> QuerySet[Unit]:
    """The roots of what a manager sees (their assignments), shallowest first; every root unit for staff."""
    if is_staff(user):
        return Unit.objects.filter(depth=1).order_by("path")
    if not can_view_reports(user):
        return Unit.objects.none()
    return Unit.objects.filter(manager_assignments__user=user).order_by("path").distinct()


def root_paths(user) -> list[str]:
    """Assigned paths with nested ones dropped (a unit inside another assigned unit adds nothing)."""
    paths = sorted(assigned_units(user).values_list("path", flat=True))
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def home_in(paths: list[str], *, prefix: str = "") -> Q:
    """People (reached through ``prefix``) whose place is in the subtrees of ``paths``: the same people as
    ``home_path_of(prefix)`` starting with one of ``paths``, written on the three foreign keys against the
    subtrees' unit ids (one small subquery) so that the database joins no unit per person."""
    ids = Unit.objects.filter(_prefix_q("path", paths)).values("pk")
    return (
        Q(**{f"{prefix}unit_id__in": ids})
        | Q(**{f"{prefix}unit_id__isnull": True, f"{prefix}commune_id__in": ids})
        | Q(**{f"{prefix}unit_id__isnull": True, f"{prefix}commune_id__isnull": True, f"{prefix}province_id__in": ids})
    )


def _prefix_q(field: str, paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def visible_units(user) -> QuerySet[Unit]:
    """Every unit the user may see: all for staff, the assigned subtrees for a manager, none otherwise."""
    if is_staff(user):
        return Unit.objects.all()
    if not can_view_reports(user):
        return Unit.objects.none()
    return Unit.objects.filter(_prefix_q("path", root_paths(user)))


def can_see_unit(user, unit: Unit | None) -> bool:
    """``None`` stands for "everywhere": staff only."""
    if unit is None:
        return is_staff(user)
    if is_staff(user):
        return True
    return can_view_reports(user) and any(unit.path.startswith(root) for root in root_paths(user))


def scope_users(user, qs: QuerySet, *, prefix: str = "") -> QuerySet:
    """Filter ``qs`` to the people ``user`` may see. ``prefix`` reaches the person from another model:
    ``scope_users(manager, Enrollment.objects.all(), prefix="user__")``."""
    if is_staff(user):
        return qs
    if not can_view_reports(user):
        return qs.none()
    paths = root_paths(user)
    if not paths:
        return qs.none()
    return qs.filter(home_in(paths, prefix=prefix))


def in_unit(qs: QuerySet, unit: Unit | None, *, prefix: str = "") -> QuerySet:
    """Narrow a (scoped) queryset of people, or of rows reaching people through ``prefix``, to ``unit``'s subtree;
    ``None`` leaves it as it is."""
    if unit is None:
        return qs
    return qs.filter(home_in([unit.path], prefix=prefix))


def manager_assign(*, user, unit: Unit) -> ManagerAssignment:
    assignment, _ = ManagerAssignment.objects.get_or_create(user=user, unit=unit)
    return assignment
