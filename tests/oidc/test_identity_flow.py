"""The national identity at the HTTP level, against the real OpenID Connect provider on loopback (harness.py):
first sign-in, the code flow's protections (PKCE, state, nonce, a replayed code, a tampered token, a token for
another site, rotated keys) and a provider that is down. The browser journeys are in
tests/e2e/test_national_identity.py."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Client

from lms.accounts import identity
from lms.accounts.models import User
from lms.accounts.selectors import is_identity_verified
from lms.privacy.models import Consent

from .harness import CLIENT_ID, OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, PEOPLE, PROVIDER_ID, sign_in_at_provider

pytestmark = pytest.mark.django_db

LOGIN_URL = f"/accounts/oidc/{PROVIDER_ID}/login/"


def start(client, process="login") -> str:
    response = client.post(LOGIN_URL, {"process": process})
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


def finish_signup(client, email="an.nguyen@example.vn"):
    response = client.get("/accounts/3rdparty/signup/")
    assert response.status_code == 200
    return client.post("/accounts/3rdparty/signup/", {"email": email, "privacy_consent": "on"})


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_first_sign_in_creates_one_verified_account_without_storing_the_number(client, identity_settings):
    authorize = start(client)
    query = parse_qs(urlsplit(authorize).query)
    # Authorisation code flow with PKCE (S256), state and nonce.
    assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
    assert query["state"][0] and query["nonce"][0] and query["code_challenge"][0]
    assert authorize.startswith(identity_settings.issuer)

    callback = sign_in_at_provider(authorize, "an")
    response = client.get(callback)
    assert response.status_code == 302 and response["Location"].endswith("/accounts/3rdparty/signup/")
    assert not User.objects.filter(full_name="Nguyễn Thị An").exists()  # nothing before the consent

    response = finish_signup(client)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    user = User.objects.get(email="an.nguyen@example.vn")
    assert user.full_name == "Nguyễn Thị An" and user.birth_year == 1990 and user.phone == "+84912000001"
    assert is_identity_verified(user)
    assert Consent.objects.filter(user=user).exists()
    account = SocialAccount.objects.get(user=user)
    assert account.uid == identity.national_id_uid("001090000001") and len(account.uid) == 64
    stored = json.dumps(account.extra_data) + account.uid
    assert "001090000001" not in stored and "Nguyễn" not in stored
    assert client.get("/accounts/profile/").status_code == 200

    # Next time: the same person is recognised by the national ID claim, no second account.
    client.logout()
    response = client.get(sign_in_at_provider(start(client), "an"))
    assert response.status_code == 302 and "3rdparty/signup" not in response["Location"]
    assert client.get("/accounts/profile/").wsgi_request.user == user
    assert User.objects.filter(full_name="Nguyễn Thị An").count() == 1


def test_an_email_from_the_provider_never_matches_an_account(client, identity_settings, make_user):
    """Someone who owns an email account is not signed in by an identity that has never been linked to it: the
    sign-up page says the email is taken, and no account is linked or created."""
    make_user(email="an.nguyen@example.vn")
    client.get(sign_in_at_provider(start(client), "an"))
    response = finish_signup(client, email="an.nguyen@example.vn")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [identity.EMAIL_TAKEN % "VNeID"]
    assert not SocialAccount.objects.exists()
    assert not response.wsgi_request.user.is_authenticated


def test_a_replayed_code_or_callback_is_refused(client, identity_settings):
    callback = sign_in_at_provider(start(client), "binh")
    assert client.get(callback)["Location"].endswith("/accounts/3rdparty/signup/")
    client.session.flush()
    # The same callback again: its state was used once.
    response = client.get(callback, follow=True)
    assert identity.VERIFY_FAILED in messages_of(response)
    # The old code under a fresh state: the provider refuses it (codes are single use).
    fresh = start(client)
    state = parse_qs(urlsplit(fresh).query)["state"][0]
    code = parse_qs(urlsplit(callback).query)["code"][0]
    response = client.get(f"{urlsplit(callback).path}?code={code}&state={state}", follow=True)
    assert identity.VERIFY_FAILED in messages_of(response)
    assert not SocialAccount.objects.exists() and not User.objects.filter(full_name="Trần Văn Bình").exists()


def _token_for_other_site(provider, login: str) -> str:
    """A genuine ID token the provider issued to another relying party (audience: another-site)."""
    from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge

    pkce = generate_code_challenge()
    config = provider.discovery()
    session = requests.Session()
    authorize = requests.Request("GET", config["authorization_endpoint"], params={
        "client_id": OTHER_CLIENT_ID, "response_type": "code", "scope": "openid profile national_id",
        "redirect_uri": "http://127.0.0.1:9/cb", "state": "s", "nonce": "n",
        "code_challenge": pkce["code_challenge"], "code_challenge_method": "S256"}).prepare().url
    callback = sign_in_at_provider(authorize, login, session=session, stop_at="http://127.0.0.1:9/cb")
    code = parse_qs(urlsplit(callback).query)["code"][0]
    tokens = requests.post(config["token_endpoint"], data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": "http://127.0.0.1:9/cb",
        "client_id": OTHER_CLIENT_ID, "client_secret": OTHER_CLIENT_SECRET,
        "code_verifier": pkce["code_verifier"]}, timeout=10).json()
    return tokens["id_token"]


@pytest.fixture
def swap_id_token(monkeypatch):
    """Stands between the platform and the provider's token endpoint and swaps the ID token in its answer."""
    real = OAuth2Client.get_access_token

    def install(change):
        def get_access_token(self, *args, **kwargs):
            data = real(self, *args, **kwargs)
            return {**data, "id_token": change(data["id_token"])}

        monkeypatch.setattr(OAuth2Client, "get_access_token", get_access_token)
    return install


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.mark.parametrize("tamper", ["claims", "signature", "alg-none"])
def test_a_tampered_id_token_is_refused(client, identity_settings, swap_id_token, tamper):
    def change(token):
        header, payload, signature = token.split(".")
        if tamper == "claims":  # another person's number under the genuine signature
            return ".".join([header, _b64({**_claims(token), "national_id": PEOPLE["binh"]["national_id"]}),
                             signature])
        if tamper == "signature":
            return ".".join([header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")])
        return ".".join([_b64({"alg": "none", "typ": "JWT"}), payload, ""])

    swap_id_token(change)
    response = client.get(sign_in_at_provider(start(client), "cuong"), follow=True)
    assert identity.VERIFY_FAILED in messages_of(response)
    assert not SocialAccount.objects.exists() and not response.wsgi_request.user.is_authenticated


def test_an_id_token_for_another_site_or_another_sign_in_is_refused(client, identity_settings, swap_id_token):
    """Wrong audience: a genuine token the provider issued to another site. Wrong nonce: a genuine token from
    this site's own earlier sign-in (its nonce belongs to that sign-in)."""
    other = _token_for_other_site(identity_settings, "dung")
    assert _claims(other)["aud"] == OTHER_CLIENT_ID
    swap_id_token(lambda token: other)
    response = client.get(sign_in_at_provider(start(client), "dung"), follow=True)
    assert identity.VERIFY_FAILED in messages_of(response)

    earlier = []
    swap_id_token(lambda token: earlier.append(token) or token)
    client.get(sign_in_at_provider(start(client), "dung"))
    client.session.flush()
    assert _claims(earlier[0])["aud"] == CLIENT_ID
    swap_id_token(lambda token: earlier[0])
    response = client.get(sign_in_at_provider(start(client), "dung"), follow=True)
    assert identity.VERIFY_FAILED in messages_of(response)
    assert not SocialAccount.objects.exists()


def test_rotated_keys_are_fetched_and_a_removed_key_is_refused(client, identity_settings, swap_id_token):
    tokens = []
    swap_id_token(lambda token: tokens.append(token) or token)
    client.get(sign_in_at_provider(start(client), "an"))  # the JWKS is cached with the first key
    finish_signup(client)
    first_kid = json.loads(base64.urlsafe_b64decode(tokens[0].split(".")[0] + "=="))["kid"]
    client.logout()

    new = identity_settings.rotate_keys()  # new key signs; old still published
    response = client.get(sign_in_at_provider(start(client), "an"))
    assert response.status_code == 302 and "3rdparty/signup" not in response["Location"]
    assert json.loads(base64.urlsafe_b64decode(tokens[-1].split(".")[0] + "=="))["kid"] == new["kid"] != first_kid
    client.logout()

    # The old key withdrawn: a token still signed with it (replayed from before) is refused.
    identity_settings.rotate_keys(keep_old=False)
    from django.core.cache import cache

    cache.clear()
    swap_id_token(lambda token: tokens[0])
    response = client.get(sign_in_at_provider(start(client), "an"), follow=True)
    assert identity.VERIFY_FAILED in messages_of(response)


def test_provider_down_says_so_and_creates_nothing(client, identity_settings):
    with identity_settings.down():
        response = client.post(LOGIN_URL, {"process": "login"}, follow=True)
        assert response.request["PATH_INFO"] == "/accounts/login/"
        assert identity.PROVIDER_DOWN in messages_of(response)
    # Down between the provider's log-in page and the callback (the code exchange fails).
    authorize = start(client)
    callback = sign_in_at_provider(authorize, "an")
    with identity_settings.down():
        response = client.get(callback, follow=True)
        assert identity.PROVIDER_DOWN in messages_of(response)
    assert not SocialAccount.objects.exists() and not User.objects.exists()


def test_the_identity_without_a_national_id_is_refused(client, identity_settings):
    response = client.get(sign_in_at_provider(start(client), "no-id"), follow=True)
    assert identity.VERIFY_FAILED in messages_of(response)
    assert not SocialAccount.objects.exists()
