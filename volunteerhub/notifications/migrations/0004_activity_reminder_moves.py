"""Activity reminders move to activities (activities 0006 takes over the same table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_wechat_identity_moves'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.DeleteModel(name='ActivityReminder'),
    ])]
