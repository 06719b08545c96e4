"""The demo, and a lesson waiting in the moderators' workflow, for the admin walk."""

import polib
import pytest
from django.conf import settings as django_settings

from tests.courses.conftest import build_course  # noqa: F401  (the small course tree, for the mail tests)


@pytest.fixture
def compiled_catalogues(tmp_path, settings):
    """The committed .po files compiled into a temporary LOCALE_PATHS (the setting change also empties Django's
    catalogue cache), so that these tests never depend on ``make`` having compiled the .mo files."""
    paths = []
    for source in django_settings.LOCALE_PATHS:
        target_root = tmp_path / source.name
        for po_path in source.rglob("*.po"):
            target = target_root / po_path.relative_to(source).with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            polib.pofile(str(po_path)).save_as_mofile(str(target))
        paths.append(target_root)
    settings.LOCALE_PATHS = paths
    return paths


@pytest.fixture
def admin_demo(db, settings, compiled_catalogues):
    from django.core.management import call_command

    from courses.models import LessonPage
    from lms.accounts.models import User

    settings.ACCOUNT_RATE_LIMITS_ENABLED = False
    call_command("load_demo", verbosity=0)
    editor = User.objects.get(email="bientap@hocvuso.vn")
    lesson = LessonPage.objects.filter(locale__language_code="vi").order_by("path").last()
    revision = lesson.save_revision(user=editor)
    lesson.get_workflow().start(lesson, editor)
    return {"lesson": lesson, "revision": revision}
