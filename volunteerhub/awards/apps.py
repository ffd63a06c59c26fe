from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "volunteerhub.awards"
    label = "awards"
    verbose_name = "表彰 Commendations"
