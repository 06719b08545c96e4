"""Bulk issue after a test session: ``manage.py issue_certificates --assessment SLUG``.

Enqueues one background task per learner who passed and has no certificate yet (their first passing attempt
counts); each task issues the certificate, whose PDF is then drawn by its own task. Safe to run again.
"""

from django.core.management.base import BaseCommand, CommandError

from certificates.models import Certificate
from certificates.tasks import generate_certificate_pdf, issue_certificate_for_attempt
from quizzes.models import Assessment, Attempt


class Command(BaseCommand):
    help = "Enqueue certificate issuing for every learner who passed an assessment (one task per certificate)."

    def add_arguments(self, parser):
        parser.add_argument("--assessment", required=True, help="Slug of the assessment (bài kiểm tra).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be enqueued.")
        parser.add_argument(
            "--missing-pdfs", action="store_true",
            help="Also enqueue PDF drawing for this assessment's certificates that have no PDF yet.",
        )

    def handle(self, *args, assessment, dry_run=False, missing_pdfs=False, **options):
        try:
            test = Assessment.objects.get(slug=assessment)
        except Assessment.DoesNotExist:
            raise CommandError(f"No assessment with slug {assessment!r}.")
        certified = set(
            Certificate.objects.filter(kind=Certificate.Kind.ASSESSMENT, achievement_key=str(test.pk))
            .values_list("user_id", flat=True)
        )
        attempts = (
            Attempt.objects.filter(assessment=test, passed=True)
            .exclude(state=Attempt.State.IN_PROGRESS)
            .order_by("user_id", "closed_at", "pk")
            .values_list("pk", "user_id")
        )
        enqueued = 0
        seen = set(certified)
        for attempt_id, user_id in attempts.iterator(chunk_size=2000):
            if user_id in seen:
                continue
            seen.add(user_id)
            if not dry_run:
                issue_certificate_for_attempt.enqueue(attempt_id)
            enqueued += 1
        pdfs = 0
        if missing_pdfs:
            missing = Certificate.objects.filter(
                kind=Certificate.Kind.ASSESSMENT, achievement_key=str(test.pk), pdf=""
            ).values_list("pk", flat=True)
            for certificate_id in missing.iterator(chunk_size=2000):
                if not dry_run:
                    generate_certificate_pdf.enqueue(certificate_id)
                pdfs += 1
        verb = "Would enqueue" if dry_run else "Enqueued"
        self.stdout.write(
            f"{verb} {enqueued} certificate task(s) for “{test.title}” "
            f"({len(certified)} learner(s) already certified); {pdfs} PDF task(s)."
        )
