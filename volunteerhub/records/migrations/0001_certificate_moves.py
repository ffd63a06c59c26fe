"""Certificates move from hours to their own app (they show commendations too): the same table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('hours', '0004_certificate_moves'),
        ('volunteers', '0003_volunteer_home_cell'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='Certificate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=32, unique=True, verbose_name='证明编号')),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='核验码')),
                ('name', models.CharField(max_length=64, verbose_name='姓名')),
                ('id_type', models.CharField(default='居民身份证', max_length=32, verbose_name='证件类型')),
                ('id_number_masked', models.CharField(max_length=32, verbose_name='证件号码（脱敏）')),
                ('volunteer_number', models.CharField(max_length=20, verbose_name='志愿者编号')),
                ('hours', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='服务时长（小时）')),
                ('star_level', models.PositiveSmallIntegerField(default=0, verbose_name='星级')),
                ('content', models.CharField(max_length=500, verbose_name='服务内容')),
                ('period_from', models.DateField(blank=True, null=True, verbose_name='服务起始')),
                ('period_to', models.DateField(blank=True, null=True, verbose_name='服务截止')),
                ('issuer', models.CharField(max_length=128, verbose_name='出具单位')),
                ('person_in_charge', models.CharField(blank=True, max_length=64, verbose_name='负责人')),
                ('handling_officer', models.CharField(blank=True, max_length=64, verbose_name='经办人')),
                ('contact', models.CharField(blank=True, max_length=64, verbose_name='联系方式')),
                ('awards', models.JSONField(blank=True, default=list, help_text='[{title, year}] of approved commendations when issued', verbose_name='获得表彰')),
                ('entries_through', models.IntegerField(default=0, verbose_name='计入的最后记录号')),
                ('issued_on', models.DateField(verbose_name='出具日期')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='生成时间')),
                ('volunteer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='volunteers.volunteer', verbose_name='志愿者')),
            ],
            options={
                'verbose_name': '志愿服务证明',
                'verbose_name_plural': '志愿服务证明',
                'db_table': 'hours_certificate',
                'ordering': ['-created_at'],
            },
        ),
    ])]
