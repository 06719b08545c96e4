"""Upload, replace, preview and usage in the Wagtail admin; the permission split as editors see it."""

import pytest
from django.urls import reverse

from courses.h5p.models import H5PActivity, H5PLibrary
from courses.h5p.validation import messages as m

from .builders import LIBRARY, build, default_files, upload

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_h5p_h5pactivity:add"
EDIT = "wagtailsnippets_h5p_h5pactivity:edit"
LIST = "wagtailsnippets_h5p_h5pactivity:list"


def test_moderator_uploads_new_library(client, moderator, h5p_root):
    client.force_login(moderator)
    assert client.get(reverse(ADD)).status_code == 200
    response = client.post(reverse(ADD), {"title": "", "package": upload(build())})
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = H5PActivity.objects.get()
    assert activity.title == "Bài tập thử" and activity.created_by == moderator
    assert (h5p_root / activity.content_dir / "h5p.json").is_file()


def test_editor_refused_new_library_with_message(client, editor, h5p_root):
    client.force_login(editor)
    response = client.post(reverse(ADD), {"title": "X", "package": upload(build())})
    assert response.status_code == 200
    assert str(m.INSTALL_PERMISSION % {"libraries": f"{LIBRARY} 1.0.0"}) in response.content.decode()
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()
    assert not (h5p_root / "libraries").exists()


def test_editor_uploads_on_installed_library(client, editor, activity):
    client.force_login(editor)
    response = client.post(reverse(ADD), {"title": "Của biên tập viên",
                                          "package": upload(build(default_files(with_library=False)))})
    assert response.status_code == 302
    assert H5PActivity.objects.filter(title="Của biên tập viên", created_by=editor).exists()


def test_package_required_on_create(client, moderator):
    client.force_login(moderator)
    response = client.post(reverse(ADD), {"title": "Không tệp"})
    assert response.status_code == 200
    assert not H5PActivity.objects.exists()


def test_invalid_package_shows_each_message(client, moderator, h5p_root):
    client.force_login(moderator)
    files = default_files()
    files["content/icon.svg"] = b"<html><body>not an svg</body></html>"
    files["content/page.html"] = b"<p>"
    files["content/run.js"] = b"alert(1)"
    response = client.post(reverse(ADD), {"title": "X", "package": upload(build(files))})
    body = response.content.decode()
    assert "content/run.js" in body and "content/page.html" in body
    assert not H5PActivity.objects.exists()
    assert not [p for p in h5p_root.rglob("*") if p.is_file()]


def test_edit_title_only_and_replace(client, moderator, activity, h5p_root):
    client.force_login(moderator)
    response = client.post(reverse(EDIT, args=[activity.pk]), {"title": "Tên mới"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Tên mới"
    revision = activity.revision
    response = client.post(reverse(EDIT, args=[activity.pk]), {"title": "Tên mới", "package": upload(build())})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.revision != revision
    assert H5PActivity.objects.count() == 1


def test_listing_preview_and_usage(client, moderator, activity):
    client.force_login(moderator)
    listing = client.get(reverse(LIST)).content.decode()
    assert activity.title in listing
    assert reverse("h5p:preview", args=[activity.pk]) in listing
    preview = client.get(reverse("h5p:preview", args=[activity.pk]))
    assert preview.status_code == 200
    assert "h5p/player/main.bundle.js" in preview.content.decode()
    assert "cdn" not in preview.content.decode().lower()
    usage = client.get(reverse("wagtailsnippets_h5p_h5pactivity:usage", args=[activity.pk]))
    assert usage.status_code == 200


def test_preview_needs_admin_access(client, learner, activity):
    client.force_login(learner)
    assert client.get(reverse("h5p:preview", args=[activity.pk])).status_code == 404
