from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_linked_activities_m2m"),
    ]

    operations = [
        migrations.RemoveField(model_name="article", name="linked_activity_ids"),
    ]
