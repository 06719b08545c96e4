"""Staff revoke certificates in the Wagtail admin (reason required); editors manage templates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateTemplate
from certificates.services import REASON_REQUIRED, CertificateError, certificate_revoke

EDIT = "wagtailsnippets_certificates_certificate:edit"


@pytest.fixture
def staff(make_user):
    return make_user(is_staff=True, is_superuser=True)


def test_revoking_in_the_admin_requires_a_reason(client, staff, certificate):
    client.force_login(staff)
    url = reverse(EDIT, args=[certificate.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"status": "revoked", "revocation_reason": "  "})
    assert response.status_code == 200
    assert str(REASON_REQUIRED) in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID

    client.post(url, {"status": "revoked", "revocation_reason": "Gian lận trong khi làm bài"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revocation_reason == "Gian lận trong khi làm bài"
    assert certificate.revoked_at is not None
    assert certificate.revoked_by == staff

    page = client.get(f"/verify/{certificate.display_serial}/").content.decode()
    assert "Gian lận trong khi làm bài" in page

    # Once revoked, the form is read-only: a second post changes nothing.
    assert client.get(url).status_code == 200
    client.post(url, {"status": "valid", "revocation_reason": "khác"})
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_reason) == ("revoked", "Gian lận trong khi làm bài")


def test_admin_edit_cannot_change_the_snapshot(client, staff, certificate):
    client.force_login(staff)
    client.post(reverse(EDIT, args=[certificate.pk]),
                {"status": "valid", "revocation_reason": "", "learner_name": "Tên giả"})
    certificate.refresh_from_db()
    assert certificate.learner_name == "Nguyễn Thị Ánh Tuyết"
    assert certificate.status == Certificate.Status.VALID


def test_certificates_cannot_be_added_or_deleted_in_the_admin(client, staff, certificate):
    client.force_login(staff)
    assert client.get(reverse("wagtailsnippets_certificates_certificate:add")).status_code in (302, 403)
    client.post(reverse("wagtailsnippets_certificates_certificate:delete", args=[certificate.pk]))
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    listing = client.get(reverse("wagtailsnippets_certificates_certificate:list"))
    assert listing.status_code == 200
    assert certificate.learner_name in listing.content.decode()


def test_revoke_service_requires_a_reason(certificate):
    with pytest.raises(CertificateError) as error:
        certificate_revoke(certificate=certificate, reason="")
    assert error.value.message == REASON_REQUIRED


def test_one_default_template(template):
    other = CertificateTemplate.objects.create(name="Sở GD&ĐT", issuing_body="Sở Giáo dục và Đào tạo", is_default=True)
    template.refresh_from_db()
    assert (template.is_default, other.is_default) == (False, True)
    assert CertificateTemplate.objects.filter(is_default=True).count() == 1


def test_editors_manage_templates_in_the_admin(client, staff, template):
    client.force_login(staff)
    response = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
    assert response.status_code == 200
    assert template.name in response.content.decode()
    add = client.get(reverse("wagtailsnippets_certificates_certificatetemplate:add"))
    assert add.status_code == 200
    assert 'name="signer_name"' in add.content.decode()
