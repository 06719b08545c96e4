"""Minimal H5P packages built in memory (zipfile): the fake library "H5P.TestActivity 1.0" renders a button
that reports a score through H5P's xAPI API. Tests change the file map to break one rule at a time.

The project's own content type (``H5P.HocVuSoTrueFalse 1.0``, source in ``courses/h5p/contenttype/``) is not
duplicated here: ``sample_files()`` / ``sample_package()`` are re-exported from there, and ``build()`` accepts
their file map like any other (``build(sample_files() | {...})``)."""

from __future__ import annotations

import io
import json
import zipfile

from courses.h5p.contenttype import LIBRARY_FOLDER as SAMPLE_LIBRARY_FOLDER  # noqa: F401  (re-exported)
from courses.h5p.contenttype import MACHINE_NAME as SAMPLE_LIBRARY  # noqa: F401
from courses.h5p.contenttype import SAMPLE_QUESTION, sample_files, sample_package  # noqa: F401

# One pixel PNG, and the first bytes of other formats (enough for the magic-number checks).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a50000000049454e44ae426082"
)
SAMPLES = {
    "png": PNG,
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32,
    "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 " + b"\x00" * 16,
    "mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00" + b"\x00" * 16,
    "m4a": b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00" + b"\x00" * 16,
    "webm": b"\x1a\x45\xdf\xa3" + b"\x00" * 16,
    "ogg": b"OggS\x00\x02" + b"\x00" * 16,
    "mp3": b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 16,
    "wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 16,
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
}

TEST_ACTIVITY_JS = r"""
var H5P = H5P || {};
H5P.TestActivity = (function () {
  function TestActivity(params, contentId, extras) {
    H5P.EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
  }
  TestActivity.prototype = Object.create(H5P.EventDispatcher.prototype);
  TestActivity.prototype.constructor = TestActivity;
  TestActivity.prototype.attach = function ($container) {
    var self = this;
    var box = $container.get ? $container.get(0) : $container;
    box.classList.add("h5p-test-activity");
    [["h5p-test-low", self.params.low], ["h5p-test-high", self.params.high]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = pair[0];
      button.textContent = (self.params.label || "Answer") + " " + pair[1];
      button.style.minHeight = "44px";
      button.addEventListener("click", function () {
        var max = self.params.maxScore || 10;
        self.triggerXAPIScored(pair[1], max, "answered", true, pair[1] * 2 >= max);
      });
      box.appendChild(button);
    });
  };
  return TestActivity;
})();
"""
TEST_ACTIVITY_CSS = ".h5p-test-activity button { font-size: 1.2rem; margin: .5rem; }\n"

LIBRARY = "H5P.TestActivity"
HELPER = "H5P.TestHelper"


def library_json(name=LIBRARY, major=1, minor=0, patch=0, *, runnable=1, deps=(), js=("activity.js",),
                 css=("activity.css",)) -> dict:
    return {
        "title": name,
        "machineName": name,
        "majorVersion": major,
        "minorVersion": minor,
        "patchVersion": patch,
        "runnable": runnable,
        "license": "MIT",
        "author": "Học vụ số tests",
        "preloadedJs": [{"path": path} for path in js],
        "preloadedCss": [{"path": path} for path in css],
        "preloadedDependencies": [{"machineName": n, "majorVersion": a, "minorVersion": b} for n, a, b in deps],
    }


def h5p_json(title="Bài tập thử", *, main=LIBRARY, deps=((LIBRARY, 1, 0),), language="vi") -> dict:
    return {
        "title": title,
        "language": language,
        "mainLibrary": main,
        "embedTypes": ["iframe"],
        "license": "U",
        "preloadedDependencies": [{"machineName": n, "majorVersion": a, "minorVersion": b} for n, a, b in deps],
    }


def default_files(*, patch=0, content=None, with_library=True, js=TEST_ACTIVITY_JS) -> dict[str, bytes]:
    files = {
        "h5p.json": json.dumps(h5p_json()).encode(),
        "content/content.json": json.dumps(
            content or {"label": "Điểm", "low": 3, "high": 9, "maxScore": 10}
        ).encode(),
        "content/images/pixel.png": PNG,
    }
    if with_library:
        folder = f"{LIBRARY}-1.0"
        files[f"{folder}/library.json"] = json.dumps(library_json(patch=patch)).encode()
        files[f"{folder}/activity.js"] = (js + f"\n/* patch {patch} */\n").encode()
        files[f"{folder}/activity.css"] = TEST_ACTIVITY_CSS.encode()
    return files


def build(files: dict[str, bytes] | None = None, *, infos: list[tuple[zipfile.ZipInfo, bytes]] = ()) -> bytes:
    """A zip of ``files`` plus raw ``(ZipInfo, data)`` members for the tricky cases."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (default_files() if files is None else files).items():
            zf.writestr(name, data)
        for info, data in infos:
            zf.writestr(info, data)
    return buffer.getvalue()


def upload(data: bytes, name="activity.h5p"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/zip")


def patch_central(data: bytes, name: str, offset: int, value: bytes) -> bytes:
    """Overwrite bytes at ``offset`` in the central-directory entry of ``name`` (flags: 8, size: 24)."""
    raw = bytearray(data)
    encoded = name.encode()
    for i in range(len(raw) - 46):
        if raw[i:i + 4] == b"PK\x01\x02" and raw[i + 46:i + 46 + len(encoded)] == encoded:
            raw[i + offset:i + offset + len(value)] = value
            return bytes(raw)
    raise ValueError(name)
