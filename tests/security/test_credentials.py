"""Issue 14, hole 5: ``POST /verify/credential/`` answered 500 for a correctly signed credential whose claims had
the wrong type (``exp: "soon"``, ``id: ["x"]``). Every claim is now type-checked before it is read
(``certificates.signing.claim_type_problem``): a bad one is a refusal with the reason code ``claim_type`` and the
claim's name."""

from __future__ import annotations

import json

import pytest

from certificates import signing
from tests.certificates.conftest import *  # noqa: F403 - certificate_settings, make_certificate


def _signed(payload: dict, header: dict | None = None) -> str:
    """A compact JWS signed by the issuer's key, written by hand so that any header can be sent."""
    key = signing.current_key()
    header = {"alg": "EdDSA", **(header or {"kid": key.kid, "typ": "JWT"})}
    signing_input = ".".join(signing.b64url_encode(json.dumps(part, separators=(",", ":")).encode())
                             for part in (header, payload))
    return f"{signing_input}.{signing.b64url_encode(key.private_key.sign(signing_input.encode()))}"


def _payload(certificate) -> dict:
    token = signing.sign_certificate(certificate)
    return json.loads(signing.b64url_decode(token.split(".")[1]))


def _without(data: dict, name: str) -> dict:
    return {key: value for key, value in data.items() if key != name}


BAD_CLAIMS = [
    ("exp", lambda p: p | {"exp": "soon"}),
    ("id", lambda p: p | {"id": ["x"]}),
    ("jti", lambda p: p | {"jti": ["x"], "id": ["x"]}),
    ("nbf", lambda p: p | {"nbf": "yesterday"}),
    ("nbf", lambda p: p | {"nbf": True}),
    ("exp", lambda p: p | {"exp": None}),
    ("exp", lambda p: p | {"exp": {"at": 1}}),
    ("iss", lambda p: p | {"iss": 1}),
    ("iss", lambda p: _without(p, "iss")),
    ("sub", lambda p: p | {"sub": {"id": "x"}}),
    ("issuer", lambda p: p | {"issuer": ["did:web:x"]}),
    ("issuer", lambda p: p | {"issuer": {"id": 5}}),
    ("credentialSubject", lambda p: p | {"credentialSubject": "urn:uuid:x"}),
    ("credentialSubject", lambda p: p | {"credentialSubject": {"id": ["urn:uuid:x"]}}),
    ("validFrom", lambda p: p | {"validFrom": 1700000000}),
    ("validFrom", lambda p: _without(p, "validFrom")),
    ("validUntil", lambda p: p | {"validUntil": ["2030-01-01T00:00:00Z"]}),
    ("type", lambda p: p | {"type": {"a": 1}}),
    ("vc", lambda p: p | {"vc": "credential"}),
    ("vc.id", lambda p: {key: p[key] for key in ("iss", "jti", "sub", "nbf")} | {"vc": p | {"id": ["x"]}}),
]


@pytest.mark.parametrize(("claim", "change"), BAD_CLAIMS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(BAD_CLAIMS)])
def test_a_signed_credential_with_a_claim_of_the_wrong_type_is_refused_with_a_reason(client, make_certificate,
                                                                                   claim, change):
    token = _signed(change(_payload(make_certificate())))
    response = client.post("/verify/credential/", {"credential": token}, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["valid"] is False
    assert data["checks"]["signature"] is True
    assert data["error"] == {"code": "claim_type", "claim": claim, "message": str(signing.REASONS["claim_type"])}
    page = client.post("/verify/credential/", {"credential": token})  # the human form
    assert page.status_code == 200 and str(signing.REASONS["claim_type"]) in page.content.decode()


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_a_non_finite_expiry_is_refused(make_certificate, value):
    payload = _payload(make_certificate()) | {"exp": value}  # json.dumps writes NaN / Infinity
    result = signing.verify_credential(_signed(payload))
    assert (result.valid, result.reason, result.claim) == (False, "claim_type", "exp")


def test_an_expiry_that_disagrees_with_valid_until_is_refused(make_certificate):
    payload = _payload(make_certificate()) | {"validUntil": "2020-01-01T00:00:00Z"}  # exp absent: never expires
    assert signing.verify_credential(_signed(payload)).reason == "claims"


@pytest.mark.parametrize("header", [
    {"kid": ["x"]}, {"kid": {"a": 1}}, {"jwk": {"kty": "OKP", "x": "abc"}}, {"jwk": {"kty": "OKP", "crv": 1, "x": []}},
])
def test_odd_key_headers_are_refused_as_unknown_keys(client, make_certificate, header):
    payload = _payload(make_certificate())
    token = _signed(payload, header=header)
    response = client.post("/verify/credential/", {"credential": token}, content_type="application/json")
    assert response.status_code == 200 and response.json()["error"]["code"] == "unknown_key"


def test_a_well_typed_credential_still_verifies(make_certificate):
    certificate = make_certificate()
    assert signing.verify_credential(_signed(_payload(certificate))).valid
