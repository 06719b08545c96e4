"""A real OpenID Connect provider on loopback (``provider.mjs``, npm ``oidc-provider``), for the national identity
tests: one node process per test session, started on first use and stopped at the end.

``oidc_provider`` (session fixture) → ``Provider``: ``configure(settings)`` points the platform at it,
``rotate_keys()`` restarts it with a new signing key first (the old one still published), ``down()`` stops it for
the length of a ``with`` block. ``sign_in_at_provider(url, login)`` plays the browser at the provider (its log-in
form) and returns the platform callback URL it redirects to, with the code and state.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID, CLIENT_SECRET = "hocvuso", "hocvuso-test-secret"
OTHER_CLIENT_ID, OTHER_CLIENT_SECRET = "another-site", "another-site-secret"
PROVIDER_ID = "vneid"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"

# People known to the provider: the log-in is the provider's subject; any password is accepted.
PEOPLE = {
    "an": {"national_id": "001090000001", "name": "Nguyễn Thị An", "birthdate": "1990-04-12",
           "phone_number": "+84912000001", "phone_number_verified": True},
    "binh": {"national_id": "001085000002", "name": "Trần Văn Bình", "birthdate": "1985-01-30",
             "phone_number": "+84912000002", "phone_number_verified": True},
    "cuong": {"national_id": "001070000003", "name": "Lê Văn Cường", "birthdate": "1970-09-02"},
    "dung": {"national_id": "001072000004", "name": "Phạm Thị Dung", "birthdate": "1972-06-15"},
    "no-id": {"name": "Người Không Số"},
}


def new_key() -> dict:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key, as_dict=True)
    return {**jwk, "kid": uuid.uuid4().hex[:12], "alg": "RS256", "use": "sig"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = _free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.keys = [new_key()]
        self.process: subprocess.Popen | None = None
        self._write("accounts.json", PEOPLE)
        self._write("clients.json", [
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "token_endpoint_auth_method": "client_secret_post",
             "redirect_uris": [f"http://testserver{CALLBACK_PATH}"], "grant_types": ["authorization_code"],
             "response_types": ["code"]},
            {"client_id": OTHER_CLIENT_ID, "client_secret": OTHER_CLIENT_SECRET,
             "token_endpoint_auth_method": "client_secret_post", "redirect_uris": ["http://127.0.0.1:9/cb"],
             "grant_types": ["authorization_code"], "response_types": ["code"]},
        ])

    def _write(self, name: str, data) -> Path:
        path = self.workdir / name
        path.write_text(json.dumps(data, ensure_ascii=False))
        return path

    # --- the process ---------------------------------------------------------------------------------------------
    def start(self) -> None:
        node = shutil.which("node")
        if not node:
            pytest.fail("node is required for the OpenID Connect provider (apt-get install nodejs)")
        if not (ROOT / "node_modules" / "oidc-provider").exists():
            pytest.fail("npm's oidc-provider is missing: run `npm ci --ignore-scripts` (make test does)")
        env = {**os.environ, "OIDC_TEST_PORT": str(self.port),
               "OIDC_TEST_KEYS": str(self._write("keys.json", {"keys": self.keys})),
               "OIDC_TEST_ACCOUNTS": str(self.workdir / "accounts.json"),
               "OIDC_TEST_CLIENTS": str(self.workdir / "clients.json"),
               "NODE_ENV": "test"}
        log = self.workdir / "provider.log"
        with open(log, "w") as out:
            self.process = subprocess.Popen([node, str(SCRIPT)], cwd=ROOT, env=env, stdout=out,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # it prints "ready <issuer>" once listening, or the error that stopped it
            if "ready " in log.read_text() or self.process.poll() is not None:
                break
            time.sleep(0.05)
        if "ready " not in log.read_text():
            self.stop()
            pytest.fail(f"the OpenID Connect provider did not start: {log.read_text()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the port is free again before a restart
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def rotate_keys(self, *, keep_old: bool = True) -> dict:
        """A new signing key first; the old ones published after it (or dropped). Returns the new key."""
        key = new_key()
        self.keys = [key, *self.keys] if keep_old else [key]
        self.restart()
        return key

    @contextlib.contextmanager
    def down(self):
        self.stop()
        try:
            yield
        finally:
            self.start()

    # --- the platform's settings ---------------------------------------------------------------------------------
    def configure(self, settings, *, client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> None:
        settings.OIDC = {**settings.OIDC, "ISSUER": self.issuer, "PROVIDER_ID": PROVIDER_ID, "PEPPER": "test-pepper"}
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
                "APPS": [{
                    "provider_id": PROVIDER_ID, "name": "VNeID", "client_id": client_id, "secret": secret,
                    "settings": {"server_url": self.issuer, "scope": ["openid", "profile", "phone", "national_id"],
                                 "oauth_pkce_enabled": True, "fetch_userinfo": False},
                }],
            },
        }

    def discovery(self) -> dict:
        return requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=5).json()


def sign_in_at_provider(authorize_url: str, login: str, *, session: requests.Session | None = None,
                        stop_at: str = "http://testserver") -> str:
    """Follow the provider's pages as a browser would, log in as ``login``, return the platform URL it sends the
    browser back to (the callback with ``code`` and ``state``)."""
    session = session or requests.Session()
    url, method, data = authorize_url, "GET", None
    for _ in range(10):
        response = session.request(method, url, data=data, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            method, data = "GET", None
            if url.startswith(stop_at):
                return url
            continue
        assert response.status_code == 200, response.text[:500]
        assert 'name="login"' in response.text or 'name="prompt"' in response.text, response.text[:500]
        method = "POST"
        data = {"prompt": "login", "login": login, "password": "any"} if 'name="login"' in response.text \
            else {"prompt": "consent"}
        url = urljoin(url, urlsplit(url).path)  # the interaction's own URL is the form's action
    raise AssertionError("the provider never sent the browser back")


_SHARED: dict[str, Provider] = {}


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """One provider process for the whole run, whichever test package asks first (tests/oidc, tests/e2e)."""
    if "provider" not in _SHARED:
        provider = Provider(tmp_path_factory.mktemp("oidc"))
        provider.start()
        atexit.register(provider.stop)
        _SHARED["provider"] = provider
    return _SHARED["provider"]


@pytest.fixture
def identity_settings(settings, oidc_provider):
    oidc_provider.configure(settings)
    return oidc_provider
