"""Content-Security-Policy and transport headers (issue 8): what each kind of page is sent.

The browser side (no violation on the key pages, the H5P player and the admin working under the policy) is in
tests/e2e/test_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_site_pages_get_a_strict_policy_with_a_nonce(client):
    response = client.get("/verify/")
    policy = _directives(response["Content-Security-Policy"])
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert any(s.startswith("'nonce-") for s in scripts) or scripts[:1] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["report-uri"] == ["/csp-report/"]
    assert "'unsafe-inline'" not in policy["style-src"]


def test_inline_scripts_of_project_templates_carry_the_nonce(client, make_manager, tree):
    from reporting.models import ExportJob
    from reporting.queries import Filters

    manager = make_manager(tree["P-A"])
    job = ExportJob.objects.create(owner=manager, format="csv", params=Filters().to_params())
    client.force_login(manager)
    for url in (f"/manage/exports/{job.pk}/", "/manage/roster/"):
        response = client.get(url)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        body = response.content.decode()
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)([^>]*)>", body)
        assert inline, url
        assert all(f'nonce="{nonce}"' in attrs for attrs in inline), (url, inline)
        assert not re.search(r"\son[a-z]+=\"", body), f"inline event handler on {url}"


def test_every_project_template_is_free_of_inline_handlers_and_bare_scripts():
    """Site templates (not the admin's) may not carry onclick=… or a <script> without src, nonce or a data type."""
    offenders = []
    for folder in ("templates", "lms", "courses", "quizzes", "certificates"):
        for path in (ROOT / folder).rglob("*.html"):
            if "admin" in path.parts or "wagtailadmin" in str(path) or path.name == "question_preview.html":
                continue  # admin templates run under the admin policy
            text = path.read_text(encoding="utf-8")
            if re.search(r"\son(click|submit|change|load|input|keyup|keydown)=", text):
                offenders.append(f"{path}: inline event handler")
            for attrs in re.findall(r"<script([^>]*)>", text):
                if "src=" not in attrs and "nonce=" not in attrs and "application/" not in attrs:
                    offenders.append(f"{path}: <script{attrs}> without nonce")
    assert not offenders, "\n".join(offenders)


def test_admin_gets_its_own_policy(client, make_user):
    from lms.accounts.roles import EDITORS, ensure_roles

    ensure_roles()
    client.force_login(make_user(groups=[EDITORS]))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    assert "gravatar" not in response.content.decode(), "no third-party avatars (they leak email hashes)"


def test_h5p_frame_script_hash_matches_the_player():
    bundle = (ROOT / "courses/h5p/static/h5p/player/frame.bundle.js").read_text(encoding="utf-8")
    script = re.search(r'"<script>(H5PIntegration = window\.parent[^<]*)<\\/script>"', bundle).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert settings.CSP_H5P_FRAME_SCRIPT_HASH == f"'sha256-{digest}'"
    assert settings.CSP_H5P_FRAME_SCRIPT_HASH in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]


def test_uploaded_and_h5p_files_get_a_sandbox(client, settings, tmp_path):
    (Path(settings.MEDIA_ROOT) / "original_images").mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "original_images" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = client.get("/media/original_images/a.png")
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"] and response["X-Content-Type-Options"] == "nosniff"


def test_csp_reports_are_logged_and_bounded(client, caplog):
    report = {"csp-report": {"document-uri": "https://x/verify/", "violated-directive": "script-src-elem",
                             "blocked-uri": "inline"}}
    with caplog.at_level("WARNING", logger="lms.csp"):
        response = client.post("/csp-report/", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "CSP violation: script-src-elem blocked inline" in caplog.text
    assert client.post("/csp-report/", b"\xff" * 100, content_type="application/csp-report").status_code == 400
    assert client.get("/csp-report/").status_code == 405


def test_referrer_nosniff_and_frame_headers(client):
    response = client.get("/verify/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_production_transport_settings(tmp_path):
    """Production mode: HTTPS only (redirect, HSTS with preload, secure cookies), CSP upgrades requests, client IPs
    from the proxy for rate limits. (`check --deploy` being clean is tests/lms/test_settings.py.)"""
    import os
    import subprocess
    import sys

    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k, None) for k in ["
        "'SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_HSTS_PRELOAD',"
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','SECURE_CONTENT_TYPE_NOSNIFF',"
        "'SECURE_REFERRER_POLICY','ALLAUTH_TRUSTED_PROXY_COUNT']} | {'upgrade': s.CONTENT_SECURITY_POLICY["
        "'DIRECTIVES']['upgrade-insecure-requests'], 'middleware': s.MIDDLEWARE}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "DEBUG", "TESTING"}}
    env.update({"LMS_MODE": "production", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "hocvuso.example.vn",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "LMS_VAR_DIR": str(tmp_path / "var"),
                "DJANGO_SETTINGS_MODULE": "lms.settings"})
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_SSL_REDIRECT"] is True and values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["upgrade"] is True and values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert "lms.csp.SiteCSPMiddleware" in values["middleware"]
