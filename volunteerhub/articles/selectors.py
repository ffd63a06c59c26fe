from django.db.models import QuerySet
from django.utils import timezone

from volunteerhub.articles.models import Article, Category, Tag
from volunteerhub.core.errors import NotFound


def articles_published() -> QuerySet[Article]:
    """Published articles whose publish time has come, newest first."""
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now()) \
        .select_related("category").prefetch_related("tags").order_by("-published_at", "-pk")


def articles_latest(*, limit: int = 10) -> QuerySet[Article]:
    return articles_published()[:limit]


def articles_by_tag(*, slug: str) -> tuple[Tag, QuerySet[Article]]:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise NotFound()
    return tag, articles_published().filter(tags=tag)


def articles_by_category(*, slug: str) -> tuple[Category, QuerySet[Article]]:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise NotFound()
    return category, articles_published().filter(category=category)


def article_get_public(*, article_id: int) -> Article:
    article = articles_published().filter(pk=article_id).first()
    if article is None:
        raise NotFound()
    return article


def articles_most_read(*, limit: int = 5) -> QuerySet[Article]:
    return articles_published().order_by("-read_count", "-published_at")[:limit]


def linked_activities(article: Article) -> list:
    """The article's activities that the public may see (not drafts), in time order."""
    return list(article.linked_activities.exclude(status="draft").select_related("region").order_by("starts_at"))


def articles_about_activity(activity, *, limit: int = 10) -> list[Article]:
    """Published articles linked to an activity, newest first (for the activity's page)."""
    return list(articles_published().filter(linked_activities=activity)[:limit])
