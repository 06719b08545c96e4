from django.db import migrations

TOPICS = [
    ("ky-nang-so", "Kỹ năng số cơ bản", "Basic digital skills"),
    ("tri-tue-nhan-tao", "Trí tuệ nhân tạo", "Artificial intelligence"),
    ("an-toan-tren-mang", "An toàn trên mạng", "Online safety"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("courses", "Topic")
    for order, (slug, name, name_en) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
