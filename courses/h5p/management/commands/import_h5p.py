"""``manage.py import_h5p FILE [--title T] [--replace ID]``: the admin upload's validation, from the command
line (which may install libraries). Exit status 0 only when the activity is stored."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ...models import H5PActivity
from ...services import h5p_activity_create, h5p_activity_replace
from ...validation import H5PValidationError, validate_package


class Command(BaseCommand):
    help = "Validate and store an .h5p package as an H5P activity."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--title", default="")
        parser.add_argument("--replace", type=int, help="Replace the package of this activity id")

    def handle(self, *args, file, title, replace, **options):
        try:
            with open(file, "rb") as source:
                activity = None
                if replace:
                    activity = H5PActivity.objects.filter(pk=replace).first()
                    if activity is None:
                        raise CommandError(f"No H5P activity {replace}.")
                package = validate_package(source, name=file)
                notices = list(package.notices)
                if activity is not None:
                    activity = h5p_activity_replace(activity=activity, package=package, title=title)
                else:
                    activity = h5p_activity_create(package=package, title=title)
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file.")
        except H5PValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError("Package refused; nothing was stored.")
        for notice in notices:  # the same notices the admin shows (an SVG cleaned on the way in)
            self.stdout.write(self.style.WARNING(notice))
        self.stdout.write(self.style.SUCCESS(f"Stored H5P activity {activity.pk}: {activity.title}"))
