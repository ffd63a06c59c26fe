"""WeChat identities move from notifications to accounts (WeChat login is an account's): the same table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_drop_holder_change_notices'),
        ('notifications', '0003_wechat_identity_moves'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='WeChatIdentity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('app_id', models.CharField(max_length=32, verbose_name='小程序 AppID')),
                ('openid', models.CharField(max_length=64, verbose_name='OpenID')),
                ('unionid', models.CharField(blank=True, max_length=64, verbose_name='UnionID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='绑定时间')),
                ('last_login_at', models.DateTimeField(blank=True, null=True, verbose_name='最近登录')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='wechat_identity', to=settings.AUTH_USER_MODEL, verbose_name='账户')),
            ],
            options={
                'verbose_name': '微信身份',
                'verbose_name_plural': '微信身份',
                'db_table': 'notifications_wechatidentity',
                'constraints': [models.UniqueConstraint(fields=('app_id', 'openid'), name='wechat_identity_unique_openid')],
            },
        ),
    ])]
