"""What certificates hold about a person, for the learner's download (``lms.privacy``): the section
``certificates``, registered from ``CertificatesConfig.ready()`` (lms.privacy imports no app above lms)."""

from __future__ import annotations

from lms.privacy.registry import provide_section
from lms.privacy.selectors import json_value, row

from .models import Certificate


def certificates_of(user) -> list[dict]:
    """Each certificate (also revoked), its public verification URL and its events."""
    out = []
    for certificate in Certificate.objects.filter(user=user).order_by("issued_at", "pk"):
        data = row(certificate)
        data["verify_url"] = certificate.verify_url
        data["events"] = [
            {"action": event.action, "at": json_value(event.at), "reason": event.reason}
            for event in certificate.events.all()
        ]
        out.append(data)
    return out


def register() -> None:
    provide_section("certificates", certificates_of, models=[Certificate])
