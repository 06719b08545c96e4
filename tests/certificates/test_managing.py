"""Managing certificates: the learner's page (downloads, a share link), revoking and re-issuing by staff and by
managers of the learner's unit, and the log of who did what (shown in the admin)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from certificates import services, signing
from certificates.models import Certificate, CertificateEvent

pytestmark = pytest.mark.urls("tests.certificates.urls")

A = CertificateEvent.Action


@pytest.fixture
def units(db):
    from lms.organisations.models import Unit
    from lms.organisations.services import unit_create

    north = unit_create(parent=None, code="P-CERT-N", name="Tỉnh Bắc Thử", kind=Unit.Kind.PROVINCE)
    south = unit_create(parent=None, code="P-CERT-S", name="Tỉnh Nam Thử", kind=Unit.Kind.PROVINCE)
    ward = unit_create(parent=north, code="C-CERT-N1", name="Phường Một", kind=Unit.Kind.COMMUNE)
    return {"north": north, "south": south, "ward": ward}


@pytest.fixture
def make_manager(make_user):
    from lms.accounts.roles import MANAGERS, ensure_roles
    from lms.organisations.permissions import manager_assign

    def factory(*units, **fields):
        ensure_roles()
        user = make_user(groups=[MANAGERS], **fields)
        for unit in units:
            manager_assign(user=user, unit=unit)
        return user

    return factory


@pytest.fixture
def ward_certificate(make_certificate, make_user, units):
    """A certificate of a learner who lives in a ward of the northern province."""
    learner = make_user(full_name="Nguyen Thi Anh Tuyet", phone="0912000111", unit=units["ward"])
    return make_certificate(user=learner, learner_name="Nguyen Thi Anh Tuyet")


@pytest.fixture
def staff(make_user):
    return make_user(is_staff=True, is_superuser=True, full_name="Cán Bộ Quản Trị")


# --- "Chứng nhận của tôi" ------------------------------------------------------------------------


def test_my_certificates_offers_downloads_and_a_share_link_that_works_without_javascript(client, certificate):
    client.force_login(certificate.user)
    html = client.get(reverse("my_certificates:list")).content.decode()
    serial = certificate.display_serial
    assert f'href="{reverse("my_certificates:pdf", args=[serial])}"' in html
    assert f'href="{reverse("my_certificates:credential", args=[serial])}"' in html
    # The share link: the public verification URL in a read-only field and as a plain link…
    url = f"https://hocvuso.example.vn/verify/{serial}/"
    field = re.search(r'<input id="share-\d+" class="cert-share-url"[^>]*>', html).group(0)
    assert f'value="{url}"' in field and "readonly" in field
    assert f'<a class="cert-share-link" href="{url}">' in html
    # …and a copy button that only the script shows (hidden without JavaScript).
    button = re.search(r'<button type="button"[^>]*cert-copy[^>]*>', html).group(0)
    assert "hidden" in button
    assert "certificates/share.js" in html


def test_revoked_certificates_are_not_offered_for_sharing(client, certificate):
    services.certificate_revoke(certificate=certificate, reason="Gian lận")
    client.force_login(certificate.user)
    html = client.get(reverse("my_certificates:list")).content.decode()
    assert "cert-share-url" not in html
    assert "Đã thu hồi" in html


def test_downloads_are_logged(client, certificate):
    client.force_login(certificate.user)
    b"".join(client.get(reverse("my_certificates:pdf", args=[certificate.display_serial])).streaming_content)
    client.get(reverse("my_certificates:credential", args=[certificate.display_serial]))
    events = list(certificate.events.values_list("action", "actor"))
    assert events == [(A.ISSUE, None), (A.DOWNLOAD_PDF, certificate.user.pk),
                      (A.DOWNLOAD_CREDENTIAL, certificate.user.pk)]


# --- Services ------------------------------------------------------------------------------------


def test_issue_and_revoke_are_logged_with_who_and_when(certificate, staff):
    issued = certificate.events.get()
    assert (issued.action, issued.actor, issued.at) == (A.ISSUE, None, issued.at)
    assert abs((issued.at - certificate.issued_at).total_seconds()) < 60
    services.certificate_revoke(certificate=certificate, reason="Cấp nhầm người học", by=staff)
    services.certificate_revoke(certificate=certificate, reason="lần hai", by=staff)  # idempotent, not logged twice
    revoked = certificate.events.filter(action=A.REVOKE).get()
    assert (revoked.actor, revoked.reason) == (staff, "Cấp nhầm người học")
    certificate.refresh_from_db()
    assert revoked.at == certificate.revoked_at


def test_reissue_after_a_name_correction(certificate, staff, committed):
    user = certificate.user
    user.full_name = "Nguyễn Thị Ánh Tuyết Mai"
    user.save()
    with committed():
        new = services.certificate_reissue(certificate=certificate, by=staff)
    old = Certificate.objects.get(pk=certificate.pk)
    new.refresh_from_db()

    assert new.learner_name == "Nguyễn Thị Ánh Tuyết Mai"
    assert new.serial != old.serial and new.subject_id != old.subject_id
    assert (new.status, new.user, new.kind, new.achievement_key) == ("valid", user, old.kind, old.achievement_key)
    assert (new.achievement_title, new.competences, new.framework_code) == (
        old.achievement_title, old.competences, old.framework_code)
    assert new.pdf  # drawn by the task enqueued on commit
    assert (old.status, old.revocation_reason, old.revoked_by, old.replaced_by) == (
        "revoked", services.REISSUE_REASON, staff, new)
    assert old.learner_name == "Nguyễn Thị Ánh Tuyết"  # the old snapshot is kept as it was
    assert services.REISSUE_REASON == "Cấp lại do đính chính họ tên"

    assert list(old.events.values_list("action", "actor", "related")) == [
        (A.ISSUE, None, None), (A.REISSUE, staff.pk, new.pk)]
    assert list(new.events.values_list("action", "actor", "related")) == [(A.ISSUE, staff.pk, old.pk)]
    # The issuing rules find the new certificate, not a revoked one, and do not issue a third.
    again, created = services.certificate_issue(user=user, kind=old.kind, achievement_key=old.achievement_key,
                                                learner_name="x", achievement_title="x")
    assert (again, created) == (new, False)
    # Credentials of the new one verify; those of the old one are reported revoked.
    assert signing.verify_credential(signing.sign_certificate(new)).valid
    assert signing.verify_credential(signing.sign_certificate(old)).reason == "revoked"


def test_reissue_is_refused_when_the_name_did_not_change_or_the_certificate_is_revoked(certificate):
    with pytest.raises(services.CertificateError) as error:
        services.certificate_reissue(certificate=certificate)
    assert error.value.message == services.NAME_UNCHANGED
    services.certificate_revoke(certificate=certificate, reason="Gian lận")
    certificate.user.full_name = "Tên Mới"
    certificate.user.save()
    with pytest.raises(services.CertificateError) as error:
        services.certificate_reissue(certificate=certificate)
    assert error.value.message == services.ALREADY_REVOKED
    assert Certificate.objects.count() == 1


def test_old_verify_page_points_to_the_new_certificate(client, certificate):
    certificate.user.full_name = "Nguyễn Thị Ánh Tuyết Mai"
    certificate.user.save()
    new = services.certificate_reissue(certificate=certificate)
    html = client.get(f"/verify/{certificate.display_serial}/").content.decode()
    assert "Chứng nhận đã bị thu hồi" in html
    assert "Cấp lại do đính chính họ tên" in html
    assert f'href="/verify/{new.display_serial}/"' in html
    new_page = client.get(f"/verify/{new.display_serial}/").content.decode()
    assert "Chứng nhận hợp lệ" in new_page and "Nguyễn Thị Ánh Tuyết Mai" in new_page


# --- Managers and staff --------------------------------------------------------------------------


def manage_url(certificate):
    return reverse("my_certificates:manage_detail", args=[certificate.display_serial])


def test_manager_of_the_learners_unit_revokes_with_a_reason(client, make_manager, units, ward_certificate):
    manager = make_manager(units["north"], full_name="Quản Lý Bắc")
    client.force_login(manager)
    mine = client.get(reverse("my_certificates:list")).content.decode()
    assert f'href="{reverse("my_certificates:manage")}"' in mine  # the way in, from "Chứng nhận của tôi"
    listing = client.get(reverse("my_certificates:manage")).content.decode()
    assert ward_certificate.display_serial in listing
    assert client.get(manage_url(ward_certificate)).status_code == 200

    empty = client.post(manage_url(ward_certificate), {"action": "revoke", "reason": "  "})
    assert empty.status_code == 400
    assert "This field is required" in empty.content.decode() or "Trường này" in empty.content.decode()
    ward_certificate.refresh_from_db()
    assert ward_certificate.status == "valid"

    response = client.post(manage_url(ward_certificate), {"action": "revoke", "reason": "Thi hộ"})
    assert response.status_code == 302
    ward_certificate.refresh_from_db()
    assert (ward_certificate.status, ward_certificate.revocation_reason, ward_certificate.revoked_by) == (
        "revoked", "Thi hộ", manager)
    page = client.get(manage_url(ward_certificate)).content.decode()
    assert "Thi hộ" in page and "Quản Lý Bắc" in page  # the log: who revoked it


def test_manager_reissues_after_a_name_correction(client, make_manager, units, ward_certificate):
    manager = make_manager(units["ward"])
    client.force_login(manager)
    page = client.get(manage_url(ward_certificate)).content.decode()
    assert re.search(r'value="reissue"[^>]*disabled', page)  # nothing to correct yet

    learner = ward_certificate.user
    learner.full_name = "Nguyễn Thị Ánh Tuyết"
    learner.save()
    response = client.post(manage_url(ward_certificate), {"action": "reissue"})
    new = Certificate.objects.get(replaces=ward_certificate)
    assert response.status_code == 302 and response["Location"] == manage_url(new)
    assert new.learner_name == "Nguyễn Thị Ánh Tuyết"
    ward_certificate.refresh_from_db()
    assert (ward_certificate.revocation_reason, ward_certificate.revoked_by) == ("Cấp lại do đính chính họ tên", manager)
    assert new.events.get().actor == manager


def test_managers_of_other_units_and_learners_cannot_manage(client, make_manager, units, ward_certificate):
    client.force_login(make_manager(units["south"]))
    assert ward_certificate.display_serial not in client.get(reverse("my_certificates:manage")).content.decode()
    assert client.get(manage_url(ward_certificate)).status_code == 404
    assert client.post(manage_url(ward_certificate), {"action": "revoke", "reason": "x"}).status_code == 404

    client.force_login(ward_certificate.user)  # not even the learner, for their own certificate
    assert reverse("my_certificates:manage") not in client.get(reverse("my_certificates:list")).content.decode()
    assert client.get(reverse("my_certificates:manage")).status_code == 403
    assert client.post(manage_url(ward_certificate), {"action": "revoke", "reason": "x"}).status_code == 403

    client.logout()
    assert client.get(manage_url(ward_certificate)).status_code == 302
    ward_certificate.refresh_from_db()
    assert ward_certificate.status == "valid"


def test_staff_manage_every_certificate_and_search_by_serial(client, staff, certificate, ward_certificate):
    client.force_login(staff)
    typed = certificate.display_serial.lower().replace("-", " ")
    html = client.get(reverse("my_certificates:manage"), {"q": typed}).content.decode()
    assert certificate.display_serial in html and ward_certificate.display_serial not in html
    assert client.get(manage_url(ward_certificate)).status_code == 200


def test_reissue_without_a_name_change_explains_itself(client, staff, certificate):
    client.force_login(staff)
    response = client.post(manage_url(certificate), {"action": "reissue"})
    assert response.status_code == 400
    assert str(services.NAME_UNCHANGED) in response.content.decode()
    assert Certificate.objects.count() == 1


# --- The admin -----------------------------------------------------------------------------------


def test_admin_shows_the_log_on_the_certificate(client, staff, certificate):
    certificate.user.full_name = "Nguyễn Thị Ánh Tuyết Mai"
    certificate.user.save()
    new = services.certificate_reissue(certificate=certificate, by=staff)
    client.force_login(staff)
    html = client.get(reverse("wagtailsnippets_certificates_certificate:inspect", args=[certificate.pk])).content.decode()
    assert "Nhật ký" in html
    assert "cert-event-issue" in html and "cert-event-reissue" in html
    assert "Cấp lại do đính chính họ tên" in html
    assert "Cán Bộ Quản Trị" in html and new.display_serial in html
    assert manage_url(certificate) in html  # the button to revoke / re-issue
    # Revoking through the admin's edit form is logged too.
    client.post(reverse("wagtailsnippets_certificates_certificate:edit", args=[new.pk]),
                {"status": "revoked", "revocation_reason": "Gian lận"})
    assert new.events.filter(action=A.REVOKE, actor=staff, reason="Gian lận").exists()
