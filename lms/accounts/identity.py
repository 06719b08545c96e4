"""National identity (OpenID Connect): the rules, without HTTP views.

The provider is configured entirely by environment (``lms/settings.py``, "National identity"; ``docs/identity.md``).
What this module decides:

- ``verify_id_token``: an ID token is accepted only when its signature verifies against a key of the provider's
  JWKS (fetched from the discovery document's ``jwks_uri``, kept for an hour, fetched again when a token names a key
  it does not hold: the provider rotated its keys), with an asymmetric algorithm, from the configured issuer, for
  this client (``aud``, and ``azp`` when there are several audiences), with the ``nonce`` this browser's sign-in
  started with, not expired and not issued in the future beyond ``OIDC_CLOCK_SKEW`` seconds, nor longer ago than
  ``OIDC_ID_TOKEN_MAX_AGE``. allauth's own check skips the signature when the token came from the token endpoint;
  this one never does.
- ``national_id_uid``: the national ID number is never stored. An account is found by a keyed hash of it
  (HMAC-SHA256 with ``OIDC_ID_PEPPER``), kept as allauth's ``SocialAccount.uid``.
- ``identity_claims``: the few claims the platform keeps (full name, birth year, phone), read from the verified
  token (and from the userinfo answer only when it names the same subject).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from datetime import date

import jwt
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

PROVIDER = "openid_connect"  # allauth's provider; the app's provider_id is settings.OIDC["PROVIDER_ID"]


def provider_id() -> str:
    """What allauth stores in ``SocialAccount.provider`` for the national identity (the app's provider_id)."""
    return settings.OIDC["PROVIDER_ID"]


PROVIDER_DOWN = _(
    "Dịch vụ định danh quốc gia đang không phản hồi, nên chưa đăng nhập được bằng cách này. Bạn vẫn có thể "
    "đăng nhập bằng email hoặc số điện thoại, hoặc thử lại sau ít phút."
)
VERIFY_FAILED = _(
    "Không xác minh được danh tính từ dịch vụ định danh quốc gia, nên chưa có gì thay đổi. Vui lòng thử lại, "
    "hoặc đăng nhập bằng email hoặc số điện thoại."
)
ALREADY_LINKED = _(
    "Tài khoản của bạn đã liên kết với một danh tính khác. Hãy huỷ liên kết cũ trong Hồ sơ trước khi liên kết "
    "danh tính mới."
)
LINKED_ELSEWHERE = _(
    "Danh tính này đã liên kết với một tài khoản khác. Hãy đăng nhập bằng định danh quốc gia để vào tài khoản đó."
)
EMAIL_TAKEN = _(
    "Email này đã có tài khoản. Hãy đăng nhập tài khoản đó (bằng email hoặc số điện thoại), rồi liên kết với "
    "%s trong Hồ sơ."
)
LINKED = _("Đã liên kết tài khoản với định danh quốc gia. Từ nay bạn có thể đăng nhập bằng cách này.")
UNLINKED = _("Đã huỷ liên kết với định danh quốc gia. Bạn đăng nhập bằng email hoặc số điện thoại như trước.")
CANNOT_UNLINK = _(
    "Chưa huỷ liên kết được: tài khoản này chỉ đăng nhập được bằng định danh quốc gia. Hãy đặt mật khẩu "
    "(Quên mật khẩu, qua email) trước, rồi huỷ liên kết."
)
REQUIRES_VERIFIED = _(
    "Bài kiểm tra này yêu cầu xác minh danh tính bằng định danh quốc gia trước khi làm bài."
)


class IdentityError(Exception):
    """The provider's answer cannot be trusted: nothing is created or changed."""


class ProviderUnavailable(IdentityError):
    """The provider could not be reached or answered with an error."""


def config() -> dict:
    return settings.OIDC


def is_configured() -> bool:
    return bool(config().get("ISSUER"))


# --- The national ID number: a keyed hash, never the number ----------------------------------------------------------
def normalise_national_id(value) -> str:
    return re.sub(r"[\s.-]", "", str(value or "")).upper()


def national_id_uid(value) -> str:
    """The ``SocialAccount.uid`` for a national ID number: HMAC-SHA256 under the pepper, hex."""
    number = normalise_national_id(value)
    if not number:
        raise IdentityError("no national ID claim")
    pepper = config()["PEPPER"].encode()
    return hmac.new(pepper, number.encode(), hashlib.sha256).hexdigest()


# --- Keys ----------------------------------------------------------------------------------------------------------
JWKS_SECONDS = 3600
JWKS_REFRESH_SECONDS = 10  # a token naming an unknown key fetches the JWKS again at most this often


def _jwks_key(uri: str) -> str:
    return "oidc:jwks:" + hashlib.sha256(uri.encode()).hexdigest()[:32]


def _fetch_jwks(uri: str, session) -> dict:
    import requests

    try:
        response = session.get(uri)
        response.raise_for_status()
        keys = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"JWKS: {error}") from error
    if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
        raise IdentityError("JWKS without keys")
    cache.set(_jwks_key(uri), keys, JWKS_SECONDS)
    return keys


def _find(keys: dict, kid, alg: str):
    for jwk in keys.get("keys", []):
        if jwk.get("use", "sig") != "sig":
            continue
        if kid is not None and jwk.get("kid") != kid:
            continue
        if jwk.get("alg") not in (None, alg):
            continue
        try:
            return jwt.PyJWK(jwk, algorithm=alg).key
        except jwt.PyJWTError:
            continue
    return None


def signing_key(uri: str, kid, alg: str, session):
    """The public key ``kid`` of the JWKS at ``uri``: from the cache, else (or when the cache lacks it: a rotation)
    fetched again, at most once per ``JWKS_REFRESH_SECONDS``."""
    keys = cache.get(_jwks_key(uri))
    key = _find(keys, kid, alg) if keys else None
    if key is None and (keys is None or cache.add(_jwks_key(uri) + ":refresh", 1, JWKS_REFRESH_SECONDS)):
        key = _find(_fetch_jwks(uri, session), kid, alg)
    if key is None:
        raise IdentityError(f"no key {kid!r} for {alg} in the provider's JWKS")
    return key


# --- The ID token ----------------------------------------------------------------------------------------------------
def verify_id_token(token: str, *, issuer: str, client_id: str, jwks_uri: str, nonce: str | None, session,
                    now: float | None = None) -> dict:
    """The verified claims of ``token``, or ``IdentityError`` (the rules are in the module's docstring)."""
    cfg = config()
    now = time.time() if now is None else now
    leeway = cfg["CLOCK_SKEW"]
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise IdentityError("not a JWT") from error
    alg = header.get("alg")
    if alg not in cfg["ALGORITHMS"]:
        raise IdentityError(f"algorithm {alg!r} not accepted")
    key = signing_key(jwks_uri, header.get("kid"), alg, session)
    try:
        claims = jwt.decode(
            token, key=key, algorithms=[alg], audience=client_id, issuer=issuer, leeway=leeway,
            options={"require": ["iss", "sub", "aud", "exp", "iat"], "verify_iat": False, "verify_exp": False,
                     "verify_nbf": False},
        )
    except jwt.PyJWTError as error:
        raise IdentityError(f"ID token rejected: {error}") from error
    # Times checked here, against the injected clock, with the bounded skew.
    try:
        exp, iat = float(claims["exp"]), float(claims["iat"])
        nbf = float(claims.get("nbf", iat))
    except (TypeError, ValueError) as error:
        raise IdentityError("non-numeric times") from error
    if exp < now - leeway:
        raise IdentityError("ID token expired")
    if iat > now + leeway or nbf > now + leeway:
        raise IdentityError("ID token issued in the future")
    if iat < now - cfg["ID_TOKEN_MAX_AGE"] - leeway:
        raise IdentityError("ID token too old")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise IdentityError("several audiences and azp is not this client")
    if not nonce or not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise IdentityError("nonce does not match this sign-in")
    return claims


# --- Claims kept -------------------------------------------------------------------------------------------------------
def merged_claims(id_token: dict, userinfo: dict | None) -> dict:
    """The ID token's claims, completed by userinfo's only when userinfo names the same subject."""
    merged = dict(id_token)
    if userinfo:
        if str(userinfo.get("sub")) != str(id_token.get("sub")):
            raise IdentityError("userinfo names another subject")
        for name, value in userinfo.items():
            merged.setdefault(name, value)
    return merged


def identity_claims(claims: dict) -> dict:
    """What the platform keeps from a verified identity: ``uid`` (the keyed hash), ``full_name``, ``birth_year``,
    ``phone`` (any may be empty). The national ID number itself is dropped here."""
    names = config()["CLAIMS"]
    uid = national_id_uid(claims.get(names["national_id"]))
    birth_year = None
    raw_birth = str(claims.get(names["birthdate"]) or "")
    match = re.match(r"^(\d{4})", raw_birth)
    if match and 1900 <= int(match.group(1)) <= date.today().year:
        birth_year = int(match.group(1))
    return {
        "uid": uid,
        "full_name": " ".join(str(claims.get(names["full_name"]) or "").split())[:150],
        "birth_year": birth_year,
        "phone": str(claims.get(names["phone"]) or ""),
        "phone_verified": claims.get(f"{names['phone']}_verified") is True,
    }


def stored_extra_data(claims: dict) -> dict:
    """``SocialAccount.extra_data``: the issuer and when the identity was last verified; no personal claim."""
    return {"iss": claims.get("iss"), "verified_at": int(time.time()), "acr": claims.get("acr")}

