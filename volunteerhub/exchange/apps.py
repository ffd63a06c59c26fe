from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "volunteerhub.exchange"
    label = "exchange"
    verbose_name = "数据交换 Data exchange"
