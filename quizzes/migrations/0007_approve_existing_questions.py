"""Questions that existed before the review step (the demo bank, hand-written ones) were already live: approve
them, so that the tests drawing from them keep working. New imports arrive as drafts."""

from django.db import migrations


def approve_existing(apps, schema_editor):
    apps.get_model("quizzes", "Question").objects.filter(status="draft").update(status="approved")


class Migration(migrations.Migration):

    dependencies = [
        ("quizzes", "0006_question_review_status"),
    ]

    operations = [
        migrations.RunPython(approve_existing, migrations.RunPython.noop),
    ]
