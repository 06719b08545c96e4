"""Writes to the unit tree (treebeard keeps ``path``/``depth``/``numchild`` consistent)."""

from __future__ import annotations

from django.db import transaction

from .models import Unit


@transaction.atomic
def unit_create(*, parent: Unit | None, code: str, name: str, kind: str, name_en: str = "") -> Unit:
    """Add a unit as a root (``parent=None``) or as the last child of ``parent``; validated before saving."""
    unit = Unit(code=code.strip(), name=" ".join(name.split()), name_en=name_en.strip(), kind=kind)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Unit.add_root(instance=unit)
    parent.refresh_from_db()  # numchild may be stale on the caller's instance
    return parent.add_child(instance=unit)
