"""Index every live lesson for the learning assistant (after installing it, or to repair the index)."""

from django.core.management.base import BaseCommand

from assistant import services


class Command(BaseCommand):
    help = "Index every live lesson for the learning assistant and drop lessons that are no longer live."

    def handle(self, *args, **options):
        count = services.index_rebuild()
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} lesson(s) indexed.")
