"""Packages shaped like the ones editors really have (``contenttypes.py``): each imports with H5P core's rules
(SVG icons and fonts, ``.diff`` and ``.swf`` in libraries, editor libraries, three-deep dependencies,
``language/*.json``, sub-content, media); each rule that refuses a package has a package here that trips it, with
its message naming the file, and nothing stored (no row, no file)."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from courses.h5p.models import H5PActivity, H5PLibrary
from courses.h5p.services import h5p_import
from courses.h5p.validation import H5PValidationError, validate_package
from courses.h5p.validation import messages as m
from courses.h5p.validation.package import PLAYER_CORE_API, PLAYER_VERSION

from . import contenttypes as ct
from .builders import build, upload

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_h5p_h5pactivity:add"


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def refuse(files, expected, root, *, user=None):
    with pytest.raises(H5PValidationError) as caught:
        h5p_import(source=upload(build(files)), user=user)
    text = "\n".join(caught.value.messages)
    assert str(expected) in text, text
    assert H5PActivity.objects.count() == 0
    assert H5PLibrary.objects.count() == 0
    assert stored_files(root) == []
    return caught.value.messages


def choice(**changes):
    files = ct.files("choice")
    for name, data in changes.items():
        if data is None:
            files.pop(name)
        else:
            files[name] = data
    return files


def library_json(files, folder):
    return json.loads(files[f"{folder}/library.json"])


# --- what imports --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ct.KINDS)
def test_real_shapes_import(h5p_root, kind):
    activity = h5p_import(source=upload(ct.package(kind)))
    folders = {library.folder_name for library in activity.libraries.all()}
    # Three levels below the content type: content type → Question → JoubelUI → FontAwesome.
    assert {"H5P.Question-1.4", "H5P.JoubelUI-1.3", "FontAwesome-4.5", "H5P.Transition-1.0"} <= folders
    # The editor library travels in the package but the player never loads it: validated, not installed.
    assert not H5PLibrary.objects.filter(machine_name="H5PEditor.HvsChoice").exists()
    assert not (h5p_root / "libraries" / "H5PEditor.HvsChoice-1.0").exists()
    libraries = h5p_root / "libraries"
    # Library SVG (icons, the SVG font) is kept as the library brought it; it is served sandboxed.
    assert (libraries / "FontAwesome-4.5" / "fontawesome-webfont.svg").read_bytes() == ct.SVG_FONT
    assert (libraries / "H5P.Question-1.4" / "images" / "check.svg").read_bytes() == ct.ICON_SVG
    assert (libraries / "H5P.Question-1.4" / "language" / "vi.json").is_file()
    assert not (libraries / "H5P.Question-1.4" / "language" / ".en.json").exists()  # skipped, as H5P core does


def test_dependencies_resolved_for_each_shape(h5p_root):
    column = h5p_import(source=upload(ct.package("column")))
    assert column.main_library.folder_name == "H5P.HvsColumn-1.0"
    assert {lib.folder_name for lib in column.libraries.all()} >= {"H5P.HvsChoice-1.0", "H5P.HvsText-1.0"}
    drag = h5p_import(source=upload(ct.package("dragwords")))
    jquery_ui = h5p_root / "libraries" / "jQuery.ui-1.10"
    assert (jquery_ui / "jquery-ui.diff").is_file() and (jquery_ui / "downloadify" / "media" / "downloadify.swf").is_file()
    assert "jQuery.ui-1.10" in {lib.folder_name for lib in drag.libraries.all()}
    # The second and third packages reuse the shared libraries installed by the first.
    assert H5PLibrary.objects.filter(machine_name="H5P.Question").count() == 1


def test_content_svg_cleaned_and_reported(h5p_root):
    package = validate_package(upload(ct.package("choice")))
    try:
        assert len(package.notices) == 1
        notice = package.notices[0]
        assert "content/images/nhan.svg" in notice and "<script>" in notice and "onload" in notice
    finally:
        package.cleanup()
    activity = h5p_import(source=upload(ct.package("choice")))
    stored = (h5p_root / activity.content_dir / "content" / "images" / "nhan.svg").read_bytes()
    assert b"script" not in stored and b"onload" not in stored and b"alert" not in stored
    assert stored.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"') and "Sử dụng".encode() in stored


def test_library_svg_served_sandboxed(client, h5p_root):
    activity = h5p_import(source=upload(ct.package("choice")))
    for path in ("libraries/H5P.Question-1.4/images/check.svg", "libraries/FontAwesome-4.5/fontawesome-webfont.svg",
                 f"content/{activity.pk}/content/images/nhan.svg"):
        response = client.get(f"/h5p/files/{path}")
        assert response.status_code == 200, path
        assert response["Content-Type"] == "image/svg+xml"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"].split(";")[-1]
    swf = client.get("/h5p/files/libraries/jQuery.ui-1.10/downloadify/media/downloadify.swf")
    assert swf.status_code == 404  # not used by the choice package, so not installed
    h5p_import(source=upload(ct.package("dragwords")))
    swf = client.get("/h5p/files/libraries/jQuery.ui-1.10/downloadify/media/downloadify.swf")
    assert swf["Content-Disposition"].startswith("attachment")  # Flash is only ever a download


def test_player_version_matches_core_api_constant():
    """``PLAYER_CORE_API`` belongs to the bundled player: when the player is updated, check its H5P core API."""
    from django.conf import settings

    version = (settings.BASE_DIR / "courses/h5p/static/h5p/player/VERSION").read_text().split()[-1]
    assert version == PLAYER_VERSION
    assert PLAYER_CORE_API == (1, 27)
    # H5P core 1.27's scripts include h5p-tooltip.js (H5P.Tooltip): the bundled core is that one.
    frame = (settings.BASE_DIR / "courses/h5p/static/h5p/player/frame.bundle.js").read_text(encoding="utf-8")
    assert "H5P.Tooltip=function" in frame


def test_core_api_the_player_has_is_accepted(h5p_root):
    files = ct.files("choice")
    data = library_json(files, "H5P.HvsChoice-1.0")
    data["coreApi"] = {"majorVersion": 1, "minorVersion": PLAYER_CORE_API[1]}
    files["H5P.HvsChoice-1.0/library.json"] = json.dumps(data).encode()
    assert h5p_import(source=upload(build(files))).pk


# --- each refusal rule ---------------------------------------------------------------------------------------


def test_core_api_newer_than_player_in_library(h5p_root):
    files = ct.files("choice")
    data = library_json(files, "H5P.Question-1.4")
    data["coreApi"] = {"majorVersion": 1, "minorVersion": 99}
    files["H5P.Question-1.4/library.json"] = json.dumps(data).encode()
    refuse(files, m.CORE_API_UNSUPPORTED % {"file": "H5P.Question-1.4/library.json", "required": "1.99",
                                            "current": "1.27", "player": PLAYER_VERSION}, h5p_root)


def test_core_api_newer_than_player_in_h5p_json(h5p_root):
    files = ct.files("choice")
    data = json.loads(files["h5p.json"])
    data["coreApi"] = {"majorVersion": 2, "minorVersion": 0}
    files["h5p.json"] = json.dumps(data).encode()
    refuse(files, m.CORE_API_UNSUPPORTED % {"file": "h5p.json", "required": "2.0", "current": "1.27",
                                            "player": PLAYER_VERSION}, h5p_root)


def test_core_api_malformed(h5p_root):
    files = ct.files("choice")
    data = library_json(files, "FontAwesome-4.5")
    data["coreApi"] = {"majorVersion": "một"}
    files["FontAwesome-4.5/library.json"] = json.dumps(data).encode()
    refuse(files, m.CORE_API_INVALID % {"file": "FontAwesome-4.5/library.json"}, h5p_root)


def test_language_file_not_json(h5p_root):
    refuse(choice(**{"H5P.Question-1.4/language/vi.json": '{"semantics": [{"label": "Kiểm tra",}'.encode()}),
           "H5P.Question-1.4/language/vi.json", h5p_root)
    # The message is the language rule's.
    with pytest.raises(H5PValidationError) as caught:
        validate_package(upload(build(choice(**{"H5P.Question-1.4/language/vi.json": b"{"}))))
    assert str(m.LANGUAGE_FILE_INVALID).split("%")[0] in caught.value.messages[0]


def test_language_file_badly_named(h5p_root):
    refuse(choice(**{"H5P.Question-1.4/language/vi_VN.json": b"{}"}),
           m.LANGUAGE_FILE_NAME % {"name": "H5P.Question-1.4/language/vi_VN.json"}, h5p_root)


def test_semantics_not_json(h5p_root):
    messages = refuse(choice(**{"H5P.HvsChoice-1.0/semantics.json": b"[{"}), "H5P.HvsChoice-1.0/semantics.json",
                      h5p_root)
    assert any(msg.startswith(str(m.SEMANTICS_INVALID).split("%")[0]) for msg in messages)


def test_library_folder_must_match_its_library_json(h5p_root):
    files = {name.replace("H5P.Transition-1.0/", "H5P.Transition-1.1/"): data for name, data in ct.files("choice").items()}
    refuse(files, m.LIBRARY_FOLDER_MISMATCH % {"folder": "H5P.Transition-1.1", "library": "H5P.Transition 1.0.0"},
           h5p_root)


def test_library_folder_name_characters(h5p_root):
    files = ct.files("choice")
    files["H5P Question-1.4/x.js"] = b"1"
    refuse(files, m.LIBRARY_FOLDER_NAME % {"folder": "H5P Question-1.4"}, h5p_root)


def test_preloaded_file_missing(h5p_root):
    refuse(choice(**{"H5P.JoubelUI-1.3/css/joubel-ui.css": None}),
           m.LIBRARY_FILE_MISSING % {"library": "H5P.JoubelUI 1.3", "name": "css/joubel-ui.css"}, h5p_root)


def test_preloaded_js_must_be_javascript(h5p_root):
    files = ct.files("choice")
    data = library_json(files, "H5P.Transition-1.0")
    data["preloadedJs"] = [{"path": "icon.svg"}]
    files["H5P.Transition-1.0/library.json"] = json.dumps(data).encode()
    files["H5P.Transition-1.0/icon.svg"] = ct.ICON_SVG
    refuse(files, "H5P.Transition-1.0/library.json", h5p_root)


def test_nested_dependency_three_deep_missing(h5p_root):
    files = {name: data for name, data in ct.files("choice").items() if not name.startswith("FontAwesome-4.5/")}
    data = json.loads(files["h5p.json"])
    data["preloadedDependencies"] = [d for d in data["preloadedDependencies"] if d["machineName"] != "FontAwesome"]
    files["h5p.json"] = json.dumps(data).encode()
    refuse(files, m.LIBRARY_MISSING % {"library": "FontAwesome 4.5", "needed_by": "H5P.JoubelUI 1.3"}, h5p_root)


def test_content_svg_that_is_not_svg(h5p_root):
    refuse(choice(**{"content/images/nhan.svg": b"<html><script>alert(1)</script></html>"}),
           m.SVG_INVALID % {"name": "content/images/nhan.svg"}, h5p_root)


def test_font_that_is_not_a_font(h5p_root):
    refuse(choice(**{"FontAwesome-4.5/fontawesome-webfont.woff": b"<script>alert(1)</script>"}),
           m.MAGIC_MISMATCH % {"name": "FontAwesome-4.5/fontawesome-webfont.woff", "ext": "woff"}, h5p_root)


@pytest.mark.parametrize("name", ["content/page.html", "content/run.js", "content/x.php", "content/a.exe"])
def test_content_file_outside_h5p_whitelist(h5p_root, name):
    refuse(choice(**{name: b"<script>alert(1)</script>"}), m.CONTENT_EXTENSION % {"name": name}, h5p_root)


@pytest.mark.parametrize("name", ["H5P.Question-1.4/shell.php", "H5P.Question-1.4/page.html",
                                  "H5P.Question-1.4/tool.exe", "H5P.Question-1.4/x.svgz"])
def test_library_file_outside_h5p_whitelist(h5p_root, name):
    refuse(choice(**{name: b"<?php echo 1;"}), m.LIBRARY_EXTENSION % {"name": name}, h5p_root)


def test_editor_may_not_install_libraries(h5p_root, editor):
    refuse(ct.files("choice"), "Cài thư viện H5P", h5p_root, user=editor)


# --- the same message, in Vietnamese and English, from the admin and the command ------------------------------

NEW_MESSAGES = [m.CONTENT_EXTENSION, m.LIBRARY_EXTENSION, m.LIBRARY_FOLDER_NAME, m.CORE_API_INVALID,
                m.CORE_API_UNSUPPORTED, m.SEMANTICS_INVALID, m.LANGUAGE_FILE_NAME, m.LANGUAGE_FILE_INVALID,
                m.SVG_INVALID, m.SVG_CLEANED, m.UPGRADE_NEEDS_REVIEWER]


@pytest.mark.parametrize("message", NEW_MESSAGES)
def test_messages_have_english(message):
    with translation.override("vi"):
        vietnamese = str(message)
    with translation.override("en"):
        english = str(message)
    assert english != vietnamese
    assert english.isascii() or "“" in english


def test_admin_and_command_give_the_same_message(client, moderator, h5p_root, tmp_path, capsys):
    files = choice(**{"H5P.Question-1.4/language/vi_VN.json": b"{}"})
    expected = str(m.LANGUAGE_FILE_NAME % {"name": "H5P.Question-1.4/language/vi_VN.json"})
    client.force_login(moderator)
    response = client.post(reverse(ADD), {"title": "X", "package": upload(build(files))})
    assert response.status_code == 200
    from html import unescape

    assert expected in unescape(response.content.decode())
    path = tmp_path / "bad.h5p"
    path.write_bytes(build(files))
    with pytest.raises(CommandError):
        call_command("import_h5p", str(path))
    assert expected in capsys.readouterr().err
    assert not H5PActivity.objects.exists() and stored_files(h5p_root) == []


def test_command_reports_cleaned_svg(tmp_path, capsys, h5p_root):
    path = tmp_path / "choice.h5p"
    path.write_bytes(ct.package("choice"))
    call_command("import_h5p", str(path))
    out = capsys.readouterr().out
    assert "content/images/nhan.svg" in out and "<script>" in out


def test_admin_shows_what_was_cleaned(client, moderator, h5p_root):
    client.force_login(moderator)
    response = client.post(reverse(ADD), {"title": "", "package": upload(ct.package("choice"))}, follow=True)
    assert response.status_code == 200
    activity = H5PActivity.objects.get()
    assert activity.title == "Nhận diện tin nhắn lừa đảo"
    shown = [str(message) for message in response.context["messages"]]
    assert any("content/images/nhan.svg" in text and "<script>" in text for text in shown), shown


def test_editor_told_when_package_has_a_later_patch(client, editor, moderator, h5p_root):
    h5p_import(source=upload(ct.package("choice")), user=moderator)
    files = ct.files("choice")
    data = library_json(files, "H5P.Question-1.4")
    data["patchVersion"] = 3
    files["H5P.Question-1.4/library.json"] = json.dumps(data).encode()
    client.force_login(editor)
    response = client.post(reverse(ADD), {"title": "", "package": upload(build(files))}, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert str(m.UPGRADE_NEEDS_REVIEWER % {"library": "H5P.Question 1.4.3", "installed": "1.4.0"}) in shown
    assert H5PLibrary.objects.get(machine_name="H5P.Question").patch_version == 0
    assert H5PActivity.objects.count() == 2
