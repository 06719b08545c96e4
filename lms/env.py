"""The one place that reads the process environment (12-factor configuration).

Two modes:
- ``embedded`` (default): SQLite under ``var/``, in-process tasks, a secret key generated once and kept in
  ``var/secret_key``. This is what ``make run`` serves on a bare machine.
- ``production``: everything comes from the environment; there is no default for secrets and the process
  refuses to start without them.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LMS_VAR_DIR", BASE_DIR / "var"))

TRUE_WORDS = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Env:
    environ: os._Environ | dict

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self.environ.get(name)
        return default if value in (None, "") else value

    def bool(self, name: str, default: bool = False) -> bool:
        value = self.environ.get(name)
        if value in (None, ""):
            return default
        return value.strip().lower() in TRUE_WORDS

    def int(self, name: str, default: int) -> int:
        value = self.environ.get(name)
        return default if value in (None, "") else int(value)

    def float(self, name: str, default: float) -> float:
        value = self.environ.get(name)
        return default if value in (None, "") else float(value)

    def list(self, name: str, default: list[str]) -> list[str]:
        value = self.environ.get(name)
        if value in (None, ""):
            return default
        return [item.strip() for item in value.split(",") if item.strip()]

    @property
    def mode(self) -> str:
        mode = (self.str("LMS_MODE", "embedded") or "embedded").lower()
        if mode not in {"embedded", "production"}:
            raise ImproperlyConfigured(f"LMS_MODE must be 'embedded' or 'production', not {mode!r}.")
        return mode

    @property
    def is_production(self) -> bool:
        return self.mode == "production"

    def secret_key(self) -> str:
        key = self.str("SECRET_KEY")
        if key:
            return key
        if self.is_production:
            raise ImproperlyConfigured(
                "SECRET_KEY is not set. Production mode refuses to start without it: "
                "set SECRET_KEY to a long random string kept outside the repository."
            )
        private_dir(VAR_DIR)
        key_file = VAR_DIR / "secret_key"
        try:  # created 0600 at once: never readable by others, not even between a write and a chmod
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            private_file(key_file)
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(64))
        return key_file.read_text().strip()


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it 0700 when this process owns it: ``var/`` holds the SQLite
    database, the secret key, the signing key, mails, SMS and exports."""
    path.mkdir(parents=True, exist_ok=True)
    _tighten(path, 0o700)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if it is missing; tighten it to 0600 if it exists (and is ours)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        _tighten(path, 0o600)
    except OSError:  # its folder is missing or read-only: whoever opens it next reports that
        pass
    return path


def _tighten(path: Path, mode: int) -> None:
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o777 & ~mode:
            path.chmod(mode)
    except OSError:  # not ours, or a read-only mount: the deployment's own permissions apply
        pass


env = Env(os.environ)
