import django.db.models.deletion
from django.db import migrations, models


def load(apps, schema_editor):
    from volunteerhub.regions.loader import load_regions

    load_regions(apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                ("code", models.CharField(max_length=12, primary_key=True, serialize=False, verbose_name="区划代码")),
                ("name", models.CharField(max_length=64, verbose_name="名称")),
                ("level", models.CharField(choices=[("city", "市"), ("county", "县区"), ("township", "乡镇街道"), ("village", "村社区")], db_index=True, max_length=10, verbose_name="层级")),
                ("path", models.CharField(max_length=64, unique=True, verbose_name="路径")),
                ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="children", to="regions.region", verbose_name="上级")),
            ],
            options={"verbose_name": "行政区划", "verbose_name_plural": "行政区划", "ordering": ["code"]},
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
