from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "volunteerhub.home"
    label = "home"
    verbose_name = "首页 Home"
