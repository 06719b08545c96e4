import pytest

from .builders import build, upload


@pytest.fixture(autouse=True)
def h5p_root(settings, tmp_path):
    """Each test unpacks into its own folder; the LRS is off unless a test sets it."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.H5P_ROOT = str(tmp_path / "media" / "h5p")
    settings.H5P_LRS_ENDPOINT = ""
    settings.H5P_LRS_RETRY_DELAY = 0
    from django.core.cache import cache

    cache.clear()
    return tmp_path / "media" / "h5p"


@pytest.fixture
def package_bytes():
    return build()


@pytest.fixture
def moderator(make_user):
    return make_user(groups=["Moderators"])


@pytest.fixture
def editor(make_user):
    return make_user(groups=["Editors"])


@pytest.fixture
def activity(db, package_bytes):
    from courses.h5p.services import h5p_import

    return h5p_import(source=upload(package_bytes), title="Hoạt động thử")
