"""Population groups as provinces report them (DOMAIN.md)."""

from django.db import migrations

GROUPS = [
    ("leader", "Lãnh đạo, quản lý", "Leaders and managers"),
    ("civil-servant", "Cán bộ, công chức, viên chức", "Cadres, civil servants and public employees"),
    ("union", "Đoàn viên công đoàn", "Trade union members"),
    ("youth", "Đoàn viên thanh niên", "Youth Union members"),
    ("student", "Học sinh, sinh viên", "Pupils and students"),
    ("teacher", "Giáo viên", "Teachers"),
    ("adult", "Người dân", "Adults (citizens)"),
    ("worker", "Người lao động trong doanh nghiệp, hợp tác xã, hội", "Workers in enterprises, cooperatives and associations"),
    ("farmer", "Nông dân", "Farmers"),
]


def seed(apps, schema_editor):
    PopulationGroup = apps.get_model("organisations", "PopulationGroup")
    for order, (code, name, name_en) in enumerate(GROUPS, start=1):
        PopulationGroup.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
