"""The unpacked files as served by the project (embedded mode): safe headers, nothing executable from content."""

import pytest

from .builders import LIBRARY, SAMPLES, build, default_files, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_activity(db):
    from courses.h5p.services import h5p_import

    files = default_files()
    files["content/media/clip.mp4"] = SAMPLES["mp4"]
    files["content/docs/notes.docx"] = b"PK\x03\x04 fake docx"
    files["content/notes.txt"] = b"<script>alert(1)</script>"
    return h5p_import(source=upload(build(files)))


def url(path):
    return f"/h5p/files/{path}"


def test_library_js_served_as_javascript(client, rich_activity):
    response = client.get(url(f"libraries/{LIBRARY}-1.0/activity.js"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_content_json_and_media(client, rich_activity):
    base = f"content/{rich_activity.pk}"
    response = client.get(url(f"{base}/h5p.json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    response = client.get(url(f"{base}/content/content.json"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    response = client.get(url(f"{base}/content/media/clip.mp4"))
    assert response["Content-Type"] == "video/mp4" and response["X-Content-Type-Options"] == "nosniff"
    response = client.get(url(f"{base}/content/notes.txt"))
    assert response["Content-Type"].startswith("text/plain")


def test_office_documents_are_attachments(client, rich_activity):
    response = client.get(url(f"content/{rich_activity.pk}/content/docs/notes.docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "content/{pk}/content/../../../../etc/passwd",
        "content/{pk}/../{pk}/h5p.json",
        "libraries/../content/{pk}/h5p.json",
        "content/{pk}/content/page.html",
        "content/{pk}/content/icon.svgz",
        "content/{pk}/content/run.js",
        "content/x/h5p.json",
        "other/{pk}/h5p.json",
        ".tmp/x/h5p.json",
        "content/{pk}",
    ],
)
def test_refused_paths(client, rich_activity, path, h5p_root):
    # Plant files a bad actor might hope to reach, so that only the view's rules stop them.
    folder = h5p_root / rich_activity.content_dir / "content"
    (folder / "page.html").write_text("<script>alert(1)</script>")
    (folder / "icon.svgz").write_text("<svg/>")
    (folder / "run.js").write_text("alert(1)")
    assert client.get(url(path.format(pk=rich_activity.pk))).status_code == 404


def test_post_refused(client, rich_activity):
    assert client.post(url(f"content/{rich_activity.pk}/h5p.json")).status_code == 405


# Audit 2026-12-04 (held): percent-encoded, double-encoded, backslash and mixed variants of "..", sent as raw paths
# (the router decodes once; the view then refuses "..", backslashes and anything normpath would change).
@pytest.mark.parametrize("raw", [
    "/h5p/files/content/{pk}/%2e%2e/{pk}/h5p.json",
    "/h5p/files/content/{pk}/%2E%2E%2F{pk}%2Fh5p.json",
    "/h5p/files/content/{pk}/%252e%252e/{pk}/h5p.json",
    "/h5p/files/content/{pk}/..%5c{pk}%5ch5p.json",
    "/h5p/files/content/{pk}/content%5c..%5c..%5c{pk}/h5p.json",
    "/h5p/files/libraries/%2e%2e/content/{pk}/h5p.json",
    "/h5p/files/content/{pk}/.%2fh5p.json",
    "/h5p/files/content/{pk}//h5p.json",
    "/h5p/files/content/{pk}/h5p.json%00.png",
    "/h5p/files/%2fetc/passwd",
])
def test_encoded_traversal_refused(client, rich_activity, raw):
    assert client.get(f"/h5p/files/content/{rich_activity.pk}/h5p.json").status_code == 200
    assert client.get(raw.format(pk=rich_activity.pk)).status_code == 404
