"""Issue 14, hole 8: in the embedded mode ``var/db.sqlite3`` (with its ``-wal``/``-shm``), ``var/secret_key`` and the
certificate signing key were created readable by the group or by everyone (the umask's 0644/0755). They are now
created 0600 (``var/`` and ``var/keys/`` 0700), and files left loose by an older version are tightened at start."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from tests.security.live_gunicorn import ROOT, embedded_env

START = (
    "import django; django.setup()\n"
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('CREATE TABLE IF NOT EXISTS t (x integer)'); cursor.execute('INSERT INTO t VALUES (1)')\n"
    "from certificates import signing\n"
    "signing.current_key()\n"
)


def _start(env: dict) -> None:
    """One embedded-mode process under the usual umask 022: settings, a database write, the signing key."""
    subprocess.run([sys.executable, "-c", f"import os; os.umask(0o022)\n{START}"], cwd=ROOT,
                   env={**env, "DJANGO_SETTINGS_MODULE": "lms.settings", "CERT_SIGNING_KEY": ""},
                   check=True, capture_output=True, timeout=120)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(var: Path) -> dict[str, int]:
    names = ["", "secret_key", "db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm", "keys",
             "keys/certificate-signing-ed25519.pem"]
    return {name or "var": _mode(var / name) for name in names if (var / name).exists()}


def test_a_fresh_embedded_install_keeps_its_secrets_to_itself(tmp_path):
    env = embedded_env(tmp_path)
    _start(env)
    var = Path(env["LMS_VAR_DIR"])
    modes = _modes(var)
    assert {"var", "secret_key", "db.sqlite3", "keys", "keys/certificate-signing-ed25519.pem"} <= set(modes)
    assert modes == {name: 0o700 if name in ("var", "keys") else 0o600 for name in modes}


def test_files_left_loose_by_an_older_version_are_tightened(tmp_path):
    env = embedded_env(tmp_path)
    _start(env)
    var = Path(env["LMS_VAR_DIR"])
    for name in ("secret_key", "db.sqlite3", "keys/certificate-signing-ed25519.pem"):
        (var / name).chmod(0o644)
    for name in ("", "keys"):
        (var / name).chmod(0o755)
    _start(env)
    modes = _modes(var)
    assert modes == {name: 0o700 if name in ("var", "keys") else 0o600 for name in modes}
