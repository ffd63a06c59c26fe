from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from volunteerhub.articles.selectors import articles_latest


class LatestArticlesFeed(Feed):
    """Atom feed of the latest published articles."""

    feed_type = Atom1Feed
    link = "/articles/"
    subtitle = "卫生健康志愿服务新闻资讯"

    def title(self):
        return f"{settings.CORPS_NAME} · 新闻资讯"

    def items(self):
        return articles_latest(limit=30)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.source or settings.CORPS_NAME

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
