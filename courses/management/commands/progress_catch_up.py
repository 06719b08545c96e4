"""``manage.py progress_catch_up``: complete the lessons whose quick checks a learner already passed (issue 15)."""

from django.core.management.base import BaseCommand

from courses.services import progress_catch_up


class Command(BaseCommand):
    help = "Record lessons completed under the completion rule (courses/progress.py) but not yet recorded."

    def handle(self, *args, **options):
        completed = progress_catch_up()
        self.stdout.write(f"{completed} lesson completion(s) recorded.")
