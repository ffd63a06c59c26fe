from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "volunteerhub.needs"
    label = "needs"
    verbose_name = "服务需求 Needs"
