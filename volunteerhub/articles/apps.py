from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "volunteerhub.articles"
    label = "articles"
    verbose_name = "新闻资讯 Articles"
