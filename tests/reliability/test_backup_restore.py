"""The restore drill of docs/backups.md, run for real: issue certificates (PDFs drawn, one revoked), back up as
the document says (``pg_dump -Fc`` of the database; an archive of the media folder and the signing-key
folder), lose everything, restore into a fresh empty database (``createdb``, ``pg_restore``) and new folders,
point a Django connection at the restored database and check every certificate.

Checked after the restore: the register has every certificate with its status; every PDF is there, byte for
byte; each credential downloaded before the backup still verifies (signature with the restored key, issuer,
register); the public page says "valid" (or "revoked" with its reason); ``/verify/credential/`` agrees.

PostgreSQL only (skipped on SQLite); needs ``pg_dump``, ``pg_restore``, ``createdb`` and ``dropdb`` on PATH, of
the server's major version or later.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tarfile

import pytest

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the restore drill needs PostgreSQL (DATABASE_URL=postgres://…): pg_dump and pg_restore")
TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb")


def _pg(settings_dict) -> tuple[list[str], dict]:
    """Connection options and environment for the PostgreSQL client programs."""
    options = ["-h", settings_dict["HOST"] or "127.0.0.1", "-p", str(settings_dict["PORT"] or 5432),
               "-U", settings_dict["USER"] or "postgres"]
    env = {**os.environ}
    if settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return options, env


def _run(*command, env):
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command[:1])} failed: {done.stderr[-2000:]}"
    return done


def _major(text: str) -> int:
    return int(re.search(r"(\d+)(?:\.\d+)?", text).group(1))


@pytest.fixture
def tools(postgresql):
    from django.db import connection

    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the PostgreSQL client programs are missing: {', '.join(missing)}")
    client = _major(subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout)
    server = connection.pg_version // 10000
    if client < server:
        pytest.skip(f"pg_dump {client} cannot dump a PostgreSQL {server} server")
    return postgresql


@pytest.fixture
def live_folders(settings, tmp_path):
    """The "production" media and key folders (embedded mode: a signing key made in CERT_KEY_DIR on first use)."""
    from certificates import signing

    settings.MEDIA_ROOT = str(tmp_path / "live" / "media")
    settings.CERT_KEY_DIR = tmp_path / "live" / "keys"
    settings.CERT_SIGNING_KEY = None
    settings.CERT_SIGNING_KEY_FILE = None
    settings.CERT_REQUIRE_SIGNING_KEY = False
    settings.CERT_PREVIOUS_PUBLIC_KEYS = []
    settings.CERT_BASE_URL = "https://hocvuso.example.vn"
    settings.RATE_LIMITS_ENABLED = False
    signing._current_key.cache_clear()
    yield tmp_path
    signing._current_key.cache_clear()


def _issue(make_user) -> list:
    from certificates import services
    from certificates.models import Certificate, CertificateTemplate

    CertificateTemplate.objects.create(name="Mặc định", issuing_body="Sở Thông tin và Truyền thông tỉnh Thử",
                                       signer_name="Trần Văn Hưởng", signer_title="GIÁM ĐỐC", is_default=True)
    issued = []
    for n, name in enumerate(["Nguyễn Thị Ánh Tuyết", "Trần Văn Bình", "Lê Thị Cúc", "Phạm Đức Dũng"], start=1):
        user = make_user(full_name=name)
        certificate, created = services.certificate_issue(
            user=user, kind="assessment", achievement_key=f"drill-{n}", learner_name=name,
            achievement_title="Bài kiểm tra chuẩn năng lực số – Người dân", framework_code="TT02-2025",
            framework_version="1", score=80.0 + n,
            competences=[{"code": "4", "name": "An toàn", "level": 2, "percent": 80.0, "passed": True}])
        assert created
        issued.append(certificate)
    services.certificate_revoke(certificate=issued[-1], reason="Gian lận khi làm bài (diễn tập)")
    return [Certificate.objects.get(pk=c.pk) for c in issued]


def _sha256(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_restore_drill_every_certificate_verifiable(tools, live_folders, make_user, settings, client):
    from django.db import connections
    from django.urls import reverse

    from certificates import signing

    tmp = live_folders
    # 1. Certificates as in production: PDFs drawn (on commit, ImmediateBackend), credentials downloaded.
    certificates = _issue(make_user)
    credentials = {}
    pdfs = {}
    for certificate in certificates:
        assert certificate.pdf, "the PDF was not drawn"
        pdfs[certificate.serial] = (certificate.pdf.name, _sha256(certificate.pdf.path))
        credentials[certificate.serial] = signing.sign_certificate(certificate)
    kid = signing.current_key().kid
    expected = {c.serial: c.status for c in certificates}

    # 2. The backup, as docs/backups.md says: a custom-format dump, then an archive of media and keys.
    options, env = _pg(tools)
    backup = tmp / "backup"
    backup.mkdir()
    dump = backup / "hocvuso.dump"
    _run("pg_dump", *options, "--format=custom", "--no-owner", "--no-acl", "--file", str(dump), tools["NAME"], env=env)
    with tarfile.open(backup / "files.tar.gz", "w:gz") as archive:
        archive.add(settings.MEDIA_ROOT, arcname="media")
        archive.add(settings.CERT_KEY_DIR, arcname="keys")

    # 3. The disaster: the folders are gone (the test database itself is flushed by the test's teardown).
    shutil.rmtree(tmp / "live")
    signing._current_key.cache_clear()

    # 4. The restore: a fresh empty database, pg_restore, the folders unpacked in a new place.
    target = f"{tools['NAME']}_restore"[:63]
    _run("dropdb", *options, "--if-exists", target, env=env)
    _run("createdb", *options, "--template=template0", "--encoding=UTF8", target, env=env)
    try:
        _run("pg_restore", *options, "--no-owner", "--no-acl", "--exit-on-error", "--dbname", target, str(dump),
             env=env)
        with tarfile.open(backup / "files.tar.gz") as archive:
            archive.extractall(tmp / "restored", filter="data")
        settings.MEDIA_ROOT = str(tmp / "restored" / "media")
        settings.CERT_KEY_DIR = tmp / "restored" / "keys"
        signing._current_key.cache_clear()

        # Point Django's connection at the restored database (closed first, so that the next query opens it).
        default = connections["default"]
        original = default.settings_dict["NAME"]
        default.close()
        default.settings_dict["NAME"] = target
        try:
            with default.cursor() as cursor:
                cursor.execute("SELECT current_database()")
                assert cursor.fetchone()[0] == target
            _check_restored(expected, pdfs, credentials, kid, client, reverse)
        finally:
            default.close()
            default.settings_dict["NAME"] = original
    finally:
        _run("dropdb", *options, "--if-exists", target, env=env)


def _check_restored(expected, pdfs, credentials, kid, client, reverse):
    from pathlib import Path

    from django.conf import settings

    from certificates import signing
    from certificates.models import Certificate

    restored = {c.serial: c for c in Certificate.objects.all()}
    assert {serial: c.status for serial, c in restored.items()} == expected
    assert signing.current_key().kid == kid, "the restored key is not the key that signed"
    for serial, certificate in restored.items():
        name, digest = pdfs[serial]
        assert certificate.pdf.name == name
        assert _sha256(Path(settings.MEDIA_ROOT) / name) == digest
        token = credentials[serial]
        payload = signing.jws_verify(token, signing.current_key().public_key)  # raises if the signature fails
        assert payload
        result = signing.verify_credential(token)
        assert result.checks["signature"] is True and result.checks["issuer"] is True
        assert result.certificate is not None and result.certificate.serial == serial
        page = client.get(certificate.get_absolute_url())
        assert page.status_code == 200
        answer = client.post(reverse("certificates:credential_verify"), {"credential": token},
                             content_type="application/json")
        if certificate.status == Certificate.Status.VALID:
            assert result.valid, result.reason
            assert "cert-valid" in page.content.decode()
            assert answer.json()["valid"] is True
        else:
            assert result.reason == "revoked"
            assert "cert-revoked" in page.content.decode()
            assert certificate.revocation_reason in page.content.decode()
            assert answer.json()["error"]["code"] == "revoked"
