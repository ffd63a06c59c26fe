"""{% related_articles activity %}: the published articles about an activity, for other apps' pages."""

from django import template

from volunteerhub.articles import selectors

register = template.Library()


@register.inclusion_tag("articles/_related.html")
def related_articles(activity, limit: int = 10) -> dict:
    return {"related_articles": selectors.articles_about_activity(activity, limit=limit)}
