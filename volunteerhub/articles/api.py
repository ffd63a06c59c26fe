from datetime import datetime

from ninja import Router, Schema

from volunteerhub.articles import selectors

router = Router(tags=["articles"])


class ArticleItemOut(Schema):
    id: int
    title: str
    summary: str
    source: str
    category: str | None
    tags: list[str]
    published_at: datetime
    read_count: int
    url: str


class ArticleOut(ArticleItemOut):
    body: str
    cover_url: str | None
    activity_ids: list[int]


def _item(article) -> dict:
    return {"id": article.pk, "title": article.title, "summary": article.summary, "source": article.source,
            "category": article.category.slug if article.category_id else None,
            "tags": [t.name for t in article.tags.all()], "published_at": article.published_at,
            "read_count": article.read_count, "url": article.get_absolute_url()}


@router.get("/articles", response=list[ArticleItemOut], summary="Latest published articles (by tag or category)")
def article_list(request, tag: str | None = None, category: str | None = None, limit: int = 20):
    limit = max(1, min(limit, 100))
    if tag:
        _, articles = selectors.articles_by_tag(slug=tag)
    elif category:
        _, articles = selectors.articles_by_category(slug=category)
    else:
        articles = selectors.articles_published()
    return [_item(a) for a in articles[:limit]]


@router.get("/articles/{article_id}", response=ArticleOut, summary="One published article (sanitised HTML body)")
def article_detail(request, article_id: int):
    article = selectors.article_get_public(article_id=article_id)
    return {**_item(article), "body": article.body, "cover_url": article.cover.url if article.cover else None,
            "activity_ids": [a.pk for a in selectors.linked_activities(article)]}
