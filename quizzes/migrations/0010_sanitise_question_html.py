"""Clean the rich text stored before the sanitiser (``quizzes.sanitize.clean_html``): questions' stem, general
feedback and explanation, and the same keys in their versions' ``data`` (attempts show versions). Only the HTML
changes; scoring data (choices, fractions, answers) are untouched, so recorded results stay the same."""

from django.db import migrations

RICH_FIELDS = ("stem", "general_feedback", "explanation")


def sanitise(apps, schema_editor):
    from quizzes.sanitize import clean_html

    Question = apps.get_model("quizzes", "Question")
    QuestionVersion = apps.get_model("quizzes", "QuestionVersion")
    for question in Question.objects.only("pk", *RICH_FIELDS).iterator(chunk_size=500):
        changed = {f: clean_html(getattr(question, f)) for f in RICH_FIELDS}
        changed = {f: v for f, v in changed.items() if v != (getattr(question, f) or "")}
        if changed:
            Question.objects.filter(pk=question.pk).update(**changed)
    for version in QuestionVersion.objects.only("pk", "data").iterator(chunk_size=500):
        data = version.data if isinstance(version.data, dict) else None
        if not data:
            continue
        cleaned = {**data, **{f: clean_html(data.get(f)) for f in RICH_FIELDS if f in data}}
        if cleaned != data:
            QuestionVersion.objects.filter(pk=version.pk).update(data=cleaned)


class Migration(migrations.Migration):

    dependencies = [
        ("quizzes", "0009_question_penalty"),
    ]

    operations = [
        migrations.RunPython(sanitise, migrations.RunPython.noop),
    ]
