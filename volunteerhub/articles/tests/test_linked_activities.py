"""Articles link activities through a real many-to-many; both pages show the link."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.articles import selectors, services
from volunteerhub.articles.models import Article
from volunteerhub.core.errors import ValidationFailed


def _publish(admin, title="义诊进社区", activities=(), **kw):
    return services.article_save(by=admin, title=title, body="<p>正文</p>", publish=True,
                                 published_at=timezone.now() - dt.timedelta(hours=1),
                                 linked_activity_ids=[a.pk for a in activities], **kw)


@pytest.fixture
def clinic(organizer):
    return make_activity(organizer, title="周末义诊")


def test_the_article_page_links_its_activities(client, city_admin, clinic, organizer):
    draft = make_activity(organizer, title="未发布的活动", publish=False)
    article = _publish(city_admin, activities=[clinic, draft])

    html = client.get(f"/articles/{article.pk}/").content.decode()

    assert f'href="/activities/{clinic.pk}/"' in html and "周末义诊" in html
    assert "未发布的活动" not in html
    assert set(article.linked_activities.all()) == {clinic, draft}


def test_the_activity_page_shows_the_articles_about_it(client, city_admin, clinic):
    article = _publish(city_admin, activities=[clinic])
    services.article_save(by=city_admin, title="草稿稿件", body="<p>x</p>", linked_activity_ids=[clinic.pk])
    _publish(city_admin, title="无关报道")

    html = client.get(f"/activities/{clinic.pk}/").content.decode()

    assert 'id="related-articles"' in html and f'href="/articles/{article.pk}/"' in html
    assert "草稿稿件" not in html and "无关报道" not in html


def test_an_activity_without_articles_shows_no_news_section(client, clinic):
    assert 'id="related-articles"' not in client.get(f"/activities/{clinic.pk}/").content.decode()


def test_the_api_gives_the_linked_activity_ids(anon, city_admin, clinic):
    article = _publish(city_admin, activities=[clinic])

    assert anon.get(f"/api/v1/articles/{article.pk}").json()["activity_ids"] == [clinic.pk]


def test_it_refuses_unknown_activities_and_changes_nothing(city_admin, clinic):
    article = _publish(city_admin, activities=[clinic])

    with pytest.raises(ValidationFailed) as caught:
        services.article_save(by=city_admin, article=article, title="改标题", body="<p>x</p>",
                              linked_activity_ids=[clinic.pk, 999999])

    assert "linked_activity_ids" in caught.value.fields
    article.refresh_from_db()
    assert article.title == "义诊进社区" and list(article.linked_activities.all()) == [clinic]


def test_editing_without_activities_keeps_the_links(city_admin, clinic):
    article = _publish(city_admin, activities=[clinic])

    services.article_save(by=city_admin, article=article, title="新标题", body="<p>x</p>")

    assert list(article.linked_activities.all()) == [clinic]
    assert selectors.articles_about_activity(clinic) == [article]


def test_the_admin_form_saves_the_links(client, city_admin, clinic):
    city_admin.is_superuser = True
    city_admin.save()
    client.force_login(city_admin)

    response = client.post("/admin/articles/article/add/", {
        "title": "后台发布", "summary": "", "body": "<p>正文</p>", "source": "", "category": "",
        "published_at_0": "", "published_at_1": "", "linked_activities": [clinic.pk], "tag_names": "", "publish": "on"})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Article.objects.get(title="后台发布").linked_activities.all()) == [clinic]


@pytest.mark.django_db(transaction=True)  # the root conftest reloads the reference data afterwards
def test_the_migration_turns_the_id_list_into_links(organizer):
    clinic = make_activity(organizer, title="周末义诊")
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0001_initial")])
    old_apps = executor.loader.project_state([("articles", "0001_initial")]).apps
    OldArticle = old_apps.get_model("articles", "Article")
    old = OldArticle.objects.create(title="旧稿", body="<p>x</p>", linked_activity_ids=[clinic.pk, 987654])
    empty = OldArticle.objects.create(title="无关联", body="<p>x</p>")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("articles"))

    assert list(Article.objects.get(pk=old.pk).linked_activities.values_list("pk", flat=True)) == [clinic.pk]
    assert not Article.objects.get(pk=empty.pk).linked_activities.exists()
