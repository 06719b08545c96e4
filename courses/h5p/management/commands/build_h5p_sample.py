"""``manage.py build_h5p_sample [--output FILE]``: zip the project's own content type
(``courses/h5p/contenttype/H5P.HocVuSoTrueFalse-1.0``) with a sample question into an ``.h5p`` file, ready for
the admin upload or ``manage.py import_h5p``. Writes nothing to the database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...contenttype import LIBRARY_FOLDER, SAMPLE_TITLE, sample_package


class Command(BaseCommand):
    help = "Build the sample .h5p package of the project's own H5P content type (H5P.HocVuSoTrueFalse)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="hocvuso-truefalse.h5p", help="Where to write the .h5p")
        parser.add_argument("--title", default=SAMPLE_TITLE)
        parser.add_argument("--without-library", action="store_true",
                            help="Content only: runs on an already installed H5P.HocVuSoTrueFalse 1.0")

    def handle(self, *args, output, title, without_library, **options):
        data = sample_package(title=title, with_library=not without_library)
        path = Path(output)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror or exc}")
        library = "" if without_library else f" with {LIBRARY_FOLDER}"
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({len(data)} bytes){library}."))
