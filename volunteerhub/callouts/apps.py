from django.apps import AppConfig


class CalloutsConfig(AppConfig):
    name = "volunteerhub.callouts"
    label = "callouts"
    verbose_name = "应急动员 Emergency call-out"
