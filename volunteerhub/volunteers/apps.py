from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteerhub.volunteers"
    label = "volunteers"
    verbose_name = "志愿者 Volunteers"
