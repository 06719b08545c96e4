"""Allowed extensions (H5P core's default whitelist, tightened) and magic-number checks.

Refused on purpose, although H5P core's whitelist has them: ``svg`` (may carry script; refused rather than
sanitised), ``swf`` (Flash), and anything that a browser would run as a page (``html``, ``htm``, ``xhtml``).
"""

from __future__ import annotations

# H5P core's default content whitelist, without svg and swf; plus webp.
CONTENT_EXTENSIONS = frozenset(
    "json png jpg jpeg gif bmp tif tiff webp eot ttf woff woff2 otf webm mp4 ogg oga ogv mp3 m4a wav txt pdf rtf "
    "doc docx xls xlsx ppt pptx odt ods odp xml csv diff patch md textile vtt webvtt".split()
)
# Libraries: code and styles, their JSON (library.json, semantics.json, language/*.json), fonts, images, sounds.
LIBRARY_EXTENSIONS = frozenset(
    "js css json eot ttf woff woff2 otf png jpg jpeg gif webp mp3 ogg wav m4a txt md".split()
)
REFUSED_EXTENSIONS = frozenset({"svg", "svgz"})


def _ftyp(head: bytes) -> bool:
    return len(head) >= 12 and head[4:8] == b"ftyp"


def _mp3(head: bytes) -> bool:
    return head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0)


# Extension → predicate on the first bytes of the file.
MAGIC = {
    "png": lambda h: h.startswith(b"\x89PNG\r\n\x1a\n"),
    "jpg": lambda h: h.startswith(b"\xff\xd8\xff"),
    "jpeg": lambda h: h.startswith(b"\xff\xd8\xff"),
    "gif": lambda h: h[:6] in (b"GIF87a", b"GIF89a"),
    "webp": lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP",
    "bmp": lambda h: h[:2] == b"BM",
    "tif": lambda h: h[:4] in (b"II*\x00", b"MM\x00*"),
    "tiff": lambda h: h[:4] in (b"II*\x00", b"MM\x00*"),
    "mp4": _ftyp,
    "m4a": _ftyp,
    "webm": lambda h: h[:4] == b"\x1a\x45\xdf\xa3",
    "ogg": lambda h: h[:4] == b"OggS",
    "oga": lambda h: h[:4] == b"OggS",
    "ogv": lambda h: h[:4] == b"OggS",
    "mp3": _mp3,
    "wav": lambda h: h[:4] == b"RIFF" and h[8:12] == b"WAVE",
    "pdf": lambda h: h[:5] == b"%PDF-",
}
MAGIC_BYTES = 16


def extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def magic_matches(ext: str, head: bytes) -> bool:
    """True when ``head`` (the first bytes) fits ``ext``, or when ``ext`` has no signature to check."""
    check = MAGIC.get(ext)
    return True if check is None else bool(check(head))
