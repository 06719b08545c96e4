"""Compile every project .po file to .mo with polib (pure Python: no gettext tools needed on the machine)."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP_DIRS = {".venv", "node_modules", "var", ".git"}


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogues to .mo files."

    def handle(self, *args, **options):
        root = Path(settings.BASE_DIR)
        compiled = 0
        for po_path in root.rglob("*.po"):
            if SKIP_DIRS.intersection(po_path.relative_to(root).parts):
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"{compiled} catalogue(s) compiled.")
