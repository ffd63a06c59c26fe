import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from volunteerhub.articles import selectors, services
from volunteerhub.articles.models import Article, ArticleRead, ReadSalt
from volunteerhub.core.errors import PermissionDenied, ValidationFailed


@pytest.fixture
def article(city_admin):
    return services.article_save(by=city_admin, title="义诊进社区", body="<p>今天我们来到社区。</p>", source="滨州卫健",
                                 tags=["义诊", "社区"], publish=True,
                                 published_at=timezone.now() - dt.timedelta(hours=1))


def _png(size=(20, 10)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("dirty,clean", [
    ('<p>hi<script>alert(1)</script></p>', "<p>hi</p>"),
    ('<p onclick="steal()">x</p>', "<p>x</p>"),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
    ('<iframe src="https://evil.example"></iframe><p>ok</p>', "<p>ok</p>"),
    ('<style>body{display:none}</style><p style="color:red">ok</p>', "<p>ok</p>"),
    ('<p><strong>加粗</strong> <a href="https://example.org/a">链接</a></p>',
     '<p><strong>加粗</strong> <a href="https://example.org/a" rel="noopener noreferrer nofollow">链接</a></p>'),
])
def test_it_sanitises_article_bodies(dirty, clean):
    assert services.sanitize_body(dirty) == clean


def test_a_saved_body_is_stored_sanitised(city_admin):
    article = services.article_save(by=city_admin, title="标题", body='<p>正文</p><script>x()</script>')
    assert Article.objects.get(pk=article.pk).body == "<p>正文</p>"


def test_it_refuses_a_body_that_sanitises_to_nothing(city_admin):
    with pytest.raises(ValidationFailed) as caught:
        services.article_save(by=city_admin, title="标题", body="<script>x()</script>")
    assert "body" in caught.value.fields
    assert not Article.objects.exists()


def test_only_admins_publish(volunteer, organizer):
    for user in (volunteer.user, organizer):
        with pytest.raises(PermissionDenied):
            services.article_save(by=user, title="标题", body="<p>x</p>", publish=True)
    assert not Article.objects.exists()


def test_it_counts_one_read_per_visitor_per_day(article):
    day = dt.date(2026, 3, 4)
    visits = [("1.2.3.4", "Firefox"), ("1.2.3.4", "Firefox"), ("1.2.3.4", "Chrome"), ("5.6.7.8", "Firefox")]
    counted = [services.article_count_read(article=article, ip=ip, user_agent=ua, today=day) for ip, ua in visits]
    assert counted == [True, False, True, True]
    article.refresh_from_db()
    assert article.read_count == 3


def test_the_same_visitor_counts_again_the_next_day(article):
    services.article_count_read(article=article, ip="1.2.3.4", user_agent="Firefox", today=dt.date(2026, 3, 4))
    assert services.article_count_read(article=article, ip="1.2.3.4", user_agent="Firefox", today=dt.date(2026, 3, 5))
    article.refresh_from_db()
    assert article.read_count == 2


def test_it_keeps_no_personal_data_and_forgets_past_days(article):
    services.article_count_read(article=article, ip="1.2.3.4", user_agent="Firefox", today=dt.date(2026, 3, 4))
    read = ArticleRead.objects.get()
    assert "1.2.3.4" not in read.visitor and "Firefox" not in read.visitor and len(read.visitor) == 64
    services.article_count_read(article=article, ip="9.9.9.9", user_agent="Edge", today=dt.date(2026, 3, 5))
    assert set(ArticleRead.objects.values_list("day", flat=True)) == {dt.date(2026, 3, 5)}
    assert list(ReadSalt.objects.values_list("day", flat=True)) == [dt.date(2026, 3, 5)]


def test_the_article_page_counts_a_read_once(article, client):
    for _ in range(2):
        page = client.get(f"/articles/{article.pk}/", HTTP_USER_AGENT="Firefox")
        assert page.status_code == 200
    article.refresh_from_db()
    assert article.read_count == 1
    assert "义诊进社区" in page.content.decode() and "滨州卫健" in page.content.decode()


def test_lists_by_tag_and_category_and_feed(article, client):
    tag = article.tags.get(name="义诊")
    assert "义诊进社区" in client.get(f"/articles/tag/{tag.slug}/").content.decode()
    assert "义诊进社区" in client.get("/articles/").content.decode()
    feed = client.get("/articles/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert "义诊进社区" in feed.content.decode()


def test_drafts_and_future_articles_stay_hidden(city_admin, client):
    draft = services.article_save(by=city_admin, title="草稿文章", body="<p>x</p>")
    future = services.article_save(by=city_admin, title="明天发布", body="<p>x</p>", publish=True,
                                   published_at=timezone.now() + dt.timedelta(days=1))
    assert not selectors.articles_published().filter(pk__in=[draft.pk, future.pk]).exists()
    assert client.get(f"/articles/{draft.pk}/").status_code == 404


def test_it_refuses_an_oversized_or_fake_cover(city_admin, settings):
    settings.ARTICLE_COVER_MAX_BYTES = 100
    big = SimpleUploadedFile("c.png", _png((200, 200)), content_type="image/png")
    with pytest.raises(ValidationFailed):
        services.article_save(by=city_admin, title="标题", body="<p>x</p>", cover=big)
    settings.ARTICLE_COVER_MAX_BYTES = 2 * 1024 * 1024
    fake = SimpleUploadedFile("c.png", b"not an image at all", content_type="image/png")
    with pytest.raises(ValidationFailed):
        services.article_save(by=city_admin, title="标题", body="<p>x</p>", cover=fake)
    assert not Article.objects.exists()


def test_a_real_cover_is_kept(city_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cover = SimpleUploadedFile("c.png", _png(), content_type="image/png")
    article = services.article_save(by=city_admin, title="标题", body="<p>x</p>", cover=cover)
    assert article.cover.name.startswith("articles/covers/")


def test_the_api_lists_published_articles(article, anon):
    body = anon.get("/api/v1/articles").json()
    assert [a["title"] for a in body] == ["义诊进社区"] and body[0]["tags"] == ["义诊", "社区"]
    assert anon.get(f"/api/v1/articles/{article.pk}").json()["body"] == "<p>今天我们来到社区。</p>"
