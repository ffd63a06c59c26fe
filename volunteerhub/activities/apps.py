from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "volunteerhub.activities"
    label = "activities"
    verbose_name = "志愿活动 Activities"
