"""Opaque per-attempt option ids (``AttemptQuestion.aliases``) and the learner's review flag.

Open attempts get their ids here (their answers are stored with internal ids, so nothing else changes);
closed attempts keep an empty mapping and are shown as before.
"""

import random

from django.db import migrations, models


def give_open_attempts_aliases(apps, schema_editor):
    from quizzes.scoring import make_aliases

    AttemptQuestion = apps.get_model("quizzes", "AttemptQuestion")
    rng = random.SystemRandom()
    batch = []
    for item in AttemptQuestion.objects.filter(attempt__state="in_progress").select_related("version").iterator():
        item.aliases = make_aliases(item.version.data, rng)
        batch.append(item)
        if len(batch) >= 500:
            AttemptQuestion.objects.bulk_update(batch, ["aliases"])
            batch = []
    AttemptQuestion.objects.bulk_update(batch, ["aliases"])


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0013_questions_reviewed_before_drawn'),
    ]

    operations = [
        migrations.AddField(
            model_name='attemptquestion',
            name='aliases',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='attemptquestion',
            name='flagged',
            field=models.BooleanField(default=False, help_text='The learner marked it to look at again before submitting.'),
        ),
        migrations.RunPython(give_open_attempts_aliases, migrations.RunPython.noop),
    ]
