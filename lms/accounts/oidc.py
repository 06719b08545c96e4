"""National identity through django-allauth's ``openid_connect`` provider, tightened (rules in ``identity.py``).

allauth's OpenID Connect provider does the authorisation code flow, ``state`` (single use, kept in the session) and
PKCE (``oauth_pkce_enabled``). What it leaves out, added here:

- a ``nonce`` in every authorisation request, kept in the stashed state and checked in the ID token;
- the ID token's signature always verified against the JWKS (allauth skips it for tokens from the token endpoint),
  with the bounded clock skew, ``azp``, the issuer of the discovery document equal to the configured one;
- the national ID number replaced by its keyed hash as the account's ``uid``; no claim stored but the issuer and
  the time of verification (``SocialAccount.extra_data``);
- a provider that cannot be reached: back to the page the learner came from, saying so (``PROVIDER_DOWN``).

``SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]`` selects ``NationalIdentityProvider``; the login and
callback views below are mounted on allauth's own paths (``lms/accounts/urls.py`` comes first), so the callback
runs this adapter, not allauth's.
"""

from __future__ import annotations

import logging
import secrets

import requests
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers.base.constants import AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from . import identity
from .services import normalise_phone

log = logging.getLogger(__name__)


class NationalIdentityAdapter(OpenIDConnectOAuth2Adapter):
    state: dict | None = None  # set by the callback view once the state is unstashed

    @property
    def openid_config(self):
        if not hasattr(self, "_openid_config"):
            config = super().openid_config  # raises requests.RequestException when down
            expected = identity.config()["ISSUER"].rstrip("/")
            if str(config.get("issuer", "")).rstrip("/") != expected:
                raise OAuth2Error("discovery document names another issuer")
        return self._openid_config

    def get_callback_url(self, request, app):
        # One redirect URI whatever the page's language (the provider registers it exactly).
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("openid_connect_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, path, self.redirect_uri_protocol)

    def complete_login(self, request, app, token, **kwargs):
        response = kwargs["response"]
        id_token = response.get("id_token")
        if not id_token:
            raise OAuth2Error("no id_token")
        oc = self.openid_config
        with self._session() as session:
            try:
                claims = identity.verify_id_token(
                    id_token, issuer=oc["issuer"], client_id=app.client_id, jwks_uri=oc["jwks_uri"],
                    nonce=(self.state or {}).get("nonce"), session=session,
                )
            except identity.ProviderUnavailable as error:
                raise requests.ConnectionError(str(error)) from error
            except identity.IdentityError as error:
                log.warning("national identity: %s", error)
                raise OAuth2Error(str(error)) from error
        userinfo = None
        if identity.config()["USERINFO"] and oc.get("userinfo_endpoint"):
            userinfo = self._fetch_user_info(token.token)
        try:
            merged = identity.merged_claims(claims, userinfo)
            kept = identity.identity_claims(merged)
        except identity.IdentityError as error:
            log.warning("national identity: %s", error)
            raise OAuth2Error(str(error)) from error
        return self.get_provider().sociallogin_from_response(request, {"claims": merged, "kept": kept})

    def _session(self):
        from allauth.socialaccount.adapter import get_adapter

        return get_adapter().get_requests_session()


class NationalIdentityProvider(OpenIDConnectProvider):
    oauth2_adapter_class = NationalIdentityAdapter
    package = "allauth.socialaccount.providers.openid_connect"  # allauth's URLs (names) for this provider

    def get_pkce_params(self) -> dict:
        from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge

        return generate_code_challenge()  # always, whatever the app's settings say

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        auth_params["nonce"] = nonce
        if process == AuthProcess.CONNECT:
            auth_params["prompt"] = "login"  # linking proves the identity now, not a session left open
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)

    def extract_uid(self, data):
        return data["kept"]["uid"]

    def extract_common_fields(self, data):
        kept = data["kept"]
        return {"name": kept["full_name"], "birth_year": kept["birth_year"], "phone": kept["phone"],
                "phone_verified": kept["phone_verified"]}

    def extract_email_addresses(self, data):
        return []  # an email from the provider never identifies anyone here

    def sociallogin_from_response(self, request, response):
        login = super().sociallogin_from_response(request, response)
        login.account.extra_data = identity.stored_extra_data(response["claims"])
        return login


def _back_with(request, message, *, level=messages.ERROR):
    messages.add_message(request, level, message)
    target = "profile" if request.user.is_authenticated else "account_login"
    return HttpResponseRedirect(reverse(target))


class NationalIdentityCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


def _adapter(request, provider_id):
    if provider_id != identity.config()["PROVIDER_ID"]:
        raise Http404
    return NationalIdentityAdapter(request, provider_id)


def login(request, provider_id):
    """``POST /accounts/oidc/<id>/login/``: to the provider; back to the sign-in page if it cannot be reached."""
    try:
        return OAuth2LoginView.adapter_view(_adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    except (requests.RequestException, ValueError, OAuth2Error) as error:
        log.warning("national identity provider unreachable: %s", error)
        return _back_with(request, identity.PROVIDER_DOWN)


def callback(request, provider_id):
    try:
        return NationalIdentityCallbackView.adapter_view(_adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    except (requests.RequestException, ValueError) as error:
        log.warning("national identity provider unreachable: %s", error)
        return _back_with(request, identity.PROVIDER_DOWN)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-up and linking rules for the national identity (allauth's ``SOCIALACCOUNT_ADAPTER``)."""

    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "email_taken": identity.EMAIL_TAKEN,
        "connected_other": identity.LINKED_ELSEWHERE,
    }

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        unreachable = isinstance(exception, requests.RequestException) and not isinstance(
            exception, requests.HTTPError)
        if exception is not None:
            log.warning("national identity sign-in failed: %r", exception)
        raise ImmediateHttpResponse(_back_with(request, identity.PROVIDER_DOWN if unreachable
                                               else identity.VERIFY_FAILED))

    def pre_social_login(self, request, sociallogin):
        if sociallogin.state.get("process") != AuthProcess.CONNECT:
            return
        user = request.user
        if sociallogin.is_existing and sociallogin.user != user:
            raise ImmediateHttpResponse(_back_with(request, identity.LINKED_ELSEWHERE))
        other = SocialAccount.objects.filter(user=user, provider=identity.provider_id()).exclude(
            uid=sociallogin.account.uid)
        if user.is_authenticated and other.exists():
            raise ImmediateHttpResponse(_back_with(request, identity.ALREADY_LINKED))

    def populate_user(self, request, sociallogin, data):
        """The new account's name, birth year and phone from the verified identity (kept on the user object, which
        allauth carries through the sign-up page)."""
        user = super().populate_user(request, sociallogin, data)
        user.full_name = data.get("name") or ""
        user.birth_year = data.get("birth_year")
        try:
            phone = normalise_phone(data.get("phone"))
        except ValidationError:
            phone = None  # a number the platform cannot use is left out, not an error
        user.phone = phone if phone and not type(user).objects.filter(phone=phone).exists() else None
        user.phone_verified = bool(user.phone and data.get("phone_verified"))  # the provider verified it
        user.first_name = user.last_name = ""
        return user

    def is_auto_signup_allowed(self, request, sociallogin):
        return False  # the sign-up page asks for an email and the privacy consent

    def save_user(self, request, sociallogin, form=None):
        verified = {name: getattr(sociallogin.user, name) for name in ("full_name", "birth_year", "phone", "phone_verified")}
        user = super().save_user(request, sociallogin, form=form)
        # The verified name, birth year and phone win over what the sign-up form carried (it asks for none).
        changed = [name for name, value in verified.items() if value and getattr(user, name) != value]
        for name in changed:
            setattr(user, name, verified[name])
        if changed:
            user.save(update_fields=changed)
        return user

    def get_connect_redirect_url(self, request, socialaccount):
        return reverse("profile")

    def validate_disconnect(self, account, accounts):
        if not account.user.has_usable_password() and len(accounts) <= 1:
            raise ValidationError(identity.CANNOT_UNLINK)
