"""Upload and edit videos (add/change/view) for Editors and Moderators; Moderators may also delete them.
Permissions are created here because post_migrate has not run yet."""

from django.db import migrations

GRANTS = {
    "Editors": [("video", "add"), ("video", "change"), ("video", "view")],
    "Moderators": [("video", "add"), ("video", "change"), ("video", "view"), ("video", "delete")],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, pairs in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, action in pairs:
            content_type, _ = ContentType.objects.get_or_create(app_label="video", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="video"))


class Migration(migrations.Migration):
    dependencies = [
        ("video", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
