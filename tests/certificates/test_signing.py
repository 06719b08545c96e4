"""Keys, did:web, Open Badges 3.0 VC-JWT: known answers, round trip, and every way a credential must fail."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates import services, signing

from . import vectors
from .conftest import BASE_URL


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def decode_segment(token: str, index: int) -> dict:
    return json.loads(signing.b64url_decode(token.split(".")[index]))


def resign(token: str, payload: dict | None = None, header: dict | None = None, key=None) -> str:
    """A token re-encoded with a changed header/payload, signed by ``key`` (default: the issuer's key)."""
    header = header or decode_segment(token, 0)
    payload = payload or decode_segment(token, 1)
    key = key or signing.current_key().private_key
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return signing.jws_sign(body, key, headers={k: v for k, v in header.items() if k != "alg"})


# --- Known answers ---------------------------------------------------------------------------------


def test_rfc8037_ed25519_jws_known_answer():
    private = Ed25519PrivateKey.from_private_bytes(signing.b64url_decode(vectors.RFC8037_PRIVATE_JWK["d"]))
    public_jwk = signing.public_jwk(private.public_key())
    assert public_jwk == {k: vectors.RFC8037_PRIVATE_JWK[k] for k in ("kty", "crv", "x")}
    assert signing.jwk_thumbprint(public_jwk) == vectors.RFC8037_THUMBPRINT  # RFC 8037 A.3
    # Ed25519 is deterministic: our signing must produce the published JWS exactly.
    assert signing.jws_sign(vectors.RFC8037_PAYLOAD, private) == vectors.RFC8037_JWS
    assert signing.jws_verify(vectors.RFC8037_JWS, private.public_key()) == vectors.RFC8037_PAYLOAD


def test_1edtech_open_badges_ed25519_vector():
    seed = bytes.fromhex(vectors.OB3_PRIVATE_KEY_HEX)[:32]
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = private.public_key()
    assert signing.raw_public_bytes(public).hex() == vectors.OB3_PUBLIC_KEY_HEX
    assert signing.public_key_multibase(public) == vectors.OB3_PUBLIC_KEY_MULTIBASE
    assert signing.load_public_key(vectors.OB3_PUBLIC_KEY_MULTIBASE).public_bytes_raw().hex() == vectors.OB3_PUBLIC_KEY_HEX

    document_hash = hashlib.sha256(vectors.OB3_DOCUMENT_CANONICAL.encode()).digest()
    proof_hash = hashlib.sha256(vectors.OB3_PROOF_CANONICAL.encode()).digest()
    assert document_hash.hex() == vectors.OB3_DOCUMENT_HASH_HEX
    assert proof_hash.hex() == vectors.OB3_PROOF_HASH_HEX
    signature = private.sign(proof_hash + document_hash)
    assert signature.hex() == vectors.OB3_SIGNATURE_HEX
    assert "z" + signing.base58btc(signature) == vectors.OB3_PROOF_VALUE
    assert signing.base58btc_decode(vectors.OB3_PROOF_VALUE[1:]) == signature
    public.verify(signature, proof_hash + document_hash)


# --- Keys and the DID document ---------------------------------------------------------------------


def test_embedded_mode_generates_a_private_key_file_outside_the_repo(certificate_settings):
    key = signing.current_key()
    path = certificate_settings.CERT_KEY_DIR / signing.KEY_FILE_NAME
    assert path.exists()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    signing._current_key.cache_clear()
    assert signing.current_key().thumbprint == key.thumbprint  # kept, not regenerated


def test_production_refuses_to_sign_without_a_key(certificate_settings, certificate):
    certificate_settings.CERT_REQUIRE_SIGNING_KEY = True
    with pytest.raises(signing.SigningKeyError) as error:
        signing.sign_certificate(certificate)
    assert str(error.value) == signing.MISSING_KEY_IN_PRODUCTION
    assert not (certificate_settings.CERT_KEY_DIR / signing.KEY_FILE_NAME).exists()  # none made in production


def test_production_signs_with_the_key_from_the_environment(certificate_settings, certificate):
    seed = os.urandom(32)
    certificate_settings.CERT_REQUIRE_SIGNING_KEY = True
    certificate_settings.CERT_SIGNING_KEY = base64.b64encode(seed).decode()
    token = signing.sign_certificate(certificate)
    expected = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    assert signing.jws_verify(token, expected)
    assert signing.verify_credential(token).valid


def test_unreadable_key_is_a_clear_error(certificate_settings):
    certificate_settings.CERT_SIGNING_KEY = "not-a-key"
    with pytest.raises(signing.SigningKeyError, match="CERT_SIGNING_KEY cannot be read"):
        signing.current_key()


@pytest.mark.parametrize(
    ("base_url", "did"),
    [
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
        ("https://hocvuso.gov.vn", "did:web:hocvuso.gov.vn"),
        ("https://hocvuso.gov.vn/", "did:web:hocvuso.gov.vn"),
    ],
)
def test_issuer_did_web_from_base_url(base_url, did):
    assert signing.issuer_did(base_url) == did


def test_did_document_lists_current_and_previous_keys(certificate_settings):
    old = Ed25519PrivateKey.generate().public_key()
    certificate_settings.CERT_PREVIOUS_PUBLIC_KEYS = [signing.b64url_encode(signing.raw_public_bytes(old))]
    document = signing.did_document()
    assert document["id"] == "did:web:hocvuso.example.vn"
    jwks = [m for m in document["verificationMethod"] if m["type"] == "JsonWebKey2020"]
    assert [m["publicKeyJwk"]["x"] for m in jwks] == [
        signing.current_key().jwk["x"], signing.b64url_encode(signing.raw_public_bytes(old)),
    ]
    assert all("d" not in m["publicKeyJwk"] for m in jwks)
    assert signing.current_key().kid in document["assertionMethod"]
    assert jwks == document["verificationMethod"]  # one method per key (tests/security/test_did_document.py)


# --- The credential --------------------------------------------------------------------------------


def test_vc_jwt_follows_open_badges_3_jwt_proof_format(certificate):
    token = signing.sign_certificate(certificate)
    header, payload = decode_segment(token, 0), decode_segment(token, 1)
    assert header == {"alg": "EdDSA", "kid": signing.current_key().kid, "typ": "JWT"}
    assert header["kid"].startswith("did:web:hocvuso.example.vn#")
    assert "OpenBadgeCredential" in payload["type"]
    assert payload["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert payload["iss"] == payload["issuer"]["id"] == "did:web:hocvuso.example.vn"
    assert payload["jti"] == payload["id"] == f"{BASE_URL}/verify/{certificate.display_serial}/"
    assert payload["sub"] == payload["credentialSubject"]["id"] == f"urn:uuid:{certificate.subject_id}"
    assert payload["nbf"] == int(certificate.issued_at.timestamp())
    assert "exp" not in payload
    subject = payload["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Nguyễn Thị Ánh Tuyết"
    assert subject["achievement"]["name"] == certificate.achievement_title
    assert subject["result"][0]["value"] == "Bậc 2"
    text = json.dumps(payload, ensure_ascii=False)
    assert certificate.user.email not in text and certificate.user.phone not in text


def test_round_trip_verifies(certificate):
    result = signing.verify_credential(signing.sign_certificate(certificate))
    assert result.valid, result.as_json()
    assert result.checks == {"signature": True, "issuer": True, "expiry": True, "revocation": True}
    assert result.certificate == certificate


def test_changed_payload_fails_on_signature(certificate):
    token = signing.sign_certificate(certificate)
    head, body, signature = token.split(".")
    payload = decode_segment(token, 1)
    payload["credentialSubject"]["identifier"][0]["identityHash"] = "Kẻ Mạo Danh"
    forged_body = b64(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())
    result = signing.verify_credential(f"{head}.{forged_body}.{signature}")
    assert (result.valid, result.reason, result.checks["signature"]) == (False, "signature", False)


def test_changed_signature_fails(certificate):
    token = signing.sign_certificate(certificate)
    head, body, signature = token.split(".")
    raw = bytearray(signing.b64url_decode(signature))
    raw[0] ^= 0x01
    result = signing.verify_credential(f"{head}.{body}.{b64(bytes(raw))}")
    assert (result.valid, result.reason) == (False, "signature")


def test_signed_by_another_key_under_our_kid_fails_on_signature(certificate):
    token = signing.sign_certificate(certificate)
    forged = resign(token, key=Ed25519PrivateKey.generate())
    assert signing.verify_credential(forged).reason == "signature"


def test_unknown_kid_fails_as_not_our_key(certificate):
    token = signing.sign_certificate(certificate)
    header = decode_segment(token, 0) | {"kid": "did:web:evil.example#key-1"}
    result = signing.verify_credential(resign(token, header=header, key=Ed25519PrivateKey.generate()))
    assert (result.reason, result.checks["issuer"]) == ("unknown_key", False)


def test_other_issuer_signed_with_our_key_fails_on_issuer(certificate):
    token = signing.sign_certificate(certificate)
    payload = decode_segment(token, 1)
    payload["issuer"]["id"] = payload["iss"] = "did:web:evil.example"
    assert signing.verify_credential(resign(token, payload=payload)).reason == "issuer"


def test_claims_that_disagree_with_the_credential_fail(certificate):
    token = signing.sign_certificate(certificate)
    payload = decode_segment(token, 1) | {"sub": "urn:uuid:00000000-0000-0000-0000-000000000000"}
    assert signing.verify_credential(resign(token, payload=payload)).reason == "claims"


def test_expired_credential_fails(make_certificate):
    certificate = make_certificate(valid_until=datetime.now(UTC) + timedelta(days=30))
    token = signing.sign_certificate(certificate)
    assert decode_segment(token, 1)["exp"] == int(certificate.valid_until.timestamp())
    assert signing.verify_credential(token).valid
    later = signing.verify_credential(token, now=datetime.now(UTC) + timedelta(days=31))
    assert (later.valid, later.reason, later.checks["expiry"]) == (False, "expired", False)


def test_not_yet_valid_credential_fails(certificate):
    token = signing.sign_certificate(certificate)
    result = signing.verify_credential(token, now=certificate.issued_at - timedelta(days=1))
    assert result.reason == "not_yet_valid"


def test_revoked_credential_fails_with_date_and_reason(certificate):
    token = signing.sign_certificate(certificate)
    services.certificate_revoke(certificate=certificate, reason="Gian lận trong khi làm bài")
    result = signing.verify_credential(token)
    assert (result.valid, result.reason, result.checks["signature"]) == (False, "revoked", True)
    data = result.as_json()
    assert data["certificate"]["revocation_reason"] == "Gian lận trong khi làm bài"
    assert data["certificate"]["revoked_at"]


def test_credential_of_a_certificate_not_in_the_register_fails(certificate):
    token = signing.sign_certificate(certificate)
    certificate.delete()
    assert signing.verify_credential(token).reason == "unknown_credential"


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"])
def test_malformed_or_other_algorithms_fail(token):
    assert signing.verify_credential(token).reason in {"malformed", "algorithm"}


def test_rotation_keeps_old_credentials_verifiable(certificate_settings, certificate):
    old_seed = os.urandom(32)
    certificate_settings.CERT_SIGNING_KEY = base64.b64encode(old_seed).decode()
    old_token = signing.sign_certificate(certificate)
    old_public = signing.current_key().jwk["x"]

    certificate_settings.CERT_SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()
    assert signing.verify_credential(old_token).reason == "unknown_key"  # retired and not published
    certificate_settings.CERT_PREVIOUS_PUBLIC_KEYS = [old_public]
    assert signing.verify_credential(old_token).valid
    new_token = signing.sign_certificate(certificate)
    assert decode_segment(new_token, 0)["kid"] != decode_segment(old_token, 0)["kid"]
    assert signing.verify_credential(new_token).valid


def test_vc_1_1_form_with_a_vc_claim_is_accepted(certificate):
    credential = signing.build_credential(certificate)
    key = signing.current_key()
    payload = {
        "iss": credential["issuer"]["id"], "jti": credential["id"], "sub": credential["credentialSubject"]["id"],
        "nbf": int(certificate.issued_at.timestamp()), "vc": credential,
    }
    token = signing.jws_sign(json.dumps(payload).encode(), key.private_key, headers={"kid": key.kid, "typ": "JWT"})
    assert signing.verify_credential(token).valid


def test_a_truncated_signature_is_reported_as_a_signature_failure(certificate):
    token = signing.sign_certificate(certificate)
    for broken in (token[:-3] + "abc", token[:-10], token.rsplit(".", 1)[0] + "."):
        result = signing.verify_credential(broken)
        assert (result.valid, result.reason) == (False, "signature"), broken[-12:]


# --- CERT_SIGNING_KEY_FILE -------------------------------------------------------------------------


def _pem(private) -> str:
    from cryptography.hazmat.primitives import serialization

    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.mark.parametrize("form", ["pem", "base64"])
def test_production_signs_with_the_key_from_a_file(certificate_settings, certificate, tmp_path, form):
    private = Ed25519PrivateKey.generate()
    path = tmp_path / "secrets" / "cert-key"
    path.parent.mkdir()
    path.write_text(_pem(private) if form == "pem" else base64.b64encode(private.private_bytes_raw()).decode() + "\n")
    certificate_settings.CERT_REQUIRE_SIGNING_KEY = True
    certificate_settings.CERT_SIGNING_KEY_FILE = str(path)
    token = signing.sign_certificate(certificate)
    assert signing.jws_verify(token, private.public_key())
    assert signing.verify_credential(token).valid
    assert not (certificate_settings.CERT_KEY_DIR / signing.KEY_FILE_NAME).exists()


def test_key_file_comes_from_settings_only(certificate_settings, certificate, tmp_path, monkeypatch):
    """signing.py reads settings, not the environment (issue 18); the settings read CERT_SIGNING_KEY_FILE from the
    environment (tests/lms/test_settings_layout.py::test_the_signing_key_file_setting_reads_the_environment)."""
    private = Ed25519PrivateKey.generate()
    path = tmp_path / "cert-key.pem"
    path.write_text(_pem(private))
    monkeypatch.setenv("CERT_SIGNING_KEY_FILE", str(path))  # ignored: settings say None (the fixture)
    assert signing.configured_key_file() is None
    assert signing.current_key().jwk != signing.public_jwk(private.public_key())  # the embedded-mode key instead
    certificate_settings.CERT_SIGNING_KEY_FILE = str(path)
    signing._current_key.cache_clear()
    certificate_settings.CERT_REQUIRE_SIGNING_KEY = True
    assert signing.current_key().jwk == signing.public_jwk(private.public_key())


def test_missing_key_file_is_a_clear_error(certificate_settings, tmp_path):
    missing = tmp_path / "nowhere" / "cert-key.pem"
    certificate_settings.CERT_REQUIRE_SIGNING_KEY = True
    certificate_settings.CERT_SIGNING_KEY_FILE = str(missing)
    with pytest.raises(signing.SigningKeyError) as error:
        signing.current_key()
    assert f"CERT_SIGNING_KEY_FILE={missing} cannot be read (No such file or directory)" in str(error.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_key_file_is_a_clear_error(certificate_settings, tmp_path):
    path = tmp_path / "cert-key.pem"
    path.write_text(_pem(Ed25519PrivateKey.generate()))
    path.chmod(0)
    certificate_settings.CERT_SIGNING_KEY_FILE = str(path)
    with pytest.raises(signing.SigningKeyError, match="Permission denied"):
        signing.current_key()


def test_key_file_with_garbage_is_a_clear_error(certificate_settings, tmp_path):
    path = tmp_path / "cert-key.pem"
    path.write_text("this is not a key")
    certificate_settings.CERT_SIGNING_KEY_FILE = str(path)
    with pytest.raises(signing.SigningKeyError, match=f"CERT_SIGNING_KEY_FILE={path} cannot be read as an Ed25519"):
        signing.current_key()


def test_key_in_both_the_environment_and_a_file_is_refused(certificate_settings, tmp_path):
    path = tmp_path / "cert-key.pem"
    path.write_text(_pem(Ed25519PrivateKey.generate()))
    certificate_settings.CERT_SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()
    certificate_settings.CERT_SIGNING_KEY_FILE = str(path)
    with pytest.raises(signing.SigningKeyError, match="both set"):
        signing.current_key()


def test_rotation_with_key_files_keeps_credentials_signed_with_the_previous_key(certificate_settings, certificate,
                                                                               tmp_path):
    """Rotate by replacing the mounted key file: the previous key's public half, listed in
    CERT_PREVIOUS_PUBLIC_KEYS, keeps earlier credentials verifiable (and is published in the DID document)."""
    path = tmp_path / "cert-key.pem"
    previous = Ed25519PrivateKey.generate()
    path.write_text(_pem(previous))
    certificate_settings.CERT_REQUIRE_SIGNING_KEY = True
    certificate_settings.CERT_SIGNING_KEY_FILE = str(path)
    old_token = signing.sign_certificate(certificate)
    previous_x = signing.current_key().jwk["x"]

    current = Ed25519PrivateKey.generate()
    path.write_text(_pem(current))
    os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 10**9))  # a later file, for sure
    assert signing.current_key().jwk == signing.public_jwk(current.public_key())  # picked up without a restart
    assert signing.verify_credential(old_token).reason == "unknown_key"

    certificate_settings.CERT_PREVIOUS_PUBLIC_KEYS = [previous_x]
    result = signing.verify_credential(old_token)
    assert result.valid, result.as_json()
    assert result.kid == f"did:web:hocvuso.example.vn#{signing.jwk_thumbprint(signing.public_jwk(previous.public_key()))}"
    assert previous_x in [m["publicKeyJwk"]["x"] for m in signing.did_document()["verificationMethod"]
                          if m["type"] == "JsonWebKey2020"]
    new_token = signing.sign_certificate(certificate)
    assert signing.jws_verify(new_token, current.public_key())
    assert signing.verify_credential(new_token).valid
