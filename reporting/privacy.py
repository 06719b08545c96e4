"""What reporting holds about a person, for ``lms.privacy`` (which imports no app above lms): the download's
section ``exports_covering_you``, and the export files deleted when the person's account is erased. Registered
from ``ReportingConfig.ready()``."""

from __future__ import annotations

from django.dispatch import receiver

from lms.organisations.selectors import units_above
from lms.privacy.registry import provide_section
from lms.privacy.selectors import json_value
from lms.privacy.signals import user_erasing

from .models import ExportJob, ExportLog


def exports_covering(user) -> list[dict]:
    """Exports whose filter covered the person's place (or had no unit filter): they may have held the person's
    row. The export itself recorded its filter, not each person (see ``ExportLog``)."""
    home = user.unit or user.commune or user.province
    if home is None:
        return []
    unit_ids = [str(unit.pk) for unit in [*units_above(home), home]]
    out = []
    for log in ExportLog.objects.filter(started_at__gte=user.date_joined).order_by("started_at", "pk"):
        unit = (log.params or {}).get("unit")
        if unit is not None and str(unit) not in unit_ids:
            continue
        out.append({
            "at": json_value(log.started_at), "route": log.route, "format": log.format, "filter": log.filter_text,
            "row_count": log.row_count, "status": log.status,
        })
    return out


@receiver(user_erasing, dispatch_uid="reporting.delete_export_files")
def delete_export_files(sender, *, user, **kwargs):
    """The person's own export jobs are deleted with the account (``registry.REFERENCES``): their files first."""
    for job in ExportJob.objects.filter(owner=user):
        if job.file:
            job.file.delete(save=False)


def register() -> None:
    provide_section("exports_covering_you", exports_covering, models=[ExportLog])
