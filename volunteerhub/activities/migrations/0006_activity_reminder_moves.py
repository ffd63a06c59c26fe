"""Activity reminders move from notifications to activities (the reminder is the activity's): the same table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_activity_reminder_moves'),
        ('activities', '0005_drop_sign_up_function'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='ActivityReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('hours_before', models.PositiveSmallIntegerField(verbose_name='提前小时数')),
                ('status', models.CharField(choices=[('queued', '排队中'), ('sent', '已发出'), ('skipped', '已跳过（活动已开始或取消）')], db_index=True, default='queued', max_length=12, verbose_name='状态')),
                ('recipients', models.PositiveIntegerField(default=0, verbose_name='提醒人数')),
                ('queued_at', models.DateTimeField(auto_now_add=True, verbose_name='排队时间')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='发出时间')),
                ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='activities.activity', verbose_name='活动')),
            ],
            options={
                'verbose_name': '活动提醒',
                'verbose_name_plural': '活动提醒',
                'db_table': 'notifications_activityreminder',
                'ordering': ['-queued_at'],
                'constraints': [models.UniqueConstraint(fields=('activity', 'hours_before'), name='reminder_once_per_lead')],
            },
        ),
    ])]
