import pytest
from django.core.management import CommandError, call_command

from courses.h5p.models import H5PActivity

from .builders import build, default_files

pytestmark = pytest.mark.django_db


def test_import_stores_and_exits_zero(tmp_path, capsys):
    path = tmp_path / "a.h5p"
    path.write_bytes(build())
    call_command("import_h5p", str(path), "--title", "Nhập từ dòng lệnh")
    activity = H5PActivity.objects.get()
    assert activity.title == "Nhập từ dòng lệnh"
    assert f"Stored H5P activity {activity.pk}" in capsys.readouterr().out


def test_refused_package_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "bad.h5p"
    files = default_files()
    files["content/x.html"] = b"<script>alert(1)</script>"
    path.write_bytes(build(files))
    with pytest.raises(CommandError) as caught:
        call_command("import_h5p", str(path))
    assert caught.value.returncode == 1
    assert "content/x.html" in capsys.readouterr().err
    assert not H5PActivity.objects.exists()


def test_missing_file_exits_non_zero(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_h5p", str(tmp_path / "nope.h5p"))


def test_replace(tmp_path, activity):
    path = tmp_path / "b.h5p"
    path.write_bytes(build())
    call_command("import_h5p", str(path), "--replace", str(activity.pk), "--title", "Thay")
    activity.refresh_from_db()
    assert activity.title == "Thay"
    assert H5PActivity.objects.count() == 1


def test_stale_unpacking_folders_removed(h5p_root):
    import os
    import time

    from courses.h5p.jobs import remove_stale_uploads

    old, fresh = h5p_root / ".tmp" / "old", h5p_root / ".tmp" / "fresh"
    old.mkdir(parents=True)
    fresh.mkdir()
    (old / "x.json").write_text("{}")
    os.utime(old, (time.time() - 3 * 86400, time.time() - 3 * 86400))
    assert remove_stale_uploads() == 1
    assert not old.exists() and fresh.exists()
