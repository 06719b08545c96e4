"""Where a certificate is signed: the issuer's Ed25519 keys, its did:web document, and Open Badges 3.0 VC-JWTs.

Keys
  The current signing key comes from ``CERT_SIGNING_KEY`` (base64 of the 32-byte seed, or a PKCS#8 PEM) or from
  the file named by ``CERT_SIGNING_KEY_FILE`` (same formats: a mounted secret, for instance); setting both is an
  error. In the embedded mode, without either, a key is generated on first use and kept in ``CERT_KEY_DIR`` (``var/keys``, 0600,
  outside the repository). In production (``CERT_REQUIRE_SIGNING_KEY``) signing without it is refused.
  Retired keys stay verifiable: their public halves are listed in ``CERT_PREVIOUS_PUBLIC_KEYS`` and published in
  the DID document. Each key's id (``kid``) is ``<did>#<RFC 7638 thumbprint>``, so it never depends on the order
  of the configuration.

Credentials
  Open Badges 3.0 §8.2 "JSON Web Token Proof Format" (VC Data Model 2.0 edition): the JWT payload is the
  OpenBadgeCredential itself plus the claims ``iss`` (issuer.id), ``jti`` (id), ``nbf`` (validFrom), ``sub``
  (credentialSubject.id) and ``exp`` (validUntil, when there is one). The JOSE header holds only ``alg``
  (``EdDSA``, RFC 8037), ``kid`` and ``typ``. Verification also accepts the VC 1.1 form with a ``vc`` claim.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lms.env import private_dir, private_file

from .selectors import certificate_for_credential_id

ALGORITHM = "EdDSA"
KEY_FILE_NAME = "certificate-signing-ed25519.pem"
OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]

MISSING_KEY_IN_PRODUCTION = (
    "CERT_SIGNING_KEY is not set. Production mode refuses to sign certificates without it: set CERT_SIGNING_KEY to "
    "the base64 of a 32-byte Ed25519 seed (or a PKCS#8 PEM) kept outside the repository, for example from "
    "`python -c \"import base64, os; print(base64.b64encode(os.urandom(32)).decode())\"`, "
    "or set CERT_SIGNING_KEY_FILE to the path of a file holding it."
)
BOTH_KEY_SOURCES = (
    "CERT_SIGNING_KEY and CERT_SIGNING_KEY_FILE are both set: keep one of them, so that it is clear which key signs."
)


class SigningKeyError(ImproperlyConfigured):
    """The signing key is missing or unreadable; the message says how to fix it."""


# --- base64url and key encodings ------------------------------------------------------------------


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    text = text.strip()
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def raw_public_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_jwk(public_key: Ed25519PublicKey) -> dict:
    """RFC 8037 OKP JWK of a public key (never a ``d``)."""
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw_public_bytes(public_key))}


def jwk_thumbprint(jwk: dict) -> str:
    """RFC 7638 thumbprint (SHA-256) of an OKP public JWK."""
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":"))
    return b64url_encode(hashlib.sha256(canonical.encode()).digest())


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """Multikey form (``z6Mk…``): base58btc of the multicodec prefix 0xed01 and the raw key."""
    return "z" + base58btc(b"\xed\x01" + raw_public_bytes(public_key))


def load_private_key(text: str, source: str = "CERT_SIGNING_KEY") -> Ed25519PrivateKey:
    """A private key from a PKCS#8 PEM, or from base64/base64url of the 32-byte seed. ``source`` names where the
    text came from in the error message."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(b64url_decode(text.replace("+", "-").replace("/", "_")))
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"{source} cannot be read as an Ed25519 key ({exc}).") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{source} must be an Ed25519 key.")
    return key


def read_key_file(path: str) -> str:
    """The text of ``CERT_SIGNING_KEY_FILE`` (``SigningKeyError`` naming the path when it cannot be read)."""
    try:
        return Path(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SigningKeyError(
            f"CERT_SIGNING_KEY_FILE={path} cannot be read ({reason}). It must be a file readable by the application "
            "holding the base64 of a 32-byte Ed25519 seed or a PKCS#8 PEM."
        ) from None


def configured_key_file() -> str | None:
    """``settings.CERT_SIGNING_KEY_FILE`` (read from the environment by the settings, like every setting)."""
    value = getattr(settings, "CERT_SIGNING_KEY_FILE", None)
    return str(value) if value else None


def _file_stamp(path: str | None) -> int | None:
    """The key file's modification time: replacing the file (a rotation) is picked up without a restart."""
    try:
        return os.stat(path).st_mtime_ns if path else None
    except OSError:
        return None


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key from base64url of its 32 bytes, a Multikey (``z6Mk…``) or a PEM."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        elif text.startswith("z6Mk"):
            key = Ed25519PublicKey.from_public_bytes(base58btc_decode(text[1:])[2:])
        else:
            key = Ed25519PublicKey.from_public_bytes(b64url_decode(text.replace("+", "-").replace("/", "_")))
    except ValueError as exc:
        raise SigningKeyError(f"CERT_PREVIOUS_PUBLIC_KEYS has a key that cannot be read ({exc}).") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError("CERT_PREVIOUS_PUBLIC_KEYS must hold Ed25519 public keys.")
    return key


# --- The issuer: did:web and its keys --------------------------------------------------------------


def issuer_did(base_url: str | None = None) -> str:
    """``did:web`` of the platform host (``http://127.0.0.1:8000`` → ``did:web:127.0.0.1%3A8000``)."""
    parts = urlsplit(base_url or settings.CERT_BASE_URL)
    did = "did:web:" + quote(parts.netloc, safe="")
    path = [segment for segment in parts.path.split("/") if segment]
    return ":".join([did, *(quote(segment, safe="") for segment in path)])


@dataclass(frozen=True)
class IssuerKey:
    public_key: Ed25519PublicKey
    private_key: Ed25519PrivateKey | None = None

    @property
    def jwk(self) -> dict:
        return public_jwk(self.public_key)

    @property
    def thumbprint(self) -> str:
        return jwk_thumbprint(self.jwk)

    @property
    def kid(self) -> str:
        return f"{issuer_did()}#{self.thumbprint}"


def _key_file() -> Path:
    return Path(settings.CERT_KEY_DIR) / KEY_FILE_NAME


def _generate_key_file(path: Path) -> None:
    """Write a new PEM private key with mode 0600 (never overwriting one written meanwhile)."""
    private_dir(path.parent)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


@lru_cache(maxsize=4)
def _current_key(
    configured: str | None, require: bool, key_file: str, configured_file: str | None = None, _stamp: int | None = None
) -> IssuerKey:
    if configured and configured_file:
        raise SigningKeyError(BOTH_KEY_SOURCES)
    if configured:
        private = load_private_key(configured)
    elif configured_file:
        private = load_private_key(read_key_file(configured_file), source=f"CERT_SIGNING_KEY_FILE={configured_file}")
    elif require:
        raise SigningKeyError(MISSING_KEY_IN_PRODUCTION)
    else:
        path = Path(key_file)
        if not path.exists():
            _generate_key_file(path)
        private_file(path)  # a key file left group- or world-readable (older versions, a copy) is tightened
        private_dir(path.parent)
        private = load_private_key(path.read_text())
    return IssuerKey(public_key=private.public_key(), private_key=private)


def current_key() -> IssuerKey:
    """The key new credentials are signed with (raises ``SigningKeyError`` in production without one)."""
    configured_file = configured_key_file()
    return _current_key(
        settings.CERT_SIGNING_KEY, bool(settings.CERT_REQUIRE_SIGNING_KEY), str(_key_file()), configured_file,
        _file_stamp(configured_file),
    )


def previous_keys() -> list[IssuerKey]:
    return [IssuerKey(public_key=load_public_key(text)) for text in settings.CERT_PREVIOUS_PUBLIC_KEYS]


def published_keys() -> list[IssuerKey]:
    """Keys a verifier may meet: the current one (when configured) first, then the retired ones."""
    keys = []
    try:
        keys.append(current_key())
    except SigningKeyError:
        pass  # production without a key: still publish the retired ones
    seen = {key.thumbprint for key in keys}
    for key in previous_keys():
        if key.thumbprint not in seen:
            keys.append(key)
            seen.add(key.thumbprint)
    return keys


def did_document() -> dict:
    """The DID document served at ``/.well-known/did.json``: one verification method per published key, of type
    JsonWebKey2020, whose id is the ``kid`` our VC-JWTs carry, so a verifier that resolves a credential's ``kid``
    finds the key that verifies it. (Each key used to be listed a second time as a Multikey ``did#z6Mk…`` that no
    credential names: a method a verifier could not use, issue 14.)"""
    did = issuer_did()
    methods = [
        {"id": key.kid, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": key.jwk}
        for key in published_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
    }


# --- JWS -------------------------------------------------------------------------------------------


def jws_sign(payload: bytes, private_key: Ed25519PrivateKey, headers: dict | None = None) -> str:
    """Compact JWS (alg EdDSA) of raw bytes; ``headers`` are added to ``alg`` (``typ`` only when given)."""
    extra = {"typ": None, **(headers or {})}
    return jwt.api_jws.encode(payload, private_key, algorithm=ALGORITHM, headers=extra)


def jws_verify(token: str, public_key: Ed25519PublicKey) -> bytes:
    """The payload bytes of a compact JWS signed by ``public_key`` (raises ``jwt.InvalidSignatureError``)."""
    return jwt.api_jws.decode_complete(token, key=public_key, algorithms=[ALGORITHM])["payload"]


# --- Open Badges 3.0 credential --------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def credential_id(certificate) -> str:
    return certificate.verify_url


def build_credential(certificate) -> dict:
    """The OpenBadgeCredential (VC Data Model 2.0 form) of a certificate. Only the name, the achievement and
    the dates describe the learner: ``credentialSubject.id`` is a per-certificate ``urn:uuid``."""
    base_url = settings.CERT_BASE_URL.rstrip("/")
    is_course = certificate.kind == certificate.Kind.COURSE
    achievement_id = (
        f"urn:uuid:{certificate.achievement_key}" if is_course
        else f"urn:hocvuso:assessment:{certificate.achievement_key}"
    )
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Course" if is_course else "Assessment",
        "name": certificate.achievement_title,
        "description": (
            f"Hoàn thành khóa học “{certificate.achievement_title}” trên nền tảng Bình dân học vụ số."
            if is_course else f"Đạt bài kiểm tra “{certificate.achievement_title}”."
        ),
        "criteria": {
            "narrative": (
                "Hoàn thành mọi bài học và đạt mọi phần kiểm tra nhanh của khóa học."
                if is_course else "Đạt điểm chuẩn của bài kiểm tra năng lực số."
            )
        },
        "inLanguage": "vi",
    }
    subject = {
        "id": f"urn:uuid:{certificate.subject_id}",
        "type": ["AchievementSubject"],
        "identifier": [{
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": certificate.learner_name,
        }],
        "achievement": achievement,
    }
    if certificate.competences:
        descriptions, results = [], []
        for item in certificate.competences:
            code = str(item.get("code", ""))
            description_id = f"urn:hocvuso:{certificate.framework_code or 'framework'}:{code}"
            descriptions.append({
                "id": description_id,
                "type": ["ResultDescription"],
                "name": f"{code} {item.get('name', '')}".strip(),
                "resultType": (
                    "PerformanceLevel" if item.get("level")
                    else "Percent" if item.get("percent") is not None else "Status"
                ),
            })
            result = {"type": ["Result"], "resultDescription": description_id}
            if item.get("level"):
                result["value"] = f"Bậc {item['level']}"
            elif item.get("percent") is not None:
                result["value"] = f"{item['percent']:g}%"
            if item.get("passed") is not None:
                result["status"] = "Completed" if item["passed"] else "Failed"
            results.append(result)
        achievement["resultDescription"] = descriptions
        subject["result"] = results
    if certificate.framework_code:
        achievement["tag"] = [f"{certificate.framework_code} v{certificate.framework_version}".strip()]
    issuer = {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": certificate.issuing_body,
        "url": base_url + "/",
    }
    credential = {
        "@context": OB_CONTEXT,
        "id": credential_id(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.achievement_title,
        "issuer": issuer,
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": subject,
        "credentialStatus": {"id": f"{base_url}/verify/revocations/", "type": "1EdTechRevocationList"},
    }
    if certificate.valid_until:
        credential["validUntil"] = _iso(certificate.valid_until)
    return credential


def sign_credential(credential: dict, key: IssuerKey | None = None) -> str:
    """The VC-JWT of ``credential``, signed with the current key (``SigningKeyError`` when there is none)."""
    key = key or current_key()
    payload = dict(credential)
    payload.update({
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "sub": credential["credentialSubject"]["id"],
        "nbf": int(datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00")).timestamp()),
    })
    if credential.get("validUntil"):
        payload["exp"] = int(datetime.fromisoformat(credential["validUntil"].replace("Z", "+00:00")).timestamp())
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return jws_sign(body, key.private_key, headers={"kid": key.kid, "typ": "JWT"})


def sign_certificate(certificate) -> str:
    return sign_credential(build_credential(certificate))


# --- Verification ----------------------------------------------------------------------------------

# Reasons a credential fails, shown to people (the JSON response carries the code too).
REASONS = {
    "malformed": _("Đây không phải một chứng nhận số hợp lệ (không đọc được JWT)."),
    "algorithm": _("Chứng nhận dùng thuật toán ký không được chấp nhận (chỉ chấp nhận EdDSA)."),
    "unknown_key": _("Khóa ký không phải của đơn vị cấp này."),
    "signature": _("Chữ ký số không khớp: chứng nhận đã bị sửa hoặc không do đơn vị này ký."),
    "issuer": _("Đơn vị cấp trong chứng nhận không phải nền tảng này."),
    "claims": _("Nội dung chứng nhận không khớp với phần đã ký (iss, sub, jti, nbf, exp)."),
    "claim_type": _("Chứng nhận có một trường sai kiểu dữ liệu (ví dụ ngày hết hạn không phải là số), nên không "
                    "phải chứng nhận do nền tảng này cấp."),
    "not_yet_valid": _("Chứng nhận chưa đến ngày có hiệu lực."),
    "expired": _("Chứng nhận đã hết hạn."),
    "unknown_credential": _("Không tìm thấy chứng nhận này trong sổ cấp của nền tảng."),
    "revoked": _("Chứng nhận đã bị thu hồi."),
}


@dataclass
class Verification:
    """What ``verify_credential`` found. ``checks``: signature, issuer, expiry, revocation → True/False/None
    (None: not reached)."""

    valid: bool = False
    reason: str | None = None
    checks: dict = field(default_factory=lambda: {"signature": None, "issuer": None, "expiry": None, "revocation": None})
    credential: dict | None = None
    certificate: object | None = None
    kid: str | None = None
    claim: str | None = None  # with reason "claim_type": the claim whose type is wrong

    @property
    def message(self) -> str:
        return str(REASONS[self.reason]) if self.reason else ""

    def fail(self, reason: str, check: str | None = None) -> Verification:
        self.valid = False
        self.reason = reason
        if check:
            self.checks[check] = False
        return self

    def as_json(self) -> dict:
        data = {"valid": self.valid, "checks": self.checks, "kid": self.kid}
        if self.reason:
            data["error"] = {"code": self.reason, "message": self.message}
            if self.claim:
                data["error"]["claim"] = self.claim
        certificate = self.certificate
        if certificate is not None:
            data["certificate"] = {
                "serial": certificate.display_serial,
                "status": certificate.status,
                "url": certificate.verify_url,
            }
            if certificate.is_revoked:
                data["certificate"]["revoked_at"] = _iso(certificate.revoked_at)
                data["certificate"]["revocation_reason"] = certificate.revocation_reason
        return data


def _key_for(header: dict) -> IssuerKey | None:
    keys = published_keys()
    kid = header.get("kid")
    if kid:
        return next((key for key in keys if key.kid == kid), None) if isinstance(kid, str) else None
    jwk = header.get("jwk")
    if (
        isinstance(jwk, dict) and not jwk.get("d") and jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519"
        and isinstance(jwk.get("x"), str) and jwk["x"]
    ):
        return next((key for key in keys if key.thumbprint == jwk_thumbprint(jwk)), None)
    return None


def _readable_payload(token: str) -> bool:
    try:
        return isinstance(json.loads(b64url_decode(token.split(".")[1])), dict)
    except (IndexError, ValueError):
        return False


def _is_number(value) -> bool:
    """A JWT NumericDate: an int or a finite float, never a bool (``True == 1``) or a string."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_text(value) -> bool:
    return isinstance(value, str) and len(value) <= 2048


def _is_text_or_texts(value) -> bool:
    return _is_text(value) or (isinstance(value, list) and bool(value) and all(_is_text(item) for item in value))


# Claim → (required?, type check). Payload claims (RFC 7519) first, then the credential's own (OB 3.0 / VC 2.0).
_PAYLOAD_CLAIMS = {
    "iss": (True, _is_text),
    "jti": (True, _is_text),
    "sub": (True, _is_text),
    "nbf": (True, _is_number),
    "exp": (False, _is_number),
    "iat": (False, _is_number),
    "vc": (False, lambda value: isinstance(value, dict)),
}
_CREDENTIAL_CLAIMS = {
    "id": (True, _is_text),
    "type": (True, _is_text_or_texts),
    "@context": (False, _is_text_or_texts),
    "issuer": (True, lambda value: _is_text(value) or (isinstance(value, dict) and _is_text(value.get("id")))),
    "credentialSubject": (True, lambda value: isinstance(value, dict) and _is_text(value.get("id", ""))),
    "validFrom": (False, _is_text),
    "issuanceDate": (False, _is_text),
    "validUntil": (False, _is_text),
    "expirationDate": (False, _is_text),
    "name": (False, _is_text),
    "credentialStatus": (False, lambda value: isinstance(value, (dict, list))),
}


def claim_type_problem(payload: dict) -> str | None:
    """The name of the first claim of a signed payload whose type is wrong (``exp: "soon"``, ``id: ["x"]``, a
    missing ``iss``…), or None. Every claim the verification reads is checked here, before it is read: a claim
    of the wrong type is a refusal with the reason ``claim_type``, never an exception."""
    for name, (required, check) in _PAYLOAD_CLAIMS.items():
        if name in payload:
            if not check(payload[name]):
                return name
        elif required:
            return name
    credential = payload.get("vc", payload)
    for name, (required, check) in _CREDENTIAL_CLAIMS.items():
        if name in credential:
            if not check(credential[name]):
                return name if credential is payload else f"vc.{name}"
        elif required:
            return name if credential is payload else f"vc.{name}"
    if not (credential.get("validFrom") or credential.get("issuanceDate")):
        return "validFrom"
    return None


def verify_credential(token: str, *, now: datetime | None = None) -> Verification:
    """Check a VC-JWT as OB 3.0 §8.2.6 says, then its status in our register. Fails with the first reason."""
    result = Verification()
    token = (token or "").strip()
    try:
        header = json.loads(b64url_decode(token.split(".")[0])) if token.count(".") == 2 else None
    except ValueError:
        header = None
    if not isinstance(header, dict):
        return result.fail("malformed")
    if header.get("alg") != ALGORITHM:
        return result.fail("algorithm", "signature")
    key = _key_for(header)
    result.kid = header.get("kid") if isinstance(header.get("kid"), str) else None
    if key is None:
        return result.fail("unknown_key", "issuer")
    try:
        payload = json.loads(jws_verify(token, key.public_key))
    except jwt.InvalidSignatureError:
        return result.fail("signature", "signature")
    except (jwt.DecodeError, ValueError):
        # A readable header and payload with an undecodable signature is a broken signature, not garbage.
        return result.fail("signature" if _readable_payload(token) else "malformed", "signature")
    result.checks["signature"] = True
    if not isinstance(payload, dict):
        return result.fail("malformed")
    bad_claim = claim_type_problem(payload)
    if bad_claim:
        result.claim = bad_claim
        return result.fail("claim_type")
    credential = payload["vc"] if "vc" in payload else payload
    result.credential = credential

    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if payload.get("iss") != issuer_id or issuer_id != issuer_did():
        return result.fail("issuer", "issuer")
    result.checks["issuer"] = True
    subject = credential.get("credentialSubject") or {}
    valid_from = credential.get("validFrom") or credential.get("issuanceDate")
    try:
        valid_from_ts = int(datetime.fromisoformat(str(valid_from).replace("Z", "+00:00")).timestamp())
    except (ValueError, OverflowError, OSError):
        return result.fail("claims")
    valid_until = credential.get("validUntil") or credential.get("expirationDate")
    try:
        valid_until_ts = (
            int(datetime.fromisoformat(valid_until.replace("Z", "+00:00")).timestamp()) if valid_until else None
        )
    except (ValueError, OverflowError, OSError):
        return result.fail("claims")
    if (
        payload.get("jti") != credential.get("id")
        or payload.get("sub") != (subject.get("id") if isinstance(subject, dict) else None)
        or payload.get("nbf") != valid_from_ts
        or (valid_until_ts is not None and payload.get("exp") != valid_until_ts)
    ):
        return result.fail("claims")

    now_ts = (now or datetime.now(UTC)).timestamp()
    if payload["nbf"] > now_ts:
        return result.fail("not_yet_valid", "expiry")
    if payload.get("exp") is not None and payload["exp"] <= now_ts:
        return result.fail("expired", "expiry")
    result.checks["expiry"] = True

    certificate = certificate_for_credential_id(credential.get("id") or "")
    result.certificate = certificate
    if certificate is None:
        return result.fail("unknown_credential", "revocation")
    if certificate.is_revoked:
        return result.fail("revoked", "revocation")
    result.checks["revocation"] = True
    result.valid = True
    return result
