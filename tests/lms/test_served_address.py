"""The address links are made from (issue 15): `make run` on another PORT used to keep BASE_URL at port 8000, so
the certificate's QR code, printed URL, share link and the credential issuer (did:web:127.0.0.1%3A8000) pointed
at nothing. Stored and signed links come from BASE_URL, else the address the Makefile serves; never from Host."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.lms.test_settings import run_manage

ROOT = Path(__file__).resolve().parents[2]
ADDRESSES = ("from django.conf import settings; from certificates.signing import issuer_did; "
             "print(settings.BASE_URL, settings.CERT_BASE_URL, settings.WAGTAILADMIN_BASE_URL, issuer_did(), "
             "'8080-allowed' if '192.168.1.5' in settings.ALLOWED_HOSTS else '')")


def addresses(tmp_path, **env):
    result = run_manage("shell", "-c", ADDRESSES, env_overrides={"BASE_URL": "", "SERVED_URL": "", **env},
                        tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_served_address_names_the_certificate_links_and_the_issuer(tmp_path):
    base, cert, admin, did, *allowed = addresses(tmp_path, SERVED_URL="http://192.168.1.5:8080")
    assert base == cert == admin == "http://192.168.1.5:8080"
    assert did == "did:web:192.168.1.5%3A8080"
    assert allowed == ["8080-allowed"]  # the served LAN address is an allowed host of the embedded mode


def test_base_url_wins_over_the_served_address(tmp_path):
    base, cert, admin, did = addresses(tmp_path, SERVED_URL="http://127.0.0.1:8080", BASE_URL="https://hocvuso.example.vn/")
    assert base == cert == admin == "https://hocvuso.example.vn"
    assert did == "did:web:hocvuso.example.vn"


def test_default_is_port_8000(tmp_path):
    base, cert, admin, did = addresses(tmp_path)
    assert base == cert == "http://127.0.0.1:8000" and did == "did:web:127.0.0.1%3A8000"


@pytest.mark.skipif(not os.path.exists("/usr/bin/make"), reason="needs make")
def test_make_run_passes_the_served_address_to_every_process(tmp_path):
    """`PORT=8080 make run`: the demo loader, the scheduler and gunicorn all see SERVED_URL=http://127.0.0.1:8080
    (a stand-in venv records the environment of each command instead of running it)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    record = tmp_path / "seen"
    for name in ("python", "gunicorn"):
        script = venv / "bin" / name
        script.write_text(f'#!/bin/sh\necho "{name} $1 $2 SERVED_URL=$SERVED_URL" >> {record}\n')
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    for marker in (".installed", ".installed-dev"):
        (venv / marker).touch()
    env = {k: v for k, v in os.environ.items() if k not in {"SERVED_URL", "BASE_URL", "PORT", "HOST"}}
    result = subprocess.run(["make", "-s", "run", "PORT=8080", f"VENV={venv}"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    seen = record.read_text().splitlines()
    assert any(line.startswith("python manage.py load_demo") for line in seen), seen
    assert any(line.startswith("gunicorn") for line in seen), seen
    assert all(line.endswith("SERVED_URL=http://127.0.0.1:8080") for line in seen), seen
