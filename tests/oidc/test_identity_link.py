"""Linking an existing email or phone account with the national identity (once, after proving both), undoing it,
and what other apps read: verified or not, the learner's data download, erasure."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount

from lms.accounts import identity
from lms.accounts.models import User
from lms.accounts.selectors import is_identity_verified, national_identity_of, with_identity_verified
from lms.privacy.selectors import personal_data

from .harness import PROVIDER_ID, sign_in_at_provider
from .test_identity_flow import LOGIN_URL, finish_signup, messages_of, start

pytestmark = pytest.mark.django_db
PASSWORD = "Matkhau#2025"


@pytest.fixture
def make_user(make_user):
    """Learners who answered the privacy notice already (the consent page would come first otherwise)."""
    from lms.privacy.services import consent_record

    def factory(**fields):
        user = make_user(**fields)
        consent_record(user=user, context="login")
        return user
    return factory


def log_in(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def link(client, login: str):
    """Profile → Liên kết → the provider's log-in (prompt=login) → the platform's password → back to the profile."""
    authorize = start(client, process="connect")
    assert "prompt=login" in authorize
    response = client.get(sign_in_at_provider(authorize, login))
    if "/reauthenticate/" in response.get("Location", ""):
        return client.post(response["Location"], {"password": PASSWORD}, follow=True)
    return client.get(response["Location"], follow=True)


def test_a_signed_in_learner_links_once_and_can_undo_it(client, identity_settings, make_user):
    user = make_user(email="binh@example.vn", full_name="Trần Bình")
    log_in(client, user)
    response = link(client, "binh")
    assert response.request["PATH_INFO"] == "/accounts/profile/"
    assert identity.LINKED in messages_of(response)
    account = national_identity_of(user)
    assert account is not None and account.uid == identity.national_id_uid(" 001 085 000 002 ")
    assert is_identity_verified(user)
    assert 'data-identity-status="verified"' in response.content.decode()
    assert User.objects.get(pk=user.pk).full_name == "Trần Bình"  # linking changes no profile field

    # A second identity cannot be added on top of the first.
    response = link(client, "cuong")
    assert identity.ALREADY_LINKED in messages_of(response)
    assert SocialAccount.objects.filter(user=user).count() == 1

    # Signing in with the identity now opens this account.
    client.logout()
    client.get(sign_in_at_provider(start(client), "binh"))
    assert client.get("/accounts/profile/").wsgi_request.user == user

    # Undo: the link is gone, the account stays, the identity no longer signs into it.
    response = client.post("/accounts/identity/unlink/", follow=True)
    assert identity.UNLINKED in messages_of(response)
    assert not is_identity_verified(user) and User.objects.filter(pk=user.pk).exists()
    client.logout()
    client.get(sign_in_at_provider(start(client), "binh"))
    assert client.get("/accounts/3rdparty/signup/").status_code == 200  # a stranger to this account now


def test_linking_asks_for_the_password_as_well(client, identity_settings, make_user):
    """Proving both: the provider's log-in, then the account's password; nothing is linked in between."""
    user = make_user(email="stale@example.vn")
    client.force_login(user)
    response = client.get(sign_in_at_provider(start(client, process="connect"), "dung"))
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
    assert not SocialAccount.objects.exists()
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert is_identity_verified(user)


def test_an_identity_linked_to_another_account_is_not_moved(client, identity_settings, make_user):
    first, second = make_user(email="one@example.vn"), make_user(email="two@example.vn")
    log_in(client, first)
    link(client, "an")
    client.logout()
    log_in(client, second)
    response = link(client, "an")
    assert identity.LINKED_ELSEWHERE in messages_of(response)
    assert national_identity_of(first) and not national_identity_of(second)


def test_an_account_made_with_the_identity_keeps_it_until_a_password_is_set(client, identity_settings):
    client.get(sign_in_at_provider(start(client), "cuong"))
    finish_signup(client, email="cuong@example.vn")
    user = User.objects.get(email="cuong@example.vn")
    response = client.post("/accounts/identity/unlink/", follow=True)
    assert identity.CANNOT_UNLINK in messages_of(response)
    assert is_identity_verified(user)


def test_verified_flag_for_lists_download_and_erasure(client, identity_settings, make_user):
    verified, plain = make_user(email="v@example.vn"), make_user(email="p@example.vn")
    log_in(client, verified)
    link(client, "an")
    flags = dict(with_identity_verified(User.objects.filter(pk__in=[verified.pk, plain.pk]))
                 .values_list("email", "identity_verified"))
    assert flags == {"v@example.vn": True, "p@example.vn": False}
    data = personal_data(verified)
    assert [row["uid"] for row in data["national_identity"]] == [identity.national_id_uid("001090000001")]
    assert "001090000001" not in str(data)

    from lms.privacy.services import anonymise_user

    anonymise_user(user=verified)
    assert not SocialAccount.objects.exists()


def test_the_sign_in_page_offers_the_identity_only_when_configured(client, settings, identity_settings):
    assert f'action="{LOGIN_URL}"' in client.get("/accounts/login/").content.decode()
    settings.OIDC = {**settings.OIDC, "ISSUER": ""}
    assert LOGIN_URL not in client.get("/accounts/login/").content.decode()
    assert client.post(f"/accounts/oidc/not-{PROVIDER_ID}/login/").status_code == 404
