"""Uploaded files (issue 8): type checked by content, size-limited, served with safe headers.

Images (Wagtail: format = extension, size, pixels, no SVG), documents (content = extension, always downloaded,
``nosniff`` and ``default-src 'none'``), certificate template images (Wagtail images), question banks and rosters
(size limit before reading, unreadable files refused with a message), and what /media/ will not serve. H5P packages
are checked by their own app: tests/h5p/test_validation.py and tests/h5p/test_files.py.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lms.uploads import content_matches

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def png_bytes(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def moderator_client(client, make_user):
    from lms.accounts.roles import MODERATORS, ensure_roles

    ensure_roles()
    client.force_login(make_user(groups=[MODERATORS]))
    return client


# --- Images (lessons, questions, certificate logos and signatures) ------------------------------------------------


def _image_form(name, data):
    from wagtail.images.forms import get_image_form
    from wagtail.images.models import Image as WagtailImage

    form_class = get_image_form(WagtailImage)
    return form_class(data={"title": "Ảnh", "collection": _root_collection()},
                      files={"file": SimpleUploadedFile(name, data)})


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


def test_real_image_is_accepted():
    form = _image_form("logo.png", png_bytes())
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("name,data", [
    ("logo.png", HTML),  # a page with an image's name
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),  # SVG runs scripts
    ("logo.jpg", png_bytes()),  # a PNG named .jpg: format must match the extension
])
def test_image_content_must_match(name, data):
    form = _image_form(name, data)
    assert not form.is_valid() and "file" in form.errors


def test_image_size_and_pixels_are_limited(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 200
    assert not _image_form("big.png", png_bytes((64, 64)) + b"\x00" * 400).is_valid()
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    assert not _image_form("wide.png", png_bytes((100, 100))).is_valid()


def test_certificate_template_images_are_wagtail_images():
    from certificates.models import CertificateTemplate

    for field in ("logo", "signature_image"):
        assert CertificateTemplate._meta.get_field(field).related_model._meta.label == "wagtailimages.Image"


# --- Documents ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ext,data,ok", [
    ("pdf", b"%PDF-1.7\n...", True), ("pdf", HTML, False),
    ("docx", b"PK\x03\x04rest", True), ("docx", b"MZ\x90\x00 a Windows program", False),
    ("xlsx", b"PK\x03\x04", True), ("zip", b"Rar!\x1a\x07", False),
    ("mp4", b"\x00\x00\x00\x18ftypmp42", True), ("mp4", HTML, False),
    ("mp3", b"ID3\x03\x00", True), ("webm", b"\x1a\x45\xdf\xa3", True),
    ("txt", "Bài học: an toàn".encode(), True), ("txt", HTML, False), ("csv", b"a,b\x00c", False),
])
def test_document_content_sniffing(ext, data, ok):
    assert content_matches(ext, data) is ok


def test_document_admin_refuses_a_page_named_pdf(moderator_client):
    from wagtail.documents.models import Document

    response = moderator_client.post("/admin/documents/multiple/add/", {
        "files[]": SimpleUploadedFile("bai-hoc.pdf", HTML, content_type="application/pdf"),
    }, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "không khớp" in json.dumps(response.json(), ensure_ascii=False)
    assert not Document.objects.exists()
    response = moderator_client.post("/admin/documents/multiple/add/", {
        "files[]": SimpleUploadedFile("bai-hoc.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"),
    }, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.json()["success"] is True and Document.objects.count() == 1


def test_documents_are_downloaded_never_shown_inline(client):
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Tài liệu", file=SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_media_never_serves_private_folders(client, settings):
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Riêng", file=SimpleUploadedFile("rieng.pdf", b"%PDF-1.4\n"))
    name = document.file.name
    assert (Path(settings.MEDIA_ROOT) / name).exists()
    assert client.get(f"/media/{name}").status_code == 404, "would bypass Wagtail's collection privacy"
    assert client.get(f"/media/original_images/../{name}").status_code == 404
    cert = Path(settings.MEDIA_ROOT) / "certificates" / "pdf" / "x.pdf"
    cert.parent.mkdir(parents=True)
    cert.write_bytes(b"%PDF-1.4\n")
    assert client.get("/media/certificates/pdf/x.pdf").status_code == 404
    h5p = Path(settings.MEDIA_ROOT) / "h5p" / "content" / "1" / "a.html"
    h5p.parent.mkdir(parents=True)
    h5p.write_bytes(HTML)
    assert client.get("/media/h5p/content/1/a.html").status_code == 404


# --- Question banks and rosters -----------------------------------------------------------------------------------


def test_question_bank_upload_is_size_limited(moderator_client, settings):
    from quizzes.models import Question

    settings.QUESTION_IMPORT_MAX_BYTES = 100
    text = "Câu hỏi?\nA. Có\nB. Không\nANSWER: A\n\n" * 10
    response = moderator_client.post("/admin/quizzes/import/", {
        "file": SimpleUploadedFile("bank.txt", text.encode()), "format": "aiken", "framework": "TT02-2025",
        "competence": "4.2", "level": 1,
    })
    assert response.status_code == 200 and "Tệp quá lớn" in response.content.decode()
    assert not Question.objects.exists()


def test_question_bank_form_limit(settings):
    from quizzes.forms import ImportForm

    settings.QUESTION_IMPORT_MAX_BYTES = 10
    form = ImportForm(data={"framework": "TT02-2025"}, files={"file": SimpleUploadedFile("b.txt", b"x" * 11)})
    assert not form.is_valid() and "Tệp quá lớn" in str(form.errors["file"])


def test_roster_upload_refuses_a_disguised_file(client, make_manager, tree):
    from lms.accounts.models import User

    client.force_login(make_manager(tree["P-A"]))
    users = User.objects.count()
    response = client.post("/manage/roster/", {"file": SimpleUploadedFile("danh-sach.xlsx", HTML)})
    assert response.status_code == 200
    assert "Không đọc được tệp" in response.content.decode()
    assert User.objects.count() == users


def test_roster_upload_is_size_limited(client, make_manager, tree, monkeypatch):
    from lms.organisations import views

    monkeypatch.setattr(views, "MAX_UPLOAD", 50)
    client.force_login(make_manager(tree["P-A"]))
    response = client.post("/manage/roster/", {"file": SimpleUploadedFile("ds.csv", b"a,b\n" * 40)})
    assert "Tệp quá lớn" in response.content.decode()
