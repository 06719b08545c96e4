"""Issue 14, hole 9: ``/.well-known/did.json`` listed each key twice, the second time as a Multikey whose id
(``did#z6Mk…``) no credential names, so a verifier could not use it. Every method listed must verify the
platform's credentials: the test resolves the document over HTTP as a did:web verifier does and, for each method,
verifies a real credential whose ``kid`` is that method's id, with the key the method publishes."""

from __future__ import annotations

import base64
import json
import os
from urllib.parse import unquote

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from certificates import signing
from tests.certificates.conftest import *  # noqa: F403 - certificate_settings, make_certificate


def _resolve(client, did: str) -> dict:
    """did:web resolution (did:web:host%3Aport → https://host:port/.well-known/did.json), served by the test client."""
    assert did.startswith("did:web:") and ":" not in did.removeprefix("did:web:")
    host = unquote(did.removeprefix("did:web:"))
    response = client.get("/.well-known/did.json", HTTP_HOST=host.split(":")[0])
    assert response.status_code == 200 and response["Content-Type"] == "application/did+json"
    return response.json()


def _method_key(method: dict) -> Ed25519PublicKey:
    if method["type"] in ("JsonWebKey2020", "JsonWebKey"):
        jwk = method["publicKeyJwk"]
        assert (jwk["kty"], jwk["crv"], "d" in jwk) == ("OKP", "Ed25519", False)
        return Ed25519PublicKey.from_public_bytes(signing.b64url_decode(jwk["x"]))
    if method["type"] in ("Multikey", "Ed25519VerificationKey2020"):
        raw = signing.base58btc_decode(method["publicKeyMultibase"][1:])
        assert raw[:2] == b"\xed\x01"
        return Ed25519PublicKey.from_public_bytes(raw[2:])
    raise AssertionError(f"a method type a verifier of Ed25519 VC-JWTs does not know: {method['type']}")


def _header(token: str) -> dict:
    return json.loads(signing.b64url_decode(token.split(".")[0]))


def test_every_listed_method_verifies_the_platforms_credentials(client, certificate_settings, make_certificate):
    certificate_settings.ALLOWED_HOSTS = ["*"]
    # A credential signed with a key since retired, and one signed with the current key.
    certificate_settings.CERT_SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()
    signing._current_key.cache_clear()
    old_token = signing.sign_certificate(make_certificate())
    old_public = signing.current_key().jwk["x"]
    certificate_settings.CERT_SIGNING_KEY = base64.b64encode(os.urandom(32)).decode()
    certificate_settings.CERT_PREVIOUS_PUBLIC_KEYS = [old_public]
    signing._current_key.cache_clear()
    new_token = signing.sign_certificate(make_certificate())
    tokens = [old_token, new_token]

    issuer = json.loads(signing.b64url_decode(new_token.split(".")[1]))["iss"]
    document = _resolve(client, issuer)
    assert document["id"] == issuer
    methods = document["verificationMethod"]
    assert len(methods) == 2, "one method per published key"
    assert sorted(document["assertionMethod"]) == sorted(method["id"] for method in methods)
    for method in methods:
        assert method["controller"] == issuer and method["id"].startswith(issuer + "#")
        named = [token for token in tokens if _header(token)["kid"] == method["id"]]
        assert named, f"no credential names {method['id']}: a verifier cannot use it"
        for token in named:
            payload = jwt.api_jws.decode(token, key=_method_key(method), algorithms=["EdDSA"])
            assert json.loads(payload)["iss"] == issuer
    for token in tokens:  # and every credential's kid is listed
        assert _header(token)["kid"] in {method["id"] for method in methods}
        assert signing.verify_credential(token).valid
