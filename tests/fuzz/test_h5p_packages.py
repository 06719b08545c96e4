"""Fuzzing the H5P package validator (``courses.h5p.validation``) and the import behind the admin form: random
zips (member names, types, flags and contents chosen to hit every rule), valid packages with their bytes
changed or cut, and valid packages whose JSON files, names or members were replaced.

Properties: ``validate_package`` either returns a package or raises ``H5PValidationError`` with at least one
message; its private temporary folder is gone afterwards either way; ``h5p_import`` of a refused package
leaves no activity, no library row and no file under ``H5P_ROOT``.
"""

from __future__ import annotations

import io
import json
import stat
import zipfile

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.h5p.builders import PNG, SAMPLES, build, default_files, h5p_json, library_json, sample_files, upload

from .helpers import NASTY, budget, counts, files_below, rolled_back

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=True) | st.text(max_size=10)
    | st.sampled_from(["H5P.TestActivity", "1", "-1", "content/x.png", "../x", *NASTY]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["title", "mainLibrary", "machineName", "majorVersion", "minorVersion", "patchVersion",
                         "preloadedDependencies", "preloadedJs", "preloadedCss", "path", "runnable", "language",
                         "embedTypes", "coreApi", "editorDependencies", "x"]) | st.text(max_size=5), children, max_size=6),
    max_leaves=20,
)
NAMES = st.one_of(
    st.sampled_from(["h5p.json", "content/content.json", "content/images/a.png", "content/a.svg", "content/a.js",
                     "H5P.TestActivity-1.0/language/vi.json", "H5P.TestActivity-1.0/language/x_y.json",
                     "H5P.TestActivity-1.0/semantics.json", "H5P.TestActivity-1.0/icon.svg", "__MACOSX/._a.png",
                     "content/.DS_Store", "readme.txt", "H5P Bad-1.0/library.json",
                     "content/a.png", "content/a.png/b.png", "content/" + "y" * 260 + "/b.png", "H5P.TestActivity-1.0/library.json",
                     "H5P.TestActivity-1.0/activity.js", "H5P.TestActivity-1.0/activity.css",
                     "H5P.TestActivity-1.0/x.exe", "Other-2.0/library.json", "../evil.js", "/abs.json", "a\\b.json",
                     "C:/x.json", "content/./x.png", "content//x.png", "content/", "H5P.JSON", "h5p.json/",
                     "content/" + "x" * 300 + ".png", "content/" + "đ" * 130 + ".png", "content/\x01.png",
                     "content/x.PNG", "content/X.png", "content/x.png.", "content/ .png", "content/x.mp4"]),
    st.text(min_size=1, max_size=20),
)
CONTENTS = st.one_of(st.binary(max_size=64), st.sampled_from(list(SAMPLES.values())),
                     JSON.map(lambda v: json.dumps(v).encode()), st.just(b"[" * 20000 + b"]" * 20000),
                     st.just(b'{"a":' * 5000 + b"1" + b"}" * 5000))


@st.composite
def random_zip(draw):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for _ in range(draw(st.integers(0, 8))):
            info = zipfile.ZipInfo(draw(NAMES))
            info.compress_type = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
            kind = draw(st.sampled_from([0, stat.S_IFREG, stat.S_IFLNK, stat.S_IFDIR, stat.S_IFIFO]))
            info.external_attr = (kind | 0o644) << 16
            if draw(st.integers(0, 9)) == 0:
                info.flag_bits |= 0x1
            try:
                zf.writestr(info, draw(CONTENTS))
            except (ValueError, UnicodeEncodeError, IndexError):  # a name the zip format cannot hold
                continue
    return buffer.getvalue()


@st.composite
def changed_bytes(draw):
    data = bytearray(build() if draw(st.booleans()) else build(sample_files()))
    for _ in range(draw(st.integers(1, 6))):
        what = draw(st.sampled_from(["flip", "flip", "cut", "insert"]))
        at = draw(st.integers(0, len(data) - 1))
        if what == "flip":
            data[at] = draw(st.integers(0, 255))
        elif what == "cut":
            del data[at:at + draw(st.integers(1, 200))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        if len(data) < 2:
            break
    return bytes(data)


@st.composite
def changed_members(draw):
    files = dict(default_files() if draw(st.booleans()) else sample_files())
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(["json", "json", "drop", "add", "rename"]))
        names = sorted(files)
        if what == "json":
            target = draw(st.sampled_from([n for n in names if n.endswith(".json")] or names))
            files[target] = json.dumps(draw(JSON)).encode()
        elif what == "drop" and names:
            files.pop(draw(st.sampled_from(names)))
        elif what == "add":
            files[draw(NAMES)] = draw(CONTENTS)
        elif names:
            old = draw(st.sampled_from(names))
            files[draw(NAMES)] = files.pop(old)
    try:
        return build(files)
    except (ValueError, UnicodeEncodeError, IndexError):  # names zipfile cannot write ("/" becomes "")
        return build()


LIBRARY_JSON = "H5P.TestActivity-1.0/library.json"
PACKAGES = st.one_of(random_zip(), changed_bytes(), changed_members(), st.binary(max_size=200))


@pytest.fixture
def h5p_root(settings, tmp_path):
    settings.H5P_ROOT = str(tmp_path / "h5p")
    settings.H5P_LRS_ENDPOINT = ""
    return tmp_path / "h5p"


def _tables():
    from courses.h5p.models import H5PActivity, H5PLibrary

    return counts(H5PActivity, H5PLibrary)


@pytest.mark.django_db
@budget(80)
@given(data=PACKAGES)
# Each was a 500 before the validator caught it: a file, then a folder of the same name; a folder name too long
# for the disk; JSON nested too deeply for Python's parser.
@example(data=build({**default_files(), "content/a.png": PNG, "content/a.png/b.png": PNG}))
@example(data=build({**default_files(), "content/" + "x" * 300 + "/a.png": PNG}))
@example(data=build({**default_files(), "content/content.json": b"[" * 20000 + b"]" * 20000}))
@example(data=build()[1:])  # the first byte cut: zipfile raised ValueError("negative seek value")
def test_validate_package(h5p_root, data):
    from courses.h5p.validation import H5PValidationError, validate_package

    try:
        package = validate_package(io.BytesIO(data), user=None, name="x.h5p")
    except H5PValidationError as exc:
        assert exc.messages and all(exc.messages)
    else:
        assert package.main is not None
        package.cleanup()
    assert files_below(h5p_root) == set()


@pytest.mark.django_db
@budget(40)
@given(data=PACKAGES)
@example(data=build())  # accepted: one activity, its files
# library.json and h5p.json are stored in JSON and text columns: NUL and Infinity made the database refuse the
# insert, a 500 (fixed: refused as invalid JSON).
@example(data=build({**default_files(), LIBRARY_JSON: json.dumps({**library_json(), "author": "a\u0000"}).encode()}))
@example(data=build({**default_files(), LIBRARY_JSON: json.dumps({**library_json(), "x": float("inf")}).encode()}))
@example(data=build({**default_files(), "h5p.json": json.dumps({**h5p_json(), "title": "T\u0000"}).encode()}))
def test_h5p_import_refused_leaves_nothing(h5p_root, data):
    from courses.h5p.services import h5p_import
    from courses.h5p.validation import H5PValidationError

    with rolled_back():
        before, files = _tables(), files_below(h5p_root)
        try:
            activity = h5p_import(source=upload(data), title="Thử")
        except H5PValidationError:
            assert _tables() == before
            assert files_below(h5p_root) == files
        else:
            assert activity.pk
            assert _tables()["h5p.H5PActivity"] == before["h5p.H5PActivity"] + 1
            assert files_below(h5p_root) > files
            # The rows are rolled back with the savepoint; remove the files too, for the next example.
            for name in files_below(h5p_root) - files:
                (h5p_root / name).unlink()
