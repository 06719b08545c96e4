"""The "Duyệt thiết lập bài kiểm tra" workflow: tests (and their blueprints) need a Moderator other than their
author to approve a change before it applies (see quizzes/README.md, "Review of official settings")."""

from django.db import migrations

WORKFLOW_NAME = "Duyệt thiết lập bài kiểm tra"
TASK_NAME = "Kiểm duyệt viên khác người soạn duyệt"
REVIEWED_MODELS = ("assessment",)


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    SeparateReviewerTask = apps.get_model("quizzes", "SeparateReviewerTask")

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task_type, _ = ContentType.objects.get_or_create(app_label="quizzes", model="separatereviewertask")
    task = SeparateReviewerTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = SeparateReviewerTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(moderators)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first() or Workflow.objects.create(
        name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model in REVIEWED_MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="quizzes", model=model)
        WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0011_tests_reviewed_like_pages"),
        ("accounts", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_workflow, remove_workflow)]
