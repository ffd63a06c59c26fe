"""WeChat identities move to accounts (accounts 0005 takes over the same table)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_deliveries_wechat_reminders'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.DeleteModel(name='WeChatIdentity'),
    ])]
