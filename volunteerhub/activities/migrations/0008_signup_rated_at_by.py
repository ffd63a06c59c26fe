import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def rated_when_finished(apps, schema_editor):
    """Evaluations given so far were given when their activity was finished."""
    SignUp, Activity = apps.get_model("activities", "SignUp"), apps.get_model("activities", "Activity")
    finished = Activity.objects.filter(pk=OuterRef("activity_id")).values("finished_at")[:1]
    SignUp.objects.filter(rating__isnull=False, rated_at__isnull=True).update(rated_at=Subquery(finished))


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0007_signup_waitlist_rank_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='signup',
            name='rated_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='评价时间'),
        ),
        migrations.AddField(
            model_name='signup',
            name='rated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='评价人'),
        ),
        migrations.RunPython(rated_when_finished, migrations.RunPython.noop),
    ]
