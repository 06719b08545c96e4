"""Libraries are unpacked once per major.minor and shared; a later patch upgrades in place, an earlier one
is ignored; installing needs ``h5p.install_h5p_library``, uploading with installed libraries does not."""

import json

import pytest
from django.contrib.auth.models import Group

from courses.h5p.models import INSTALL_LIBRARY_PERMISSION, H5PActivity, H5PLibrary
from courses.h5p.services import h5p_activity_create, h5p_activity_replace, h5p_import
from courses.h5p.validation import H5PValidationError, validate_package
from courses.h5p.validation import messages as m

from .builders import HELPER, LIBRARY, build, default_files, h5p_json, library_json, upload

pytestmark = pytest.mark.django_db


def test_two_activities_share_one_library(h5p_root):
    first = h5p_import(source=upload(build()))
    second = h5p_import(source=upload(build()))
    assert H5PLibrary.objects.count() == 1
    assert first.main_library_id == second.main_library_id
    assert sorted(p.name for p in (h5p_root / "libraries").iterdir()) == ["H5P.TestActivity-1.0"]
    assert first.player_options()["librariesPath"] == "/h5p/files/libraries"
    assert first.player_options()["h5pJsonPath"] == f"/h5p/files/content/{first.pk}"


def test_package_without_library_uses_installed_one(h5p_root):
    h5p_import(source=upload(build()))
    activity = h5p_import(source=upload(build(default_files(with_library=False))))
    assert activity.main_library.folder_name == "H5P.TestActivity-1.0"


def test_patch_upgrade_replaces_files(h5p_root, django_capture_on_commit_callbacks):
    h5p_import(source=upload(build(default_files(patch=1))))
    with django_capture_on_commit_callbacks(execute=True):  # the replaced folder goes once committed
        h5p_import(source=upload(build(default_files(patch=3))))
    library = H5PLibrary.objects.get()
    assert library.patch_version == 3
    assert "patch 3" in (h5p_root / library.path / "activity.js").read_text()
    assert not [p for p in (h5p_root / "libraries").iterdir() if p.name.startswith(".old")]


def test_earlier_patch_keeps_installed_version(h5p_root):
    h5p_import(source=upload(build(default_files(patch=3))))
    package = validate_package(upload(build(default_files(patch=1))))
    assert package.to_install == []
    package.cleanup()
    h5p_import(source=upload(build(default_files(patch=1))))
    library = H5PLibrary.objects.get()
    assert library.patch_version == 3
    assert "patch 3" in (h5p_root / library.path / "activity.js").read_text()


def test_new_minor_version_is_a_new_library(h5p_root):
    h5p_import(source=upload(build()))
    files = {
        "h5p.json": json.dumps(h5p_json(deps=((LIBRARY, 1, 1),))).encode(),
        "content/content.json": b"{}",
        f"{LIBRARY}-1.1/library.json": json.dumps(library_json(minor=1)).encode(),
        f"{LIBRARY}-1.1/activity.js": b"// 1.1",
        f"{LIBRARY}-1.1/activity.css": b"",
    }
    activity = h5p_import(source=upload(build(files)))
    assert activity.main_library.folder_name == "H5P.TestActivity-1.1"
    assert H5PLibrary.objects.count() == 2


def test_installed_minor_does_not_satisfy_another_minor(h5p_root):
    h5p_import(source=upload(build()))
    files = default_files(with_library=False)
    files["h5p.json"] = json.dumps(h5p_json(deps=((LIBRARY, 1, 2),))).encode()
    with pytest.raises(H5PValidationError) as caught:
        h5p_import(source=upload(build(files)))
    assert str(m.LIBRARY_MISSING % {"library": f"{LIBRARY} 1.2", "needed_by": "h5p.json"}) in caught.value.messages
    assert H5PActivity.objects.count() == 1


def test_dependencies_resolved_recursively(h5p_root):
    files = default_files()
    files[f"{LIBRARY}-1.0/library.json"] = json.dumps(library_json(deps=[(HELPER, 2, 1)])).encode()
    files[f"{HELPER}-2.1/library.json"] = json.dumps(library_json(HELPER, 2, 1, 4, runnable=0, js=("helper.js",),
                                                                  css=())).encode()
    files[f"{HELPER}-2.1/helper.js"] = b"// helper"
    activity = h5p_import(source=upload(build(files)))
    assert sorted(str(lib) for lib in activity.libraries.all()) == [f"{LIBRARY} 1.0.0", f"{HELPER} 2.1.4"]
    # A later package relying on both installed libraries needs none of them inside.
    again = h5p_import(source=upload(build(default_files(with_library=False))))
    assert again.libraries.count() == 2


def test_unused_library_in_package_is_not_installed(h5p_root):
    files = default_files()
    files["H5PEditor.Unused-1.0/library.json"] = json.dumps(library_json("H5PEditor.Unused", runnable=0, js=(),
                                                                         css=())).encode()
    h5p_import(source=upload(build(files)))
    assert list(H5PLibrary.objects.values_list("machine_name", flat=True)) == [LIBRARY]
    assert not (h5p_root / "libraries" / "H5PEditor.Unused-1.0").exists()


def test_editor_may_not_install_a_library(h5p_root, editor):
    assert not editor.has_perm(INSTALL_LIBRARY_PERMISSION)
    with pytest.raises(H5PValidationError) as caught:
        h5p_import(source=upload(build()), user=editor)
    assert str(m.INSTALL_PERMISSION % {"libraries": f"{LIBRARY} 1.0.0"}) in caught.value.messages
    assert not H5PLibrary.objects.exists() and not (h5p_root / "libraries").exists()


def test_editor_may_upload_content_on_installed_libraries(editor, moderator):
    h5p_import(source=upload(build()), user=moderator)
    activity = h5p_import(source=upload(build()), user=editor)  # same patch in the package: reused
    assert activity.created_by == editor


def test_editor_may_not_upgrade_a_patch(editor, moderator, h5p_root):
    """An editor's package with a later patch runs on the installed patch (as H5P core does for a user who may
    not update libraries), and the editor is told that a reviewer's upload would upgrade it."""
    h5p_import(source=upload(build()), user=moderator)
    package = validate_package(upload(build(default_files(patch=2))), user=editor)
    assert package.to_install == []
    assert package.notices == [str(m.UPGRADE_NEEDS_REVIEWER % {"library": f"{LIBRARY} 1.0.2", "installed": "1.0.0"})]
    activity = h5p_activity_create(package=package, user=editor)
    library = H5PLibrary.objects.get()
    assert library.patch_version == 0 and activity.main_library == library
    assert "patch 0" in (h5p_root / library.path / "activity.js").read_text()


def test_reviewer_upgrades_a_patch(moderator):
    h5p_import(source=upload(build()), user=moderator)
    h5p_import(source=upload(build(default_files(patch=2))), user=moderator)
    assert H5PLibrary.objects.get().patch_version == 2


def test_learner_may_not_upload(learner, moderator):
    h5p_import(source=upload(build()), user=moderator)
    with pytest.raises(H5PValidationError) as caught:
        h5p_import(source=upload(build()), user=learner)
    assert caught.value.messages == [str(m.ADD_PERMISSION)]
    assert H5PActivity.objects.count() == 1


def test_roles_migration_grants():
    moderators = set(Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"install_h5p_library", "add_h5pactivity", "change_h5pactivity"} <= moderators
    assert {"add_h5pactivity", "change_h5pactivity"} <= editors
    assert "install_h5p_library" not in editors


def test_replace_keeps_id_and_swaps_files(h5p_root, activity, django_capture_on_commit_callbacks):
    files = default_files()
    files["content/content.json"] = json.dumps({"label": "Mới", "low": 1, "high": 2, "maxScore": 2}).encode()
    files.pop("content/images/pixel.png")
    package = validate_package(upload(build(files)))
    with django_capture_on_commit_callbacks(execute=True):
        replaced = h5p_activity_replace(activity=activity, package=package)
    assert replaced.pk == activity.pk
    folder = h5p_root / activity.content_dir
    assert json.loads((folder / "content" / "content.json").read_text())["label"] == "Mới"
    assert not (folder / "content" / "images").exists()
    assert not [p for p in (h5p_root / "content").iterdir() if p.name.startswith(".old")]


def test_delete_removes_files(h5p_root, activity, django_capture_on_commit_callbacks):
    folder = h5p_root / activity.content_dir
    assert folder.exists()
    with django_capture_on_commit_callbacks(execute=True):
        activity.delete()
    assert not folder.exists()
    assert (h5p_root / "libraries" / "H5P.TestActivity-1.0").exists()
