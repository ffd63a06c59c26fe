"""Sign-ups lose three indexes: activity_id and volunteer_id alone (the unique (activity, volunteer) and
(volunteer, status) lead with them) and status alone (with its _like twin on PostgreSQL).

The status index was worse than redundant. "This volunteer's confirmed sign-ups" (the overlap check of
every sign-up) can use it, and PostgreSQL does whenever its statistics say few rows are confirmed: a new
season, a freshly loaded table. Then every sign-up scanned all confirmed sign-ups of everyone. In the
bench, whose runs begin with every earlier sign-up cancelled, each run's first round ran at about two
thirds of the others' speed, with 13% of PostgreSQL's time in that scan (perf) and 3% after.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0003_sign_up_plans_once'),
        ('volunteers', '0003_volunteer_home_cell'),
    ]

    operations = [
        migrations.AlterField(
            model_name='signup',
            name='activity',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='signups', to='activities.activity', verbose_name='活动'),
        ),
        migrations.AlterField(
            model_name='signup',
            name='status',
            field=models.CharField(choices=[('confirmed', '已确认'), ('waitlisted', '候补'), ('cancelled', '已取消')], max_length=12, verbose_name='状态'),
        ),
        migrations.AlterField(
            model_name='signup',
            name='volunteer',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='signups', to='volunteers.volunteer', verbose_name='志愿者'),
        ),
    ]
