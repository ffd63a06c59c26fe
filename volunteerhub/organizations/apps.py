from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "volunteerhub.organizations"
    label = "organizations"
    verbose_name = "组织 Organisations"
