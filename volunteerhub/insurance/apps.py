from django.apps import AppConfig


class InsuranceConfig(AppConfig):
    name = "volunteerhub.insurance"
    label = "insurance"
    verbose_name = "保险登记 Insurance register"
