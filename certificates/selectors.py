"""Reads: a certificate by its serial or credential id, a learner's own certificates, the revocation list."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from . import serials
from .models import Certificate, CertificateTemplate


def certificate_by_serial(*, serial: str) -> Certificate | None:
    """The certificate a person typed or scanned (any case, spaces, dashes), or ``None``."""
    normalized = serials.normalize(serial)
    if normalized is None:
        return None
    return Certificate.objects.filter(serial=normalized).first()


def certificate_for_credential_id(credential_id: str) -> Certificate | None:
    """The certificate whose Open Badge ``id`` (its public verification URL) is ``credential_id``."""
    prefix = settings.CERT_BASE_URL.rstrip("/") + "/verify/"
    if not credential_id.startswith(prefix):
        return None
    return certificate_by_serial(serial=credential_id[len(prefix):].strip("/"))


def learner_certificates(*, user) -> QuerySet[Certificate]:
    """Certificates a learner may see and download: only their own."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    return Certificate.objects.filter(user=user).order_by("-issued_at")


def revoked_certificates() -> QuerySet[Certificate]:
    return Certificate.objects.filter(status=Certificate.Status.REVOKED).order_by("revoked_at")


def default_template() -> CertificateTemplate | None:
    return CertificateTemplate.objects.filter(is_default=True).first() or CertificateTemplate.objects.first()


def certificate_for_achievement(*, user, kind: str, achievement_key: str) -> Certificate | None:
    """The learner's current certificate for one achievement (a course's ``translation_key``, a test's id), or
    ``None`` when it is not issued (yet)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Certificate.objects.filter(user=user, kind=kind, achievement_key=str(achievement_key))
        .order_by("-status", "-issued_at")  # "valid" before "revoked"
        .first()
    )
