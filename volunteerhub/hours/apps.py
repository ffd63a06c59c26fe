from django.apps import AppConfig


class HoursConfig(AppConfig):
    name = "volunteerhub.hours"
    label = "hours"
    verbose_name = "服务时长 Service hours"
