"""Allowed extensions and magic-number checks.

The whitelists are H5P core's (``H5PCore::$defaultContentWhitelist`` and ``$defaultLibraryWhitelistExtras`` in
h5p-php-library's ``h5p.classes.php``; the Lumi server's ``contentWhitelist`` and ``libraryWhitelist`` are the
same): content files may have any extension of the content whitelist, library files any of the content whitelist
plus the library extras. Packages in the wild come from cores of several versions: up to 1.26 the content list
had ``svg`` and ``xml`` and the extras were ``js css``; core 1.27 (the one h5p-standalone 3.8 ships) moved ``svg``
and ``xml`` to the extras. A package is accepted if either accepts it, so an SVG exported in content by an older
core still imports (cleaned). The project adds ``webp``, ``oga`` and ``ogv`` (the Lumi server allows them too).
Nothing that a browser runs as a page (``html``, ``htm``, ``xhtml``, ``php``…) is on either list.

SVG is accepted, made safe rather than refused: a library's SVG (icons, SVG fonts) is served only with
``Content-Security-Policy: sandbox`` and ``nosniff`` (``views.serve_file``); an SVG in the content is cleaned by
``validation.svg.clean_svg`` before it is stored.
"""

from __future__ import annotations

# H5P core's default content whitelist (h5p-php-library, H5PCore::$defaultContentWhitelist), core 1.27 ...
H5P_CORE_CONTENT_WHITELIST = frozenset(
    "json png jpg jpeg gif bmp tif tiff eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf rtf doc docx "
    "xls xlsx ppt pptx odt ods odp csv diff patch swf md textile vtt webvtt gltf glb".split()
)
# ... plus what cores up to 1.26 had there (content exported by them).
H5P_CORE_CONTENT_BEFORE_1_27 = frozenset({"svg", "xml"})
# H5P core's extras for libraries (H5PCore::$defaultLibraryWhitelistExtras): "js css" up to 1.26, "js css svg xml"
# since 1.27.
H5P_CORE_LIBRARY_EXTRAS = frozenset({"js", "css", "svg", "xml"})
# The project's additions (also in the Lumi server's default content whitelist).
PROJECT_CONTENT_EXTRAS = frozenset({"webp", "oga", "ogv"})

CONTENT_EXTENSIONS = H5P_CORE_CONTENT_WHITELIST | H5P_CORE_CONTENT_BEFORE_1_27 | PROJECT_CONTENT_EXTRAS
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | H5P_CORE_LIBRARY_EXTRAS
SVG_EXTENSIONS = frozenset({"svg"})


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
    "glb": lambda h: h[:4] == b"glTF",
    "swf": lambda h: h[:3] in (b"FWS", b"CWS", b"ZWS"),
    "woff": lambda h: h[:4] == b"wOFF",
    "woff2": lambda h: h[:4] == b"wOF2",
}
MAGIC_BYTES = 16


def extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def magic_matches(ext: str, head: bytes) -> bool:
    """True when ``head`` (the first bytes) fits ``ext``, or when ``ext`` has no signature to check."""
    check = MAGIC.get(ext)
    return True if check is None else bool(check(head))
