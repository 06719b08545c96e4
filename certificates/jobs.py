"""Periodic jobs of certificates (see ``settings.PERIODIC_JOBS``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone

from courses.selectors import enrollments_completed_between
from quizzes.selectors import passed_attempts_closed_between

from .models import Certificate
from .services import CertificateError, certificate_issue_for_attempt, certificate_issue_for_course

logger = logging.getLogger(__name__)

# Attempts closed more recently than this are left to the normal path (issued right after the close commits).
SETTLE = dt.timedelta(minutes=2)
LOOK_BACK = dt.timedelta(days=30)


def issue_missing_certificates(*, now=None, limit: int = 500) -> int:
    """Issue the certificate of every passed test (and completed course) that has none: the process that closed the
    attempt (or completed the course) died (or
    its database went away) between the commit and the issue that follows it. Idempotent: an achievement
    that has a certificate, valid or revoked, is skipped, and ``certificate_issue`` never creates a second one.
    Returns how many were issued."""
    now = now or timezone.now()
    has_certificate = Certificate.objects.filter(
        user=OuterRef("user"), kind=Certificate.Kind.ASSESSMENT,
        achievement_key=Cast(OuterRef("assessment_id"), output_field=CharField()),
    )
    missing = (
        passed_attempts_closed_between(start=now - LOOK_BACK, end=now - SETTLE)
        .exclude(Exists(has_certificate))
        .order_by("closed_at")[:limit]  # the first passing attempt decides the levels printed
    )
    issued = 0
    for attempt in missing:
        try:
            _certificate, created = certificate_issue_for_attempt(attempt=attempt)
        except CertificateError:
            logger.exception("Certificate for attempt %s could not be issued", attempt.pk)
            continue
        issued += created
    issued += _issue_missing_course_certificates(now=now, limit=limit)
    if issued:
        logger.warning("Issued %s certificates that the close of their attempt did not issue", issued)
    return issued


def _issue_missing_course_certificates(*, now, limit: int) -> int:
    """The same for completed courses (the completion committed, the issue after it was lost)."""
    completed = enrollments_completed_between(start=now - LOOK_BACK, end=now - SETTLE)
    rows = list(
        completed.order_by("completed_at").values_list("pk", "user_id", "course__translation_key")[: limit * 10]
    )
    # Keys compared in Python: a UUID cast to text differs between PostgreSQL and SQLite.
    have = set(Certificate.objects.filter(kind=Certificate.Kind.COURSE, user_id__in={u for _, u, _ in rows})
               .values_list("user_id", "achievement_key"))
    missing = [pk for pk, user_id, key in rows if (user_id, str(key)) not in have][:limit]
    issued = 0
    for enrollment in completed.filter(pk__in=missing).select_related("user", "course"):
        try:
            _certificate, created = certificate_issue_for_course(user=enrollment.user, course=enrollment.course)
        except CertificateError:
            logger.exception("Certificate for enrolment %s could not be issued", enrollment.pk)
            continue
        issued += created
    return issued
