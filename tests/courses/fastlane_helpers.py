"""Shared by the fast-lane tests (``test_fastlane.py``, ``test_fastpages.py``, ``test_fastlane_pages.py``): a page
served from the fast lane compared with the page the normal path renders for the same learner."""

import re

from django.test import Client

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
NONCE = re.compile(r"nonce-[A-Za-z0-9+/=_-]+|nonce=\"[^\"]*\"")


def fast_lane_settings(settings) -> None:
    """The fast lane on, with its debug header (``X-Fast-Lane: hit|miss``), on a cache-backed session engine."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.FASTLANE_ENABLED = True
    settings.FASTLANE_DEBUG_HEADER = True


def normal(text: str) -> str:
    """The per-response values (the masked CSRF token, the CSP nonce) made equal; nothing else."""
    return NONCE.sub("NONCE", CSRF.sub(r"\1T\2", text))


def headers(response) -> dict:
    return {name: normal(value) for name, value in response.items() if name != "X-Fast-Lane"}


def fast(client, url):
    """The page from the fast lane (stored by the normal path first, as many times as its variants need)."""
    for _ in range(3):
        response = client.get(url)
        if response.get("X-Fast-Lane") == "hit":
            return response
    raise AssertionError(f"{url} never served by the fast lane: {response.status_code} {response.get('X-Fast-Lane')}")


def slow(client, url, settings):
    """The page from the normal path (the fast lane switched off for one request)."""
    settings.FASTLANE_ENABLED = False
    try:
        return client.get(url)
    finally:
        settings.FASTLANE_ENABLED = True


def assert_same(client, url, settings, fast_response=None):
    """The fast lane's page and headers are the normal path's, byte for byte but the token and the nonce."""
    fast_response = fast_response or fast(client, url)
    slow_response = slow(client, url, settings)
    assert slow_response.status_code == fast_response.status_code == 200
    assert normal(fast_response.content.decode()) == normal(slow_response.content.decode())
    assert headers(fast_response) == headers(slow_response)
    assert sorted(fast_response.cookies) == sorted(slow_response.cookies)
    return fast_response


def signed_in_client(user, **cookies) -> Client:
    client = Client()
    client.force_login(user)
    for name, value in cookies.items():
        client.cookies[name] = value
    return client
