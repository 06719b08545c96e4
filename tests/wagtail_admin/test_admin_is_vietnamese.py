"""Issue 16: no Wagtail admin page that an editor, a reviewer or the administrator opens shows an English UI
string (the rule for "English" is in tests/wagtail_admin/english.py; the walk in walker.py)."""

import json
import os
import re
from importlib.util import find_spec
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse

from .english import english_strings
from .walker import walk

SEEDS = [
    "/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/snippets/", "/admin/reports/",
    "/admin/account/", "/admin/workflows/list/", "/admin/workflows/tasks/index/", "/admin/h5p/",
    "/admin/snippets/quizzes/assessment/?is_published=true&live=false",  # yes/no filter chips: "Công bố: Có"
]


def user_content() -> list[str]:
    """Everything people typed that an admin page may show, longest first (so that a title is taken out whole)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Page, Site
    from wagtail.snippets.models import get_snippet_models

    strings = set()
    for page in Page.objects.all():
        strings.update({page.title, page.draft_title, page.seo_title, page.slug})
    strings.update(get_image_model().objects.values_list("title", flat=True))
    strings.update(get_document_model().objects.values_list("title", flat=True))
    strings.update(Collection.objects.values_list("name", flat=True))
    for site in Site.objects.all():
        strings.update({site.hostname, site.site_name, str(site)})
    strings.update(Tag.objects.values_list("name", flat=True))
    # Role groups are named in English in code (lms/accounts/roles.py: "Editors", "Moderators"…): data here.
    strings.update(Group.objects.values_list("name", flat=True))
    for user in get_user_model().objects.all():
        strings.update({user.full_name, user.email, str(user)})
    for model in get_snippet_models():
        strings.update(str(obj) for obj in model.objects.all()[:500])
    return sorted((s for s in strings if s and len(s) > 2), key=len, reverse=True)


def signed_in(email: str) -> Client:
    from lms.accounts.models import User
    from lms.privacy.services import consent_record

    user = User.objects.get(email=email)
    consent_record(user=user, context="test")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("email", ["bientap@hocvuso.vn", "kiemduyet@hocvuso.vn", "quantri@hocvuso.vn"])
def test_no_admin_page_shows_english(admin_demo, email):
    from courses.models import CourseIndexPage, CoursePage, HomePage, LessonPage, ModulePage

    lesson = admin_demo["lesson"]
    course = CoursePage.objects.filter(locale__language_code="vi").first()
    seeds = SEEDS + [
        f"/admin/pages/{lesson.pk}/edit/", f"/admin/pages/{course.pk}/", f"/admin/pages/{lesson.pk}/history/",
        f"/admin/pages/add/courses/lessonpage/{course.pk}/", f"/admin/pages/add/courses/modulepage/{course.pk}/",
        f"/admin/pages/add/courses/coursepage/{CourseIndexPage.objects.first().pk}/",
        f"/admin/pages/{HomePage.objects.first().pk}/edit/", f"/admin/pages/{course.pk}/edit/",
        f"/admin/pages/{ModulePage.objects.first().pk}/edit/" if ModulePage.objects.exists() else "/admin/",
        f"/admin/pages/{LessonPage.objects.filter(locale__language_code='vi').first().pk}/edit/",
    ]
    pages = walk(signed_in(email), seeds, limit=int(os.environ.get("ADMIN_WALK_LIMIT", "120")))
    assert len(pages) >= 15, sorted(pages)
    content = user_content()
    problems = {path: found for path, html in pages.items() if (found := english_strings(html, content))}
    if os.environ.get("ADMIN_WALK_DUMP"):
        with Path(os.environ["ADMIN_WALK_DUMP"]).open("a") as out:
            for path, found in problems.items():
                out.write(f"## {email} {path}\n" + "".join(f"{s}\n" for s in found))
    assert problems == {}


def test_the_admin_javascript_catalogue_is_vietnamese(db, make_user, compiled_catalogues):
    """Strings the admin's JavaScript draws (StreamField menus, comments, autosave, the sidebar) come from
    /admin/jsi18n/: every one Wagtail's admin declares has a Vietnamese translation there."""
    wagtail_admin = Path(find_spec("wagtail.admin").origin).parent
    english = polib.pofile(str(wagtail_admin / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"))
    client = Client()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    response = client.get(reverse("wagtailadmin_javascript_catalog"), HTTP_ACCEPT_LANGUAGE="vi")
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S).group(1))
    missing = [entry.msgid for entry in english if entry.msgid not in catalogue]
    assert missing == []
    assert catalogue["More actions"] == "Thao tác khác"
