"""Reads of the unit tree. Every query is a prefix on the materialised path, so it uses the path index."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Unit

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
