"""Upload (add/change/view activities) for Editors and Moderators; installing libraries only for Moderators,
who also may delete activities. Permissions are created here because post_migrate has not run yet."""

from django.db import migrations

GRANTS = {
    "Editors": [("h5pactivity", "add"), ("h5pactivity", "change"), ("h5pactivity", "view")],
    "Moderators": [
        ("h5pactivity", "add"),
        ("h5pactivity", "change"),
        ("h5pactivity", "view"),
        ("h5pactivity", "delete"),
        ("h5plibrary", "view"),
        ("h5plibrary", "install_h5p_library"),
    ],
}
NAMES = {"install_h5p_library": "Can install or upgrade H5P libraries"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, pairs in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, action in pairs:
            content_type, _ = ContentType.objects.get_or_create(app_label="h5p", model=model)
            codename = action if action == "install_h5p_library" else f"{action}_{model}"
            name = NAMES.get(codename) or f"Can {action} {model}"
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="h5p"))


class Migration(migrations.Migration):
    dependencies = [
        ("h5p", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
