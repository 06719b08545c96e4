"""Review timing: when the review detail chosen in ``review_policy`` opens (``review_after``), on the test and
snapshotted on each attempt (attempts from before show their review at once, as they did)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('quizzes', '0014_attemptquestion_opaque_ids_and_flag'),
    ]

    operations = [
        migrations.AddField(
            model_name='assessment',
            name='review_after',
            field=models.CharField(choices=[('at_once', 'Ngay sau khi nộp bài'), ('last_attempt', 'Khi người học đã dùng hết số lần làm bài'), ('window_closed', 'Khi bài kiểm tra đã đóng (sau thời điểm “đóng lúc”)')], default='last_attempt', help_text='Trước thời điểm này người học chỉ thấy điểm, hồ sơ năng lực và nhận xét theo miền.', max_length=16, verbose_name='phần xem lại được mở'),
        ),
        migrations.AddField(
            model_name='attempt',
            name='review_after',
            field=models.CharField(choices=[('at_once', 'Ngay sau khi nộp bài'), ('last_attempt', 'Khi người học đã dùng hết số lần làm bài'), ('window_closed', 'Khi bài kiểm tra đã đóng (sau thời điểm “đóng lúc”)')], default='at_once', max_length=16),
        ),
        migrations.AlterField(
            model_name='assessment',
            name='review_policy',
            field=models.CharField(choices=[('score', 'Điểm, hồ sơ năng lực và nhận xét theo miền (không có đáp án)'), ('own', 'Thêm: câu trả lời của mình, câu nào đúng, câu nào sai (không có đáp án)'), ('correct', 'Thêm: câu trả lời của mình, đáp án đúng và giải thích')], default='correct', max_length=16, verbose_name='sau khi nộp bài, người học được xem'),
        ),
        migrations.AlterField(
            model_name='attempt',
            name='review_policy',
            field=models.CharField(choices=[('score', 'Điểm, hồ sơ năng lực và nhận xét theo miền (không có đáp án)'), ('own', 'Thêm: câu trả lời của mình, câu nào đúng, câu nào sai (không có đáp án)'), ('correct', 'Thêm: câu trả lời của mình, đáp án đúng và giải thích')], max_length=16),
        ),
    ]
