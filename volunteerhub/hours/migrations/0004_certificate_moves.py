"""Certificates move to their own app (certificates 0001 takes over the same table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('hours', '0003_volunteerhours_volunteer_hours_top'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.DeleteModel(name='Certificate'),
    ])]
