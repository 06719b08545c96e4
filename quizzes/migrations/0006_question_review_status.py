import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0005_attempt_answer_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='question',
            options={'ordering': ['competence__area__sort_order', 'competence__sort_order', 'level', 'pk'], 'permissions': [('approve_question', 'Duyệt câu hỏi (cho phép rút vào bài kiểm tra)')], 'verbose_name': 'câu hỏi', 'verbose_name_plural': 'câu hỏi'},
        ),
        migrations.AddField(
            model_name='question',
            name='approved_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='duyệt lúc'),
        ),
        migrations.AddField(
            model_name='question',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người duyệt'),
        ),
        migrations.AddField(
            model_name='question',
            name='status',
            field=models.CharField(choices=[('draft', 'Chờ duyệt'), ('approved', 'Đã duyệt')], default='draft', help_text='Chỉ câu hỏi đã duyệt mới được rút vào bài kiểm tra.', max_length=16, verbose_name='trạng thái duyệt'),
        ),
    ]
