"""Periodic jobs of certificates (see ``settings.PERIODIC_JOBS``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

logger = logging.getLogger(__name__)

# Attempts closed more recently than this are left to the normal path (issued right after the close commits).
SETTLE = dt.timedelta(minutes=2)
LOOK_BACK = dt.timedelta(days=30)


def issue_missing_certificates(*, now=None, limit: int = 500) -> int:
    """Issue the certificate of every passed test that has none: the process that closed the attempt died (or
    its database went away) between the commit and the issue that follows it. Idempotent: an achievement
    that has a certificate, valid or revoked, is skipped, and ``certificate_issue`` never creates a second one.
    Returns how many were issued."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    from quizzes.models import Attempt

    from .models import Certificate
    from .services import CertificateError, certificate_issue_for_attempt

    now = now or timezone.now()
    has_certificate = Certificate.objects.filter(
        user=OuterRef("user"), kind=Certificate.Kind.ASSESSMENT,
        achievement_key=Cast(OuterRef("assessment_id"), output_field=CharField()),
    )
    missing = (
        Attempt.objects.filter(passed=True, closed_at__gte=now - LOOK_BACK, closed_at__lte=now - SETTLE)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .exclude(Exists(has_certificate))
        .select_related("assessment", "user")
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
    if issued:
        logger.warning("Issued %s certificates that the close of their attempt did not issue", issued)
    return issued
