"""Public verification pages, the DID document, the credential endpoint and the learner's own downloads."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from certificates import services, signing
from certificates.views import MALFORMED_SERIAL, UNKNOWN_SERIAL

from .conftest import BASE_URL


def jsonld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


# --- /verify/<serial>/ -----------------------------------------------------------------------------


# 20:30 UTC is already the next day in Asia/Ho_Chi_Minh (UTC+7): a page that printed the UTC date would show
# 10/03/2026. Fixed instants keep these tests true at every hour of the day.
EVENING_UTC = dt.datetime(2026, 3, 10, 20, 30, tzinfo=dt.UTC)
LOCAL_DATE = "11/03/2026"
UTC_DATE = "10/03/2026"


def test_valid_certificate_page(client, certificate):
    type(certificate).objects.filter(pk=certificate.pk).update(issued_at=EVENING_UTC)
    response = client.get(f"/verify/{certificate.display_serial}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chứng nhận hợp lệ" in html
    assert "Nguyễn Thị Ánh Tuyết" in html
    assert certificate.achievement_title in html
    assert LOCAL_DATE in html
    assert UTC_DATE not in html
    assert '<meta name="robots" content="noindex">' in html


def test_page_shows_nothing_more_of_the_learner(client, certificate):
    user = certificate.user
    html = client.get(f"/verify/{certificate.display_serial}/").content.decode()
    assert user.email not in html
    assert user.phone not in html
    assert str(user.birth_year) not in html
    assert str(certificate.subject_id) not in html
    # Nor the competences and levels attained (they are on the learner's own PDF and credential).
    assert "Bậc 2" not in html and "An toàn" not in html and "80.0" not in html


def test_jsonld_is_an_educational_occupational_credential(client, certificate):
    data = jsonld_of(client.get(f"/verify/{certificate.display_serial}/").content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "EducationalOccupationalCredential"
    assert data["url"] == f"{BASE_URL}/verify/{certificate.display_serial}/"
    assert data["identifier"] == certificate.display_serial
    assert data["name"] == certificate.achievement_title
    assert data["recognizedBy"]["name"] == certificate.issuing_body
    assert "Nguyễn" not in json.dumps(data, ensure_ascii=False)


def test_revoked_certificate_page_shows_date_and_reason(client, certificate):
    services.certificate_revoke(certificate=certificate, reason="Cấp nhầm người học")
    type(certificate).objects.filter(pk=certificate.pk).update(
        issued_at=EVENING_UTC - dt.timedelta(days=30), revoked_at=EVENING_UTC)
    html = client.get(f"/verify/{certificate.display_serial}/").content.decode()
    assert "Chứng nhận đã bị thu hồi" in html
    assert "Cấp nhầm người học" in html
    assert LOCAL_DATE in html and UTC_DATE not in html
    assert "Chứng nhận hợp lệ" not in html
    assert "expires" in jsonld_of(html)


def test_unknown_serial_is_a_friendly_404(client, db):
    from certificates import serials

    response = client.get(f"/verify/{serials.display(serials.generate())}/")
    assert response.status_code == 404
    assert "Không tìm thấy chứng nhận này" in response.content.decode()
    malformed = client.get("/verify/HVS-0000-0000-001/")
    assert malformed.status_code == 404
    assert "Số hiệu chưa đúng" in malformed.content.decode()


def test_any_typed_form_of_the_serial_redirects_to_the_canonical_page(client, certificate):
    lowered = certificate.display_serial.lower().replace("-", "")
    response = client.get(f"/verify/{lowered}/")
    assert response.status_code == 301
    assert response["Location"] == f"/verify/{certificate.display_serial}/"


# --- /verify/ --------------------------------------------------------------------------------------


def test_verify_form_normalises_what_people_type(client, certificate):
    s = certificate.serial
    typed = f" hvs {s[:4].lower()} {s[4:8]} - {s[8:]} "
    response = client.get("/verify/", {"serial": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{certificate.display_serial}/"


def test_verify_form_explains_unknown_and_malformed_serials(client, db):
    from certificates import serials

    empty = client.get("/verify/")
    assert empty.status_code == 200
    assert 'name="serial"' in empty.content.decode()
    unknown = client.get("/verify/", {"serial": serials.display(serials.generate())})
    assert unknown.status_code == 404
    assert str(UNKNOWN_SERIAL) in unknown.content.decode()
    malformed = client.get("/verify/", {"serial": "HVS-1234"})
    assert str(MALFORMED_SERIAL) in malformed.content.decode()
    assert 'aria-invalid="true"' in malformed.content.decode()


# --- DID document and revocation list --------------------------------------------------------------


def test_did_document_is_served_at_well_known(client, db):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    document = json.loads(response.content)
    assert document["id"] == "did:web:hocvuso.example.vn"
    assert document["verificationMethod"][0]["id"] == signing.current_key().kid
    assert document["verificationMethod"][0]["publicKeyJwk"] == signing.current_key().jwk


def test_revocation_list_names_revoked_credentials(client, make_certificate):
    kept, revoked = make_certificate(), make_certificate()
    services.certificate_revoke(certificate=revoked, reason="Gian lận")
    data = client.get("/verify/revocations/").json()
    assert [item["id"] for item in data["revokedCredential"]] == [revoked.verify_url]
    assert kept.verify_url not in json.dumps(data)


# --- /verify/credential/ ---------------------------------------------------------------------------


def test_credential_endpoint_json_valid(client, certificate):
    token = signing.sign_certificate(certificate)
    response = client.post("/verify/credential/", {"credential": token}, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["valid"] is True
    assert data["checks"] == {"signature": True, "issuer": True, "expiry": True, "revocation": True}
    assert data["certificate"]["serial"] == certificate.display_serial


def test_credential_endpoint_accepts_a_raw_jwt_body(client, certificate):
    token = signing.sign_certificate(certificate)
    response = client.post("/verify/credential/?format=json", token, content_type="application/vc+jwt")
    assert response.json()["valid"] is True


def test_credential_endpoint_json_reports_tampering_and_revocation(client, certificate):
    token = signing.sign_certificate(certificate)
    head, body, sig = token.split(".")
    tampered = client.post("/verify/credential/", {"credential": f"{head}.{body}x.{sig}"},
                           content_type="application/json").json()
    assert tampered["valid"] is False
    assert tampered["error"]["code"] in {"signature", "malformed"}

    services.certificate_revoke(certificate=certificate, reason="Gian lận trong khi làm bài")
    revoked = client.post("/verify/credential/", {"credential": token}, content_type="application/json").json()
    assert revoked["error"]["code"] == "revoked"
    assert revoked["checks"]["signature"] is True
    assert revoked["certificate"]["revocation_reason"] == "Gian lận trong khi làm bài"

    missing = client.post("/verify/credential/", {}, content_type="application/json")
    assert missing.status_code == 400


def test_credential_human_form(client, certificate):
    assert client.get("/verify/credential/").status_code == 200
    token = signing.sign_certificate(certificate)
    html = client.post("/verify/credential/", {"credential": token}).content.decode()
    assert "Chứng nhận số hợp lệ" in html
    forged = client.post("/verify/credential/", {"credential": token[:-4] + "AAAA"}).content.decode()
    assert "Chứng nhận số không hợp lệ" in forged
    assert str(signing.REASONS["signature"]) in forged


# --- The learner's own certificates ----------------------------------------------------------------

pytestmark_learner = pytest.mark.urls("tests.certificates.urls")


@pytestmark_learner
def test_my_certificates_lists_only_mine(client, make_certificate, make_user):
    mine = make_certificate(achievement_title="Bài kiểm tra của tôi")
    other = make_certificate(achievement_title="Bài kiểm tra của người khác")
    client.force_login(mine.user)
    html = client.get(reverse("my_certificates:list")).content.decode()
    assert "Bài kiểm tra của tôi" in html
    assert "Bài kiểm tra của người khác" not in html
    assert other.display_serial not in html


@pytestmark_learner
def test_anonymous_visitors_are_sent_to_log_in(client, certificate):
    response = client.get(reverse("my_certificates:credential", args=[certificate.display_serial]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytestmark_learner
def test_learner_downloads_own_credential_and_pdf(client, certificate):
    client.force_login(certificate.user)
    response = client.get(reverse("my_certificates:credential", args=[certificate.display_serial]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert f'filename="{certificate.display_serial}.jwt"' in response["Content-Disposition"]
    assert signing.verify_credential(response.content.decode()).valid

    pdf = client.get(reverse("my_certificates:pdf", args=[certificate.display_serial]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


@pytestmark_learner
def test_pdf_is_drawn_on_download_when_the_task_has_not_run(client, certificate):
    type(certificate).objects.filter(pk=certificate.pk).update(pdf="")
    client.force_login(certificate.user)
    pdf = client.get(reverse("my_certificates:pdf", args=[certificate.display_serial]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


@pytestmark_learner
def test_pdf_whose_file_was_lost_is_redrawn_on_download(client, certificate):
    """A row restored without its media (a partial restore) still downloads: the PDF is drawn again."""
    certificate.refresh_from_db()
    if not certificate.pdf:
        from certificates.services import certificate_render_pdf

        certificate_render_pdf(certificate=certificate)
    certificate.pdf.storage.delete(certificate.pdf.name)
    client.force_login(certificate.user)
    pdf = client.get(reverse("my_certificates:pdf", args=[certificate.display_serial]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    certificate.refresh_from_db()
    assert certificate.pdf.storage.exists(certificate.pdf.name)


@pytestmark_learner
def test_someone_elses_certificate_is_404(client, make_certificate, make_user):
    theirs = make_certificate()
    client.force_login(make_user())
    for name in ("my_certificates:credential", "my_certificates:pdf"):
        assert client.get(reverse(name, args=[theirs.display_serial])).status_code == 404


@pytestmark_learner
def test_production_without_a_key_does_not_hand_out_credentials(client, certificate, certificate_settings):
    from certificates.views import SIGNING_UNAVAILABLE

    certificate_settings.CERT_REQUIRE_SIGNING_KEY = True
    client.force_login(certificate.user)
    response = client.get(reverse("my_certificates:credential", args=[certificate.display_serial]))
    assert response.status_code == 503
    assert str(SIGNING_UNAVAILABLE) in response.content.decode()
    assert not (certificate_settings.CERT_KEY_DIR / signing.KEY_FILE_NAME).exists()


def test_verification_page_in_english(client, certificate):
    from pathlib import Path

    import certificates

    if not (Path(certificates.__file__).parent / "locale/en/LC_MESSAGES/django.mo").exists():
        pytest.skip("English catalogue not compiled: run manage.py compile_translations (make test does)")
    html = client.get(f"/verify/{certificate.display_serial}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This certificate is valid" in html
    assert "Awarded to" in html
