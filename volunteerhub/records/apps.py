from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "volunteerhub.records"
    label = "records"
    verbose_name = "志愿服务记录 Service records"
