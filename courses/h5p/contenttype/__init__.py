"""Học vụ số's own H5P content type, ``H5P.HocVuSoTrueFalse 1.0`` (a true/false question with Vietnamese
labels that reports ``answered`` and ``completed`` with a score through H5P's xAPI API), kept as source in
``H5P.HocVuSoTrueFalse-1.0/``, and the sample package built from it.

``manage.py build_h5p_sample [--output FILE]`` writes the sample ``.h5p``; the tests and the e2e journeys build
it with :func:`sample_package`. The sample asks whether to read an OTP to a caller who claims to be bank staff
(answer: false, ``Sai``).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

MACHINE_NAME = "H5P.HocVuSoTrueFalse"
MAJOR, MINOR = 1, 0
LIBRARY_FOLDER = f"{MACHINE_NAME}-{MAJOR}.{MINOR}"
LIBRARY_DIR = Path(__file__).resolve().parent / LIBRARY_FOLDER

SAMPLE_TITLE = "Mã OTP và cuộc gọi lạ"
SAMPLE_QUESTION = "Mã OTP có nên đọc cho người gọi tự xưng là nhân viên ngân hàng không?"
SAMPLE_CONTENT = {
    "question": SAMPLE_QUESTION,
    "correct": "false",
    "feedbackCorrect": "Ngân hàng không bao giờ hỏi mã OTP. Hãy cúp máy và gọi lại số tổng đài in trên thẻ.",
    "feedbackWrong": "Không bao giờ đọc mã OTP cho bất kỳ ai, kể cả người xưng là nhân viên ngân hàng hay công an.",
    "l10n": {"trueText": "Đúng", "falseText": "Sai", "checkAnswer": "Kiểm tra", "retry": "Làm lại",
             "correct": "Chính xác!", "wrong": "Chưa đúng.", "score": "Điểm: @score/@total"},
}


def library_json() -> dict:
    return json.loads((LIBRARY_DIR / "library.json").read_text(encoding="utf-8"))


def library_files() -> dict[str, bytes]:
    """The library folder as package members: ``H5P.HocVuSoTrueFalse-1.0/<file>`` → bytes (sorted)."""
    return {
        f"{LIBRARY_FOLDER}/{path.relative_to(LIBRARY_DIR).as_posix()}": path.read_bytes()
        for path in sorted(LIBRARY_DIR.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def h5p_json(title: str = SAMPLE_TITLE, language: str = "vi") -> dict:
    return {
        "title": title,
        "language": language,
        "mainLibrary": MACHINE_NAME,
        "embedTypes": ["iframe"],
        "license": "CC BY-SA",
        "authors": [{"name": "Học vụ số", "role": "Author"}],
        "preloadedDependencies": [{"machineName": MACHINE_NAME, "majorVersion": MAJOR, "minorVersion": MINOR}],
    }


def sample_files(*, title: str = SAMPLE_TITLE, content: dict | None = None, with_library: bool = True
                 ) -> dict[str, bytes]:
    """The members of the sample package; ``with_library=False`` leaves the library out (content only)."""
    files = {
        "h5p.json": json.dumps(h5p_json(title), ensure_ascii=False, indent=2).encode(),
        "content/content.json": json.dumps(content or SAMPLE_CONTENT, ensure_ascii=False, indent=2).encode(),
    }
    if with_library:
        files.update(library_files())
    return files


def zip_members(files: dict[str, bytes]) -> bytes:
    """A deflated zip of ``files`` in the given order, with fixed timestamps (same input, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()


def sample_package(**kwargs) -> bytes:
    """The sample ``.h5p`` (see :func:`sample_files` for the options)."""
    return zip_members(sample_files(**kwargs))
