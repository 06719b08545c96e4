"""``manage.py import_roster FILE [--valid-only] [--as EMAIL] [--no-email] [--base-url URL]``.

Same rules as the page at /manage/roster/: a file with a refused row imports nothing unless ``--valid-only``.
With ``--as`` the import is limited to what that manager may see; without it, every unit is allowed.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.accounts.models import User
from lms.organisations.roster import REFUSED, RosterError, roster_import


class Command(BaseCommand):
    help = ("Import a roster (CSV or XLSX) of people into units: create or update accounts, send activation. With "
            "--as, as that manager would: people outside their units are invited, never changed.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--valid-only", action="store_true", help="Import the valid rows even if others fail.")
        parser.add_argument("--as", dest="actor", help="Email of the manager the import is done for (scope).")
        parser.add_argument("--no-email", action="store_true", help="Do not send activation emails.")
        parser.add_argument("--base-url", default=getattr(settings, "WAGTAILADMIN_BASE_URL", ""))

    def handle(self, *args, file, valid_only=False, actor=None, no_email=False, base_url="", **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        user = None
        if actor:
            user = User.objects.filter(email__iexact=actor).first()
            if user is None:
                raise CommandError(f"No account with email {actor}")
        try:
            report = roster_import(data=path.read_bytes(), filename=path.name, actor=user, valid_only=valid_only,
                                   base_url=base_url, send=not no_email)
        except RosterError as exc:
            raise CommandError(str(exc))
        for row in report.rows:
            detail = "; ".join(row.errors) if row.errors else (row.activation_link if not row.email else "")
            self.stdout.write(f"{row.line}\t{row.action}\t{row.full_name or '-'}\t{row.contact}\t{detail}".rstrip())
        counts = ", ".join(f"{k}: {v}" for k, v in report.counts.items())
        if report.imported:
            self.stdout.write(self.style.SUCCESS(f"Imported. {counts}"))
        else:
            self.stdout.write(self.style.ERROR(f"Nothing imported: {report.count(REFUSED)} row(s) refused. {counts}. "
                                               "Fix the file or use --valid-only."))
            raise CommandError("Roster has errors; nothing imported.")
