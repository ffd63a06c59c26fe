from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.utils.translation import gettext

from volunteerhub.articles import selectors, services
from volunteerhub.articles.models import Category
from volunteerhub.core.addresses import client_ip
from volunteerhub.core.errors import NotFound
from volunteerhub.core.i18n import localized

PAGE_SIZE = 15


def _list(request, articles, heading: str):
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/list.html", {
        "page": page, "heading": heading, "categories": Category.objects.all(),
        "most_read": selectors.articles_most_read(limit=5)})


@require_GET
def article_list(request):
    return _list(request, selectors.articles_published(), gettext("News"))


@require_GET
def article_tag(request, slug: str):
    tag, articles = _or_404(selectors.articles_by_tag, slug=slug)
    return _list(request, articles, gettext("Tag: {name}").format(name=tag.name))


@require_GET
def article_category(request, slug: str):
    category, articles = _or_404(selectors.articles_by_category, slug=slug)
    return _list(request, articles, localized(category.name, category.name_en))


@require_GET
def article_detail(request, pk: int):
    article = _or_404(selectors.article_get_public, article_id=pk)
    if services.article_count_read(article=article, ip=client_ip(request),
                                   user_agent=request.headers.get("User-Agent", "")):
        article.read_count += 1
    return render(request, "articles/detail.html", {
        "article": article, "latest": [a for a in selectors.articles_latest(limit=8) if a.pk != article.pk][:6],
        "activities": selectors.linked_activities(article)})


def _or_404(fn, **kwargs):
    from django.http import Http404

    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404 from None
