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
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file = VAR_DIR / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(64))
            key_file.chmod(0o600)
        return key_file.read_text().strip()


env = Env(os.environ)
