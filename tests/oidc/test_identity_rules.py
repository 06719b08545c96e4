"""lms.accounts.identity's rules without a provider: the clock skew bound (clock injected), audiences, the keyed
hash. The provider-backed checks are in test_identity_flow.py."""

from __future__ import annotations

import time

import jwt
import pytest
from django.core.cache import cache

from lms.accounts import identity

from .harness import new_key

ISSUER, CLIENT, JWKS_URI = "https://id.example.vn", "hocvuso", "https://id.example.vn/jwks"
NOW = 1_800_000_000


@pytest.fixture
def signer(settings):
    settings.OIDC = {**settings.OIDC, "CLOCK_SKEW": 60, "ID_TOKEN_MAX_AGE": 600, "PEPPER": "p"}
    key = new_key()
    public = {k: key[k] for k in ("kty", "n", "e", "kid", "alg", "use")}
    cache.set(identity._jwks_key(JWKS_URI), {"keys": [public]}, 60)
    private = jwt.PyJWK(key).key

    def sign(**claims):
        body = {"iss": ISSUER, "aud": CLIENT, "sub": "s", "iat": NOW, "exp": NOW + 300, "nonce": "n", **claims}
        return jwt.encode(body, private, algorithm="RS256", headers={"kid": key["kid"]})
    return sign


def verify(token, now=NOW):
    return identity.verify_id_token(token, issuer=ISSUER, client_id=CLIENT, jwks_uri=JWKS_URI, nonce="n",
                                    session=None, now=now)


@pytest.mark.parametrize(("claims", "now", "accepted"), [
    ({}, NOW, True),
    ({}, NOW + 300 + 59, True),  # expired 59 s ago: within the skew
    ({}, NOW + 300 + 61, False),  # expired 61 s ago
    ({"iat": NOW + 59}, NOW, True),  # the provider's clock 59 s ahead
    ({"iat": NOW + 61, "exp": NOW + 400}, NOW, False),  # issued in the future beyond the skew
    ({"nbf": NOW + 120}, NOW, False),
    ({"iat": NOW - 700, "exp": NOW + 60}, NOW, False),  # older than ID_TOKEN_MAX_AGE + skew
    ({"aud": [CLIENT, "other"], "azp": "other"}, NOW, False),
    ({"aud": [CLIENT, "other"], "azp": CLIENT}, NOW, True),
    ({"aud": "other"}, NOW, False),
    ({"iss": "https://evil.example"}, NOW, False),
    ({"nonce": "m"}, NOW, False),
])
def test_times_audiences_issuer_nonce(signer, claims, now, accepted):
    token = signer(**claims)
    if accepted:
        assert verify(token, now)["sub"] == "s"
    else:
        with pytest.raises(identity.IdentityError):
            verify(token, now)


def test_the_national_id_hash_is_keyed_and_normalised(settings):
    settings.OIDC = {**settings.OIDC, "PEPPER": "one"}
    first = identity.national_id_uid("001 090.000-001")
    assert first == identity.national_id_uid("001090000001") and len(first) == 64 and "001090000001" not in first
    settings.OIDC = {**settings.OIDC, "PEPPER": "two"}
    assert identity.national_id_uid("001090000001") != first
    with pytest.raises(identity.IdentityError):
        identity.national_id_uid(" ")


def test_time_is_real_by_default(signer):
    assert verify(signer(iat=int(time.time()), exp=int(time.time()) + 60), now=None)
