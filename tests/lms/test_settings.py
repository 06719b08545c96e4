"""Configuration from the environment: embedded defaults, production refusals, deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "LMS_MODE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"LMS_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "lms.settings"})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_manage("check", env_overrides={"LMS_MODE": "production"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_deploy_check_is_clean(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "LMS_MODE": "production",
            "SECRET_KEY": "x" * 20 + "A-very-long-random-secret-for-the-deploy-check-9f8e7d",
            "ALLOWED_HOSTS": "hocvuso.example.vn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_mode_generates_and_keeps_a_secret_key(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run_manage("shell", "-c", code, env_overrides={}, tmp_path=tmp_path)
    second = run_manage("shell", "-c", code, env_overrides={}, tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip().splitlines()[-1]
    assert len(key) >= 50
    assert second.stdout.strip().splitlines()[-1] == key
    assert (tmp_path / "var" / "secret_key").read_text().strip() == key


def test_database_url_selects_the_database(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    pg = run_manage(
        "shell", "-c", code, env_overrides={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"}, tmp_path=tmp_path
    )
    sqlite = run_manage("shell", "-c", code, env_overrides={}, tmp_path=tmp_path)
    assert pg.stdout.strip().endswith("django.db.backends.postgresql")
    assert sqlite.stdout.strip().endswith("django.db.backends.sqlite3")


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_text_size_toggle_sets_cookie_and_refuses_foreign_redirects(client):
    response = client.post("/text-size/", {"size": "large", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["textsize"].value == "large"
