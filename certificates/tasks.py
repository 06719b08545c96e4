"""Background work (django-tasks): drawing certificate PDFs. Inline in embedded mode (ImmediateBackend)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_certificate_pdf(certificate_id: int, force: bool = False) -> str:
    """Draw and store the PDF of one certificate; returns its storage name ("" when the row is gone)."""
    from .models import Certificate
    from .services import certificate_render_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return ""
    return certificate_render_pdf(certificate=certificate, force=force).certificate.pdf.name
