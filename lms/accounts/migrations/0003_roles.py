"""Role groups (Learners, Editors, Moderators, Managers) and their permissions; see lms/accounts/roles.py."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from lms.accounts.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_phone_verified_unit_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
