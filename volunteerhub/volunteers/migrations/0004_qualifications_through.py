"""A volunteer's qualifications keep their table, now a model of its own (VolunteerQualification), so that
each declaration can be verified (0005 adds who verified it and when)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0003_volunteer_home_cell")]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name="VolunteerQualification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("volunteer", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                to="volunteers.volunteer", verbose_name="志愿者")),
                ("qualification", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                    to="volunteers.qualification", verbose_name="专业资质")),
            ],
            options={"db_table": "volunteers_volunteer_qualifications", "verbose_name": "志愿者资质",
                     "verbose_name_plural": "志愿者资质", "unique_together": {("volunteer", "qualification")}},
        ),
        migrations.AlterField(
            model_name="volunteer", name="qualifications",
            field=models.ManyToManyField(blank=True, related_name="volunteers", through="volunteers.VolunteerQualification",
                                         to="volunteers.qualification", verbose_name="专业资质"),
        ),
    ])]
