"""Block templates: alt text, decorative images, video and document links."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from courses.blocks import LessonStreamBlock


@pytest.fixture
def image(db):
    return Image.objects.create(title="Màn hình VNeID", file=get_test_image_file(), description="")


@pytest.fixture
def video_document(db):
    document = Document(title="Cài VNeID")
    document.file.save("cai-vneid.mp4", ContentFile(b"\x00" * 2048), save=False)
    document.save()
    return document


def render(stream_data):
    block = LessonStreamBlock()
    return block.render(block.to_python(stream_data))


def test_image_uses_its_alt_text_or_none_when_decorative(image):
    html = render([{"type": "image", "value": {"image": image.pk, "alt_text": "Nút Đăng nhập ở góc phải", "decorative": False}}])
    assert 'alt="Nút Đăng nhập ở góc phải"' in html and "<picture>" in html
    html = render([{"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": True}}])
    assert 'alt=""' in html


def test_uploaded_video_is_not_preloaded_and_can_be_downloaded(video_document):
    html = render([{"type": "video", "value": {"title": "Cài VNeID", "file": video_document.pk, "embed": None,
                                              "transcript": "Bước 1: mở CH Play."}}])
    assert '<video controls preload="none"' in html and f'src="{video_document.url}"' in html
    assert "MP4" in html and "2,0" in html  # file size
    assert "<details" in html and "Bước 1: mở CH Play." in html


def test_document_link_shows_type_and_size(video_document):
    html = render([{"type": "document", "value": {"document": video_document.pk, "title": "Hướng dẫn"}}])
    assert f'href="{video_document.url}"' in html and "Hướng dẫn" in html and "MP4, 2,0" in html


def test_heading_callout_and_steps():
    html = render([
        {"type": "heading", "value": {"text": "Mục một", "level": "h3"}},
        {"type": "callout", "value": {"kind": "warning", "title": "", "text": "<p>Không đọc OTP.</p>"}},
        {"type": "steps", "value": {"title": "", "steps": [{"title": "Mở ứng dụng", "text": "", "screenshot": None}]}},
    ])
    assert "<h3>Mục một</h3>" in html
    assert 'class="callout callout-warning"' in html and "Cảnh báo" in html
    assert '<ol class="steps">' in html and "Mở ứng dụng" in html
