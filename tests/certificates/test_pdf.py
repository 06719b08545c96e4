"""The printed certificate: a PDF with an embedded Vietnamese font, the name with its diacritics, and a QR code."""

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from certificates import pdf


def test_pdf_is_drawn_when_issued_and_kept_in_media_storage(certificate, settings):
    assert certificate.pdf.name.startswith("certificates/pdf/")
    assert certificate.serial not in certificate.pdf.name.split("-")[-1]  # a random part: the file URL is not guessable
    with certificate.pdf.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")


def test_pdf_embeds_noto_sans_and_text_keeps_vietnamese_diacritics(certificate):
    data = pdf.render_certificate(certificate)
    assert b"NotoSans" in data
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    fonts = {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}
    assert any("NotoSans" in name for name in fonts)
    text = page.extract_text()
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "CHỨNG NHẬN" in text
    assert "Bài kiểm tra chuẩn năng lực số – Người dân" in text
    assert certificate.display_serial in text
    assert certificate.verify_url in text
    assert "Bậc 2" in text
    assert "Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế".upper() in text


def test_qr_code_encodes_the_public_verification_url(certificate, monkeypatch):
    encoded = []
    original = pdf.qr_widget

    def recording(url):
        encoded.append(url)
        return original(url)

    monkeypatch.setattr(pdf, "qr_widget", recording)
    pdf.render_certificate(certificate)
    assert encoded == ["https://hocvuso.example.vn/verify/" + certificate.display_serial + "/"]
    assert original(encoded[0]).value == certificate.verify_url


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="needs poppler-utils and zbar-tools")
def test_qr_code_scans_back_to_the_verification_url(certificate, tmp_path):
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf.render_certificate(certificate))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(source), str(tmp_path / "page")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True)
    assert scanned.stdout.strip() == certificate.verify_url


def test_pdf_task_can_redraw_and_replaces_the_old_file(certificate):
    from certificates.tasks import generate_certificate_pdf

    old = certificate.pdf.name
    result = generate_certificate_pdf.enqueue(certificate.pk, force=True)
    certificate.refresh_from_db()
    assert result.return_value == certificate.pdf.name != old
    assert not certificate.pdf.storage.exists(old)


def test_template_logo_and_signature_images_are_drawn(make_certificate, template):
    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images.models import Image

    def wagtail_image(title, colour):
        buffer = io.BytesIO()
        PillowImage.new("RGB", (120, 60), colour).save(buffer, "PNG")
        return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))

    template.logo = wagtail_image("logo", "navy")
    template.signature_image = wagtail_image("chu-ky", "black")
    template.save()
    data = pdf.render_certificate(make_certificate())
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert len(page.images) == 2
    assert "Trần Văn Hưởng" in page.extract_text()


def test_a_missing_image_file_does_not_stop_the_certificate(make_certificate, template):
    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PillowImage.new("RGB", (10, 10), "red").save(buffer, "PNG")
    logo = Image.objects.create(title="logo", file=ImageFile(buffer, name="logo.png"))
    logo.file.storage.delete(logo.file.name)
    template.logo = logo
    template.save()
    assert pdf.render_certificate(make_certificate()).startswith(b"%PDF")
