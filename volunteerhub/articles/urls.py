from django.urls import path

from volunteerhub.articles import views
from volunteerhub.articles.feeds import LatestArticlesFeed

urlpatterns = [
    path("articles/", views.article_list, name="article-list"),
    path("articles/feed/", LatestArticlesFeed(), name="article-feed"),
    path("articles/tag/<str:slug>/", views.article_tag, name="article-tag"),
    path("articles/category/<slug:slug>/", views.article_category, name="article-category"),
    path("articles/<id:pk>/", views.article_detail, name="article-detail"),
]
