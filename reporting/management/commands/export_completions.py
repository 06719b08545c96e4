"""``manage.py export_completions [--unit CODE] [filters] --format csv|xlsx --output FILE``.

The same rows and columns as /manage/exports/ (``queries.export_rows``, docs/exports.md), written row by row with
constant memory. Without ``--as`` the command sees everything (staff scope) and ``--unit`` narrows it; with
``--as EMAIL`` it sees what that manager sees. The file appears only when complete (written next to it, then
renamed). Every run is recorded in the export log (route "command").
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from courses.models import CoursePage
from lms.accounts.models import User
from lms.organisations.models import PopulationGroup, Unit
from lms.organisations.permissions import can_see_unit, can_view_reports
from quizzes.models import Assessment
from reporting import queries, services

FORMATS = ("csv", "xlsx")


def _day(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: expected a date as YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Export completion lists (CSV with BOM, or XLSX) for a unit's subtree, or for every unit."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Unit code (its whole subtree). Default: every unit.")
        parser.add_argument("--group", help="Population group code (e.g. civil-servant, adult).")
        parser.add_argument("--course", help="Course: slug or page id (default-language page).")
        parser.add_argument("--test", dest="assessment", help="Test: slug or id.")
        parser.add_argument("--status", choices=queries.STATUS_FILTERS,
                            help="done = passed/completed; not_done = failed/in progress; not_started (needs "
                                 "--course or --test).")
        parser.add_argument("--since", help="Completed on or after this date (YYYY-MM-DD).")
        parser.add_argument("--until", help="Completed on or before this date (YYYY-MM-DD).")
        parser.add_argument("--format", dest="fmt", choices=FORMATS,
                            help="csv or xlsx. Default: from the output file's extension, else csv.")
        parser.add_argument("--output", required=True, help="The file to write; '-' writes CSV to stdout.")
        parser.add_argument("--as", dest="actor", help="Email of a manager: export only what they may see.")

    def handle(self, *args, output, fmt=None, actor=None, **options):
        fmt = fmt or ("xlsx" if output.lower().endswith(".xlsx") else "csv")
        if output == "-" and fmt != "csv":
            raise CommandError("Only CSV can be written to stdout (--output -).")
        viewer, who = self._viewer(actor)
        filters = self._filters(viewer, options)
        who = who or f"manage.py ({getpass.getuser()})"
        if output == "-":
            log = services.export_write(viewer=viewer, filters=filters, fmt=fmt, target=sys.stdout.buffer, actor=who)
            sys.stdout.buffer.flush()
            self.stderr.write(f"{log.row_count} rows (export log #{log.pk})")
            return
        log = self._write_file(Path(output), viewer=viewer, filters=filters, fmt=fmt, who=who)
        self.stdout.write(self.style.SUCCESS(f"{log.row_count} rows written to {output} (export log #{log.pk})"))

    def _viewer(self, actor: str | None):
        if not actor:
            return services.SYSTEM, ""
        user = User.objects.filter(email__iexact=actor).first()
        if user is None:
            raise CommandError(f"No account with email {actor}")
        if not can_view_reports(user):
            raise CommandError(f"{actor} is not a manager (nor an administrator): they may not export.")
        return user, user.email

    def _filters(self, viewer, options) -> queries.Filters:
        unit = group = course = assessment = None
        if options.get("unit"):
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Unknown unit code: {options['unit']}")
            if not can_see_unit(viewer, unit):
                raise CommandError(f"Unit {unit.code} is outside what {viewer.email} manages.")
        if options.get("group"):
            group = PopulationGroup.objects.filter(code=options["group"]).first()
            if group is None:
                codes = ", ".join(PopulationGroup.objects.values_list("code", flat=True))
                raise CommandError(f"Unknown population group: {options['group']} (one of: {codes})")
        if options.get("course"):
            value = options["course"]
            pages = CoursePage.objects.filter(locale=Locale.get_default())
            course = pages.filter(pk=int(value)).first() if value.isdigit() else pages.filter(slug=value).first()
            if course is None:
                raise CommandError(f"Unknown course: {value}")
        if options.get("assessment"):
            value = options["assessment"]
            tests = Assessment.objects.all()
            assessment = tests.filter(pk=int(value)).first() if value.isdigit() else tests.filter(slug=value).first()
            if assessment is None:
                raise CommandError(f"Unknown test: {value}")
        if course is not None and assessment is not None:
            raise CommandError("Choose --course or --test, not both.")
        status = options.get("status") or ""
        if status == queries.NOT_STARTED and course is None and assessment is None:
            raise CommandError("--status not_started needs --course or --test.")
        since, until = _day(options.get("since"), "--since"), _day(options.get("until"), "--until")
        if since and until and since > until:
            raise CommandError("--since must not be after --until.")
        return queries.Filters(unit=unit, group=group, course=course, assessment=assessment, status=status,
                               date_from=since, date_to=until)

    def _write_file(self, path: Path, *, viewer, filters, fmt, who):
        directory = path.parent if str(path.parent) else Path(".")
        if not directory.is_dir():
            raise CommandError(f"No such directory: {directory}")
        handle = tempfile.NamedTemporaryFile(dir=directory, prefix=f".{path.name}.", suffix=".part", delete=False)
        try:
            with handle:
                log = services.export_write(viewer=viewer, filters=filters, fmt=fmt, target=handle, actor=who)
            os.replace(handle.name, path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
        return log
