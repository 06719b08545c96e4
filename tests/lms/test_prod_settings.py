"""Which backends the environment selects (no live S3, OpenSearch or Redis needed: only the settings are read)."""

import json

from .test_settings import run_manage

PRINT = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'cache': s.CACHES['default']['BACKEND'], 'cache_options': s.CACHES['default'].get('OPTIONS', {}),"
    "'sessions': s.SESSION_ENGINE, 'tasks': s.TASKS['default']['BACKEND'], 'email': s.EMAIL_BACKEND,"
    "'delivery': s.EMAIL_DELIVERY_BACKEND, 'media': s.STORAGES['default'], 'exports': s.STORAGES['exports']['BACKEND'],"
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'search': s.WAGTAILSEARCH_BACKENDS['default'],"
    "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'],"
    "'health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS'], 'page_cache': s.PAGE_CACHE_ENABLED,"
    "'apps': 'django_tasks_db' in s.INSTALLED_APPS}, default=str))"
)
PRODUCTION = {
    "LMS_MODE": "production",
    "SECRET_KEY": "a-long-random-secret-for-the-settings-test-0123456789abcdef",
    "ALLOWED_HOSTS": "hocvuso.example.vn",
    "REDIS_URL": "redis://127.0.0.1:6379/8",
}


# Variables CI or a developer may have set for the suite itself: cleared, so that each test sees only its own.
CLEARED = ["REDIS_URL", "PAGE_CACHE", "TASKS_BACKEND", "EMAIL_BACKEND", "EMAIL_VIA_TASKS", "DB_CONN_MAX_AGE",
           "DATABASE_REPLICA_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_CUSTOM_DOMAIN",
           "WAGTAILSEARCH_URL", "WAGTAILSEARCH_ENGINE", "STATIC_ROOT"]


def read_settings(tmp_path, **overrides):
    env = {**dict.fromkeys(CLEARED, ""), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "TESTING": "",
           **overrides}
    result = run_manage("shell", "-c", PRINT, env_overrides=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults(tmp_path):
    s = read_settings(tmp_path)
    # a cache shared by the gunicorn workers (issue 14: tests/security/test_shared_cache.py)
    assert s["cache"] == "lms.cache.SharedDatabaseCache" and s["sessions"] == "django.contrib.sessions.backends.db"
    assert s["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert s["email"] == s["delivery"] == "django.core.mail.backends.filebased.EmailBackend"
    assert s["media"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert s["exports"] == "django.core.files.storage.FileSystemStorage"
    assert s["search"]["BACKEND"] == "wagtail.search.backends.database"
    assert s["page_cache"] is False and s["apps"] is True


def test_production_with_redis_s3_and_opensearch(tmp_path):
    s = read_settings(
        tmp_path, **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="hocvuso-media", AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        WAGTAILSEARCH_URL="https://search.example.vn:9200",
    )
    assert s["cache"] == "lms.cache.DegradingRedisCache" and s["cache_options"]["IGNORE_EXCEPTIONS"] is True
    assert s["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert s["tasks"] == "django_tasks_db.DatabaseBackend"
    assert s["email"] == "lms.mail.QueuedEmailBackend"
    assert s["delivery"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["media"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s["media"]["OPTIONS"]["bucket_name"] == "hocvuso-media"
    assert s["media"]["OPTIONS"]["endpoint_url"] == "https://s3.example.vn"
    assert s["exports"] == "storages.backends.s3.S3Storage"
    assert s["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert s["search"]["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert s["search"]["URLS"] == ["https://search.example.vn:9200"]
    assert s["conn_max_age"] == 60 and s["health_checks"] is True
    assert s["page_cache"] is True


def test_elasticsearch_and_inline_tasks_can_be_chosen(tmp_path):
    s = read_settings(
        tmp_path, **PRODUCTION, WAGTAILSEARCH_URL="http://127.0.0.1:9200", WAGTAILSEARCH_ENGINE="elasticsearch",
        TASKS_BACKEND="immediate",
    )
    assert s["search"]["BACKEND"] == "wagtail.search.backends.elasticsearch9"
    assert s["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"  # inline tasks: no queue in between
    assert s["media"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
