"""Who sees what: the one place every manager-facing page, export and download is scoped through.

Seeing learners' results is its own permission, granted per unit subtree; editing content grants none of it.

- A manager (``accounts.view_unit_reports``, the Managers group) sees the subtrees of the units of their
  ``ManagerAssignment`` rows, and nothing else; with no assignment they see nothing.
- A national manager is a manager of the root of the unit tree: a ``ManagerAssignment`` with ``national`` set
  (and no unit). They see every unit and every person, including people who gave no place at all.
- A superuser (the platform's administrator) sees what a national manager sees.
- Everyone else sees nothing (views answer 403): ``is_staff`` (editors, reviewers, auditors in the Wagtail
  admin) grants no scope at all.

A person belongs to the most precise place on their profile: their unit (agency, school…), else their commune,
else their province (``HOME_PATH``). "In a unit's subtree" means that place's path starts with the unit's path.

Selectors for other apps: ``people_visible_to(user)`` (a queryset of accounts) and ``can_view_person(user,
person)`` answer "may this user see this person's results and personal data"; ``scope_users`` filters any
queryset that reaches a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from .models import ManagerAssignment, Unit

VIEW_UNIT_REPORTS = "accounts.view_unit_reports"

#: The path of a person's place, for ``annotate(home_path=HOME_PATH)``; prefix with ``user__`` via home_path_of().
HOME_PATH = Coalesce(F("unit__path"), F("commune__path"), F("province__path"))

#: Cached on the user object for the request (like Django's ``_perm_cache``); ``manager_assign`` clears it.
_SCOPE_CACHE = "_results_scope"


def home_path_of(prefix: str = "") -> Coalesce:
    """The home path expression for a relation: ``home_path_of("user__")`` on enrollments or attempts."""
    return Coalesce(F(f"{prefix}unit__path"), F(f"{prefix}commune__path"), F(f"{prefix}province__path"))


@dataclass(frozen=True)
class Scope:
    """What one user may see of learners' results: everything (``national``), or the subtrees of ``roots``."""

    allowed: bool = False  # may open the managers' pages at all
    national: bool = False
    roots: tuple[str, ...] = ()

    def covers(self, path: str | None) -> bool:
        """Whether a place (a unit's path; None for "no place given") is inside the scope."""
        if self.national:
            return True
        return path is not None and any(path.startswith(root) for root in self.roots)


NO_SCOPE = Scope()


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def results_scope(user) -> Scope:
    """The user's scope, computed once per user object."""
    if not _active(user):
        return NO_SCOPE
    cached = getattr(user, _SCOPE_CACHE, None)
    if cached is not None:
        return cached
    if getattr(user, "is_superuser", False):
        scope = Scope(allowed=True, national=True)
    elif not user.has_perm(VIEW_UNIT_REPORTS):
        scope = NO_SCOPE
    else:
        rows = list(ManagerAssignment.objects.filter(user=user).values_list("national", "unit__path"))
        national = any(flag for flag, _path in rows)
        roots: list[str] = []
        for path in sorted(path for flag, path in rows if path and not flag):
            if not any(path.startswith(root) for root in roots):
                roots.append(path)
        scope = Scope(allowed=True, national=national, roots=() if national else tuple(roots))
    try:
        setattr(user, _SCOPE_CACHE, scope)
    except AttributeError:  # a read-only stand-in
        pass
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope (after its assignments changed)."""
    if user is not None and _SCOPE_CACHE in getattr(user, "__dict__", {}):
        delattr(user, _SCOPE_CACHE)


def is_national(user) -> bool:
    """Sees the whole country: a national manager (manager of the tree's root) or a superuser."""
    return results_scope(user).national


def can_view_reports(user) -> bool:
    """May open /manage/ at all: a manager (possibly with no unit yet: they get "no unit" pages) or a superuser.
    Staff status (editors, reviewers, auditors) is not enough."""
    return results_scope(user).allowed


def manager_required(view):
    """View decorator: logged in, and a manager (or superuser); everyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def assigned_units(user) -> QuerySet[Unit]:
    """The roots of what a manager sees (their assignments), shallowest first; every top-level unit for a national
    manager."""
    scope = results_scope(user)
    if scope.national:
        return Unit.objects.filter(depth=1).order_by("path")
    if not scope.roots:
        return Unit.objects.none()
    return Unit.objects.filter(manager_assignments__user=user).order_by("path").distinct()


def root_paths(user) -> list[str]:
    """Assigned paths with nested ones dropped (a unit inside another assigned unit adds nothing); for a national
    manager the paths of every top-level unit."""
    scope = results_scope(user)
    if scope.national:
        return list(Unit.objects.filter(depth=1).order_by("path").values_list("path", flat=True))
    return list(scope.roots)


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
    """Every unit the user may see: all for a national manager, the assigned subtrees for a manager, else none."""
    scope = results_scope(user)
    if scope.national:
        return Unit.objects.all()
    if not scope.roots:
        return Unit.objects.none()
    return Unit.objects.filter(_prefix_q("path", list(scope.roots)))


def can_see_unit(user, unit: Unit | None) -> bool:
    """``None`` stands for "everywhere": national managers only."""
    scope = results_scope(user)
    if unit is None:
        return scope.national
    return scope.covers(unit.path)


def scope_users(user, qs: QuerySet, *, prefix: str = "") -> QuerySet:
    """Filter ``qs`` to the people ``user`` may see. ``prefix`` reaches the person from another model:
    ``scope_users(manager, Enrollment.objects.all(), prefix="user__")``."""
    scope = results_scope(user)
    if scope.national:
        return qs
    if not scope.roots:
        return qs.none()
    return qs.filter(home_in(list(scope.roots), prefix=prefix))


def people_visible_to(user) -> QuerySet:
    """The accounts whose results and personal data ``user`` may see (none for editors, reviewers, auditors)."""
    return scope_users(user, get_user_model().objects.all())


def person_home_path(person) -> str | None:
    """The path of a person's place (unit, else commune, else province), None when they gave none."""
    for field in ("unit", "commune", "province"):
        if getattr(person, f"{field}_id", None):
            return getattr(person, field).path
    return None


def can_view_person(user, person) -> bool:
    """May ``user`` see ``person``'s results and personal data as a manager? (A person's own data is theirs: that
    is the caller's check, not this one.)"""
    if person is None:
        return False
    return results_scope(user).covers(person_home_path(person))


def in_scope_for_roster(user, person) -> bool:
    """May a roster of ``user`` change ``person`` directly? Only someone already placed inside the user's units
    (a person with no place belongs to no manager, not even a national one) and who holds no admin role."""
    if person is None or person.is_staff or person.is_superuser:
        return False
    path = person_home_path(person)
    return path is not None and results_scope(user).covers(path)


def in_unit(qs: QuerySet, unit: Unit | None, *, prefix: str = "") -> QuerySet:
    """Narrow a (scoped) queryset of people, or of rows reaching people through ``prefix``, to ``unit``'s subtree;
    ``None`` leaves it as it is."""
    if unit is None:
        return qs
    return qs.filter(home_in([unit.path], prefix=prefix))


def manager_assign(*, user, unit: Unit | None = None, national: bool = False) -> ManagerAssignment:
    """Make ``user`` a manager of ``unit``'s subtree, or of the whole country (``national=True``, no unit)."""
    if national:
        assignment, _ = ManagerAssignment.objects.get_or_create(user=user, national=True, defaults={"unit": None})
    else:
        if unit is None:
            raise ValueError("manager_assign needs a unit, or national=True")
        assignment, _ = ManagerAssignment.objects.get_or_create(user=user, unit=unit, national=False)
    forget_scope(user)
    return assignment
