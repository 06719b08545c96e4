"""Uploaded files: is the content what the name says, and is it small enough (the one place for those rules).

- Wagtail images: Wagtail checks the format against the extension (Pillow/Willow), the size and the pixel count
  (``WAGTAILIMAGES_*`` in settings); SVG is not an allowed extension.
- Wagtail documents: :class:`DocumentForm` (``WAGTAILDOCS_DOCUMENT_FORM_BASE``) refuses a file whose first bytes
  do not match its extension (a page saved as ``.pdf``, a script as ``.docx``); documents are served as attachments
  with ``nosniff`` and ``default-src 'none'`` by Wagtail's serve view.
- Question banks and rosters: :func:`check_size` before anything is read into memory.
- H5P packages: courses/h5p/validation (types by content, sizes, zip slip, symlinks).
"""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

TOO_LARGE = _("Tệp quá lớn (%(size)s); tối đa %(max)s.")
WRONG_CONTENT = _("Nội dung tệp không khớp với đuôi .%(ext)s. Hãy tải lên đúng tệp gốc.")

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
#: First bytes each document type must start with (any of them). Text types are checked by :func:`_looks_like_text`.
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP, "odt": _ZIP, "ods": _ZIP, "odp": _ZIP, "zip": _ZIP,
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xe3"),
    "webm": (b"\x1a\x45\xdf\xa3",),
    "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "gif": (b"GIF8",),
}
TEXT_TYPES = {"txt", "csv"}
_HTML_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def _looks_like_text(head: bytes) -> bool:
    """Text a browser would not treat as a page: valid UTF-8 (or UTF-16 with a BOM), no NULs, no HTML at the top."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a character cut at the end of the sample is fine
            return False
    return not head.lstrip().lower().startswith(_HTML_MARKERS)


def content_matches(extension: str, head: bytes) -> bool:
    """Whether the first bytes (``head``, 512 are enough) of a file fit its extension."""
    ext = extension.lower().lstrip(".")
    if ext == "mp4":
        return head[4:8] == b"ftyp"
    if ext in TEXT_TYPES:
        return _looks_like_text(head)
    magic = MAGIC.get(ext)
    return True if magic is None else head.startswith(magic)


def check_content(upload) -> None:
    """Raise ``ValidationError`` when the uploaded file's content does not match its extension."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(512)
    upload.seek(position)
    if not content_matches(ext, head):
        raise forms.ValidationError(WRONG_CONTENT % {"ext": ext}, code="wrong_content")


def check_size(upload, max_bytes: int) -> None:
    if upload.size > max_bytes:
        raise forms.ValidationError(
            TOO_LARGE % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)}, code="too_large"
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing files whose content does not match their extension."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_content(upload)
        return upload
