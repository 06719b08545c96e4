from django.db import migrations

from quizzes.data import tt02_2025


def load(apps, schema_editor):
    tt02_2025.load(
        apps.get_model("quizzes", "Framework"),
        apps.get_model("quizzes", "CompetenceArea"),
        apps.get_model("quizzes", "Competence"),
        apps.get_model("quizzes", "ProficiencyLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
