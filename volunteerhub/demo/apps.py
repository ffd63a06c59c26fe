from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "volunteerhub.demo"
    label = "demo"
    verbose_name = "演示数据 Demo data"
