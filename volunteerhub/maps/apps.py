from django.apps import AppConfig


class MapsConfig(AppConfig):
    name = "volunteerhub.maps"
    label = "maps"
    verbose_name = "服务地图 Map"
