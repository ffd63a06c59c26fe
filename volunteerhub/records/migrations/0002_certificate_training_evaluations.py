from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0001_certificate_moves'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificate',
            name='evaluations',
            field=models.JSONField(blank=True, default=list, help_text="[{activity, date, rating, note}] of the organisers' evaluations when issued", verbose_name='服务评价'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='training_hours',
            field=models.DecimalField(decimal_places=2, default=0, help_text='kept apart from service hours (2020 Measures)', max_digits=10, verbose_name='培训时长（小时）'),
        ),
    ]
