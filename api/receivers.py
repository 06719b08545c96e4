"""Webhooks, triggered by the signals the owning apps send (nothing imports api): a certificate issued or revoked
(``certificates.signals``), a requirement met (``courses.signals.course_completed``,
``quizzes.signals.attempt_closed``). Each queues deliveries for the subscriptions whose client may see the person."""

from __future__ import annotations

import logging

from django.dispatch import receiver
from oauth2_provider.signals import app_authorized

from certificates.signals import certificate_issued, certificate_revoked
from courses.signals import course_completed
from quizzes.signals import attempt_closed

from . import services
from .selectors import certificate_payload, client_for_application, requirements_met_by

logger = logging.getLogger(__name__)


@receiver(app_authorized, dispatch_uid="api.token_issued")
def on_token_issued(sender, *, request, token, **kwargs):
    """A token handed out is a call too: logged like the others (the token itself never is)."""
    from lms.ratelimit import client_ip  # noqa: PLC0415

    services.api_call_log(client=client_for_application(token.application), method=request.method,
                          path=request.path, query="", status=200, rows=0, ip=client_ip(request))


@receiver(certificate_issued, dispatch_uid="api.certificate_issued")
def on_certificate_issued(sender, *, certificate, **kwargs):
    if certificate.user_id is None or not services.has_subscribers():
        return
    services.webhook_event(event="certificate.issued", key=f"certificate:{certificate.pk}",
                           payload=certificate_payload(certificate), person=certificate.user)


@receiver(certificate_revoked, dispatch_uid="api.certificate_revoked")
def on_certificate_revoked(sender, *, certificate, **kwargs):
    if certificate.user_id is None or not services.has_subscribers():
        return
    services.webhook_event(event="certificate.revoked", key=f"certificate:{certificate.pk}",
                           payload=certificate_payload(certificate), person=certificate.user)


def _requirements_met(user, *, course=None, assessment_id=None) -> None:
    if not services.has_subscribers():
        return
    for requirement, payload in requirements_met_by(user, course=course, assessment_id=assessment_id):
        services.webhook_event(event="requirement.met", key=f"requirement:{requirement.pk}:{user.pk}",
                               payload=payload, person=user)


@receiver(course_completed, dispatch_uid="api.requirement_met_course")
def on_course_completed(sender, *, user, course, **kwargs):
    from django.db import transaction  # noqa: PLC0415

    transaction.on_commit(lambda: _requirements_met(user, course=course), robust=True)


@receiver(attempt_closed, dispatch_uid="api.requirement_met_test")
def on_attempt_closed(sender, *, attempt, **kwargs):
    if attempt.passed is True:
        _requirements_met(attempt.user, assessment_id=attempt.assessment_id)
