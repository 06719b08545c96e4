"""Reads of the unit tree. Every query is a prefix on the materialised path, so it uses the path index."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet

from .models import Requirement, Target, Unit, UnitInvitation
from .permissions import can_see_unit

AREA_KINDS = (Unit.Kind.PROVINCE, Unit.Kind.COMMUNE)


def province_list() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=Unit.Kind.PROVINCE).order_by("name")


def commune_list(*, province: Unit | None) -> QuerySet[Unit]:
    """Communes and wards under ``province`` (none when no province is given)."""
    if province is None:
        return Unit.objects.none()
    return Unit.objects.filter(kind=Unit.Kind.COMMUNE, path__startswith=province.path).order_by("name")


def member_unit_list(*, province: Unit | None) -> QuerySet[Unit]:
    """Agencies, schools, enterprises… anywhere under ``province`` (a person's place of work or study)."""
    if province is None:
        return Unit.objects.none()
    return (
        Unit.objects.filter(path__startswith=province.path)
        .exclude(kind__in=AREA_KINDS)
        .order_by("path")
    )


def unit_is_under(unit: Unit, ancestor: Unit) -> bool:
    return unit.path.startswith(ancestor.path) and unit.pk != ancestor.pk


def home_unit(user) -> Unit | None:
    """A person's most precise place: their unit, else their commune, else their province."""
    for field in ("unit", "commune", "province"):
        if getattr(user, f"{field}_id", None):
            return getattr(user, field)
    return None


def unit_by_id_or_code(raw: str) -> Unit | None:
    """The unit whose id (ASCII digits) or else code is ``raw``, or None."""
    # isdecimal() on ASCII only: "²" and "١" are isdigit() but not ids (a 500 before the audit of 2026-12-04)
    is_id = raw.isascii() and raw.isdecimal() and len(raw) <= 18
    return Unit.objects.filter(pk=raw).first() if is_id else Unit.objects.filter(code=raw).first()


def units_above(unit: Unit) -> list[Unit]:
    """The units strictly above ``unit``, shallowest first."""
    return sorted(Unit.objects.filter(path__in=ancestor_paths(unit)[:-1]), key=lambda u: u.depth)


def target_years() -> set[int]:
    """The years that have targets."""
    return set(Target.objects.values_list("year", flat=True))


def ancestor_paths(unit: Unit) -> list[str]:
    """The paths of ``unit`` and of every unit above it (prefixes of its materialised path)."""
    step = Unit.steplen
    return [unit.path[: step * depth] for depth in range(1, unit.depth + 1)]


def requirements_for(user) -> QuerySet:
    """Active requirements that apply to ``user``: assigned to everyone or to a unit above (or at) their place,
    and to all groups or to theirs. Status (done, pending, overdue) is computed where the data lives."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Requirement.objects.none()
    place = home_unit(user)
    where_q = Q(unit__isnull=True)
    if place is not None:
        where_q |= Q(unit__path__in=ancestor_paths(place))
    group_q = Q(population_groups__isnull=True)
    if user.population_group_id:
        group_q |= Q(population_groups=user.population_group_id)
    ids = Requirement.objects.filter(where_q, group_q, active=True).values("pk")
    return (
        Requirement.objects.filter(pk__in=ids)
        .select_related("content_type", "unit")
        .order_by("deadline", "title")
    )


def invitation_in_force(invitation) -> bool:
    """An invitation a manager sent holds only while they may still see its unit: once their assignment is
    removed (or they leave the Managers group, or their account is deactivated) it lapses, and accepting it changes
    nothing. One sent from the command line (no inviter) holds. (Audit 2026-12-04: accepting used to move the
    person into a unit on the word of someone who no longer managed it.)"""
    if invitation.invited_by_id is None:
        return True
    return can_see_unit(invitation.invited_by, invitation.unit)


def pending_invitations(user) -> list:
    """The invitations to join a unit that ``user`` has not answered yet and that are still in force, oldest
    first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    pending = (
        UnitInvitation.objects.filter(user=user, status=UnitInvitation.Status.PENDING)
        .select_related("unit", "population_group", "invited_by")
        .order_by("created_at")
    )
    return [invitation for invitation in pending if invitation_in_force(invitation)]


def invitation_token_hash(token: str) -> str:
    """Only this hash of a slip's token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str):
    """The invitation a printed slip's token names, or None."""
    if not token or len(token) > 64:
        return None
    return UnitInvitation.objects.select_related("user").filter(token_hash=invitation_token_hash(token)).first()


ANY_REQUIREMENT_KEY = "requirements:any-active"


def any_active_requirement() -> bool:
    """Whether any requirement is active on the site, cached until one is saved or deleted (``forget_requirements``):
    while none is, *Học tập của tôi* reads no requirement for anyone (and may be served by the fast lane)."""
    found = cache.get(ANY_REQUIREMENT_KEY)
    if found is None:
        found = Requirement.objects.filter(active=True).exists()
        connection = transaction.get_connection()  # not kept when read in a transaction of the code (a rollback)
        if found or not any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            cache.set(ANY_REQUIREMENT_KEY, found, 60 * 60)
    return found


def forget_requirements(**_kwargs) -> None:
    """A requirement saved or deleted: read again now and once the change is committed."""
    cache.delete(ANY_REQUIREMENT_KEY)
    transaction.on_commit(lambda: cache.delete(ANY_REQUIREMENT_KEY))
