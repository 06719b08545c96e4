import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps rate-limit counters in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _sms_to_tmp(settings, tmp_path):
    settings.SMS_BACKEND = "lms.accounts.sms.file_backend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    return settings.SMS_FILE_PATH


@pytest.fixture
def units(db):
    from demo.units import seed_demo_units

    return seed_demo_units()


@pytest.fixture
def client_vi(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client
