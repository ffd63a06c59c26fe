from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hours', '0004_certificate_moves'),
    ]

    operations = [
        migrations.AddField(
            model_name='ledgerentry',
            name='category',
            field=models.CharField(choices=[('service', '志愿服务'), ('training', '培训')], default='service', max_length=10, verbose_name='性质'),
        ),
        migrations.AddField(
            model_name='volunteerhours',
            name='service_hours',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=10, verbose_name='累计服务时长（小时）'),
        ),
        migrations.AddField(
            model_name='volunteerhours',
            name='star_level_announced',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='已通知的最高星级'),
        ),
        migrations.AddField(
            model_name='volunteerhours',
            name='training_entries',
            field=models.IntegerField(default=0, verbose_name='已审核培训记录数'),
        ),
        migrations.AddField(
            model_name='volunteerhours',
            name='training_hours',
            field=models.DecimalField(decimal_places=2, default=0, max_digits=10, verbose_name='累计培训时长（小时）'),
        ),
    ]
