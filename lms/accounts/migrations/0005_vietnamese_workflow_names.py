"""The moderation workflow and its task get Vietnamese names (issue 16: the admin showed "Gửi duyệt: Moderators
approval" and "Đang chờ Moderators approval")."""

from django.db import migrations

OLD = "Moderators approval"
WORKFLOW_NAME = "Kiểm duyệt nội dung"
TASK_NAME = "Ban kiểm duyệt"


def rename(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    if not Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        Workflow.objects.filter(name=OLD).update(name=WORKFLOW_NAME)
    if not Task.objects.filter(name=TASK_NAME).exists():
        Task.objects.filter(name=OLD).update(name=TASK_NAME)


def rename_back(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).update(name=OLD)
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).update(name=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_erased_at"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ]
    operations = [migrations.RunPython(rename, rename_back)]
