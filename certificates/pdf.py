"""The printed certificate: an A4 landscape PDF drawn with ReportLab.

Vietnamese needs a font that has its letters (ạ, ệ, ữ…): Noto Sans, shipped in ``lms/fonts`` under the
SIL Open Font License (see OFL.txt there) and embedded in every PDF. The QR code (ReportLab's own encoder) links
to the public verification page; its URL and the serial are printed beside it for people without a camera.
"""

from __future__ import annotations

import io
import itertools
import logging
from pathlib import Path

from django.utils import timezone
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

logger = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent.parent / "lms" / "fonts"
REGULAR = "NotoSans"
BOLD = "NotoSans-Bold"
BRAND = HexColor("#0b5394")
INK = HexColor("#1a1a1a")
MUTED = HexColor("#4a4a4a")
GOLD = HexColor("#b8860b")
PAGE = landscape(A4)


def register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    if REGULAR not in registered:
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "NotoSans-Regular.ttf")))
    if BOLD not in registered:
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "NotoSans-Bold.ttf")))


def qr_widget(url: str) -> QrCodeWidget:
    return QrCodeWidget(url, barLevel="M", barBorder=2)


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code of ``url`` in a ``size``-point square (quiet zone included) with its lower left at ``x, y``.

    Encoded once and drawn as one filled path of the dark runs of each row: the widget's own drawing (a graphics
    Group of one rectangle per run, encoded twice through getBounds) took most of the time of a certificate
    (see bench/certificates.py)."""
    widget = qr_widget(url)
    code = widget.qr
    code.make()
    border = widget.barBorder
    box = size / (code.getModuleCount() + border * 2)
    path = canvas.beginPath()
    for row_index, row in enumerate(code.modules):
        column = 0
        for dark, run in itertools.groupby(bool(module) for module in row):
            length = len(list(run))
            if dark:
                path.rect(x + (column + border) * box, y + size - (row_index + border + 1) * box, length * box, box)
            column += length
    canvas.saveState()
    canvas.setFillColor(widget.barFillColor)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _image(image) -> ImageReader | None:
    """A Wagtail image as ReportLab reads it, or ``None`` (a missing file must not stop a certificate)."""
    if image is None:
        return None
    try:
        with image.open_file() as handle:
            return ImageReader(io.BytesIO(handle.read()))
    except Exception:  # noqa: BLE001 - any storage or decoding error: print without the picture
        logger.warning("Certificate image %s could not be read", getattr(image, "pk", None), exc_info=True)
        return None


def _centered(canvas: Canvas, text: str, top: float, font: str, size: float, width: float, color=INK) -> float:
    """Draw ``text`` centred and wrapped to ``width`` below ``top``; returns the top of what comes next."""
    canvas.setFont(font, size)
    canvas.setFillColor(color)
    for line in simpleSplit(text, font, size, width):
        canvas.drawCentredString(PAGE[0] / 2, top - size, line)
        top -= size * 1.3
    return top


def _competence_line(item: dict) -> str:
    text = f"{item.get('code', '')} {item.get('name', '')}".strip()
    if item.get("level"):
        text += f" — Bậc {item['level']}"
    elif item.get("percent") is not None:
        text += f" — {item['percent']:g}%"
    return text


def render_certificate(certificate) -> bytes:
    """The PDF bytes of ``certificate`` (uses its template, or a plain layout without one)."""
    register_fonts()
    template = certificate.template
    width, height = PAGE
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(f"Chứng nhận {certificate.display_serial} – {certificate.achievement_title}")
    canvas.setAuthor(certificate.issuing_body)
    canvas.setSubject(certificate.verify_url)
    canvas.setCreator("Học vụ số")

    # Frame.
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(6)
    canvas.rect(18, 18, width - 36, height - 36)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.rect(30, 30, width - 60, height - 60)

    # Issuer and logo.
    logo = _image(template.logo) if template else None
    if logo is not None:
        canvas.drawImage(logo, 50, height - 50 - 60, width=60, height=60, preserveAspectRatio=True, mask="auto")
    y = _centered(canvas, certificate.issuing_body.upper(), height - 50, BOLD, 12, width - 260, BRAND)
    if template and template.issuing_body_en:
        y = _centered(canvas, template.issuing_body_en, y, REGULAR, 9, width - 260, MUTED)

    # Title.
    y = _centered(canvas, "CHỨNG NHẬN", height - 100, BOLD, 38, width - 120, BRAND)
    y = _centered(canvas, "CERTIFICATE", y - 2, REGULAR, 13, width - 120, MUTED)

    # Learner.
    y = _centered(canvas, "Chứng nhận ông/bà · This is to certify that", y - 8, REGULAR, 12, width - 120, MUTED)
    y = _centered(canvas, certificate.learner_name, y - 2, BOLD, 28, width - 160, INK)

    # Achievement.
    body_vi = (template.body_vi if template else "") or "đã hoàn thành và đạt yêu cầu"
    body_en = (template.body_en if template else "") or "has successfully completed"
    what_vi = "khóa học" if certificate.kind == certificate.Kind.COURSE else "bài kiểm tra"
    what_en = "the course" if certificate.kind == certificate.Kind.COURSE else "the assessment"
    y = _centered(canvas, f"{body_vi} {what_vi}", y - 2, REGULAR, 13, width - 160, INK)
    y = _centered(canvas, f"{body_en} {what_en}", y, REGULAR, 10, width - 160, MUTED)
    y = _centered(canvas, f"“{certificate.achievement_title}”", y - 4, BOLD, 20, width - 200, BRAND)
    if certificate.achievement_title_en:
        y = _centered(canvas, certificate.achievement_title_en, y, REGULAR, 11, width - 200, MUTED)

    # Competences (two columns, at most ten lines).
    lines = [_competence_line(item) for item in certificate.competences or []]
    if lines:
        heading = "Năng lực số đạt được · Competences attained" if certificate.kind == certificate.Kind.ASSESSMENT \
            else "Năng lực số phát triển · Competences developed"
        y = _centered(canvas, heading, y - 6, BOLD, 9.5, width - 200, INK) - 9
        canvas.setFont(REGULAR, 8.5)
        canvas.setFillColor(INK)
        column_width = (width - 260) / 2
        shown = lines[:10]
        half = (len(shown) + 1) // 2
        for index, line in enumerate(shown):
            column, row = divmod(index, half)
            text = simpleSplit(line, REGULAR, 8.5, column_width - 8)[0]
            canvas.drawString(130 + column * column_width, y - row * 11, text)
        if len(lines) > len(shown):
            canvas.drawString(130, y - half * 11, f"… và {len(lines) - len(shown)} năng lực khác")

    # Footer: date, framework, serial (left); signer (centre); QR (right).
    issued = timezone.localtime(certificate.issued_at)
    canvas.setFillColor(INK)
    canvas.setFont(REGULAR, 9.5)
    left_lines = [f"Ngày cấp · Issued: {issued:%d/%m/%Y}"]
    if certificate.framework_code:
        left_lines.append(
            f"Khung năng lực số · Framework: {certificate.framework_code} (phiên bản {certificate.framework_version})"
        )
    for index, line in enumerate(left_lines):
        canvas.drawString(56, 112 - index * 14, line)
    canvas.setFont(BOLD, 11)
    canvas.drawString(56, 112 - len(left_lines) * 14 - 4, f"Số hiệu · Serial: {certificate.display_serial}")

    if template and (template.signer_name or template.signer_title):
        centre = width / 2 + 40
        canvas.setFont(BOLD, 10)
        canvas.drawCentredString(centre, 128, template.signer_title)
        if template.signer_title_en:
            canvas.setFont(REGULAR, 8.5)
            canvas.setFillColor(MUTED)
            canvas.drawCentredString(centre, 117, template.signer_title_en)
            canvas.setFillColor(INK)
        signature = _image(template.signature_image)
        if signature is not None:
            canvas.drawImage(signature, centre - 60, 66, width=120, height=46, preserveAspectRatio=True, mask="auto")
        canvas.setFont(BOLD, 11)
        canvas.drawCentredString(centre, 54, template.signer_name)

    qr_size = 92
    qr_x, qr_y = width - 56 - qr_size, 60
    draw_qr(canvas, certificate.verify_url, qr_x, qr_y, qr_size)
    canvas.setFont(REGULAR, 7)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(width - 56, qr_y - 6, "Quét mã hoặc mở địa chỉ để kiểm tra · Scan to verify")
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(INK)
    canvas.drawRightString(width - 56, qr_y - 16, certificate.verify_url)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
