import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0007_approve_existing_questions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='question',
            name='competence',
            field=models.ForeignKey(blank=True, help_text='Để trống: câu hỏi “chưa gắn năng lực”, không được rút vào bài kiểm tra.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='questions', to='quizzes.competence', verbose_name='năng lực thành phần'),
        ),
    ]
