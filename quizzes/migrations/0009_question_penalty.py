import django.core.validators
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0008_question_competence_optional'),
    ]

    operations = [
        migrations.AddField(
            model_name='question',
            name='penalty',
            field=models.DecimalField(decimal_places=7, default=Decimal('0.3333333'), help_text='Từ Moodle (chế độ nhiều lần thử). Bài kiểm tra ở đây chỉ cho trả lời một lần nên không dùng khi chấm.', max_digits=8, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(1)], verbose_name='trừ điểm mỗi lần thử lại'),
        ),
    ]
