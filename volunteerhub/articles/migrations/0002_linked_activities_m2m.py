"""Linked activities become a many-to-many to activities.Activity; the JSON list of ids is converted
(and dropped in 0003, a transaction of its own)."""

from django.db import migrations, models


def ids_to_links(apps, schema_editor):
    """Copy each article's JSON ids into the new relation, skipping ids of activities that no longer exist."""
    Article = apps.get_model("articles", "Article")
    Activity = apps.get_model("activities", "Activity")
    Link = Article.linked_activities.through
    wanted = {a.pk: {int(i) for i in (a.linked_activity_ids or []) if str(i).isdigit()}
              for a in Article.objects.only("pk", "linked_activity_ids").iterator()}
    existing = set(Activity.objects.filter(pk__in=set().union(*wanted.values())).values_list("pk", flat=True)) \
        if wanted else set()
    Link.objects.bulk_create([Link(article_id=article_id, activity_id=activity_id)
                              for article_id, ids in wanted.items() for activity_id in sorted(ids & existing)],
                             batch_size=1000)


def links_to_ids(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.prefetch_related("linked_activities"):
        article.linked_activity_ids = sorted(a.pk for a in article.linked_activities.all())
        article.save(update_fields=["linked_activity_ids"])


class Migration(migrations.Migration):

    dependencies = [
        ("activities", "0001_initial"),
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="linked_activities",
            field=models.ManyToManyField(blank=True, related_name="articles", to="activities.activity",
                                         verbose_name="关联活动"),
        ),
        migrations.RunPython(ids_to_links, links_to_ids),
    ]
