"""Background work (django-tasks): drawing certificate PDFs. Inline in embedded mode (ImmediateBackend)."""

from __future__ import annotations

from django_tasks import task

from quizzes.selectors import attempt_with_test

from .models import Certificate

# certificates.services enqueues generate_certificate_pdf, so it imports this module: the services are imported
# inside the tasks (run later, by a worker) to keep that import one-way.


@task()
def generate_certificate_pdf(certificate_id: int, force: bool = False) -> str:
    """Draw and store the PDF of one certificate; returns its storage name ("" when the row is gone)."""
    from .services import certificate_render_pdf  # see the note at the top

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return ""
    return certificate_render_pdf(certificate=certificate, force=force).certificate.pdf.name


@task()
def issue_certificate_for_attempt(attempt_id: int) -> str:
    """Issue the certificate of one passed attempt (its PDF task follows); returns the serial ("" if none)."""
    from .services import CertificateError, certificate_issue_for_attempt  # see the note at the top

    attempt = attempt_with_test(attempt_id)
    if attempt is None:
        return ""
    try:
        certificate, _created = certificate_issue_for_attempt(attempt=attempt)
    except CertificateError:
        return ""
    return certificate.serial
