from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "volunteerhub.agreements"
    label = "agreements"
    verbose_name = "服务协议与监护人同意 Agreements and consent"
