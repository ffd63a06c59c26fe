from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "volunteerhub.stats"
    label = "stats"
    verbose_name = "统计 Statistics"
