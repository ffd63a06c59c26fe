from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "volunteerhub.regions"
    label = "regions"
    verbose_name = "行政区划 Regions"
