"""The faster reset of transactional tests (``tests/dbreset.py``) leaves the database as Django's would."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests import dbreset


@pytest.mark.django_db(transaction=True)
def test_flush_empties_every_table_and_restore_gives_back_the_migrated_state_that_django_serialised(make_user):
    from lms.organisations.models import PopulationGroup

    assert connection.alias in dbreset._snapshots, "the session's test database was snapshotted"
    migrated = connection._test_serialized_contents  # Django's own copy of the migrated state
    assert connection.creation.serialize_db_to_string() == migrated

    make_user()  # a new row, a changed seeded row, a removed seeded row
    group = PopulationGroup.objects.order_by("pk").first()
    group.name = "đã đổi"
    group.save()
    PopulationGroup.objects.order_by("pk").last().delete()
    assert connection.creation.serialize_db_to_string() != migrated

    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True)
    assert dbreset.holding_rows(connection, dbreset.model_tables(connection)) == []

    connection.creation.deserialize_db_from_string(migrated)
    assert connection.creation.serialize_db_to_string() == migrated

    make_user()  # restoring twice in a row (the first transactional test of a run) is the same
    connection.creation.deserialize_db_from_string(migrated)
    assert connection.creation.serialize_db_to_string() == migrated


@pytest.mark.django_db
def test_every_foreign_key_is_deferred_so_the_order_of_the_reset_does_not_matter():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite: Django declares every foreign key DEFERRABLE INITIALLY DEFERRED in the table's SQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT conrelid::regclass::text, conname FROM pg_constraint "
                       "WHERE contype = 'f' AND NOT (condeferrable AND condeferred)")
        assert cursor.fetchall() == []
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
        assert cursor.fetchone()[0] > 100


@pytest.mark.django_db(transaction=True)
def test_the_demo_restored_from_its_copy_is_the_demo_the_command_loaded(settings, tmp_path):
    from pathlib import Path

    def files(root):
        return sorted((str(p.relative_to(root)), p.stat().st_size) for p in Path(root).rglob("*") if p.is_file())

    migrated = connection._test_serialized_contents
    dbreset._demo.pop(connection.alias, None)
    assert dbreset.load_demo(connection, settings.MEDIA_ROOT) == "loaded"
    loaded, loaded_files = connection.creation.serialize_db_to_string(), files(settings.MEDIA_ROOT)
    assert loaded != migrated and loaded_files

    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(migrated)
    settings.MEDIA_ROOT = str(tmp_path / "next-test")
    assert dbreset.load_demo(connection, settings.MEDIA_ROOT) == "restored"
    assert connection.creation.serialize_db_to_string() == loaded
    assert files(settings.MEDIA_ROOT) == loaded_files

    from lms.accounts.models import User  # a fixture's row before the demo: the command runs, nothing is lost
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(migrated)
    User.objects.create_user(email="truoc-demo@example.vn", password="x", full_name="Trước nội dung mẫu")
    assert dbreset.load_demo(connection, settings.MEDIA_ROOT) == "loaded"
    assert User.objects.filter(email="truoc-demo@example.vn").exists()
