from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "volunteerhub.accounts"
    label = "accounts"
    verbose_name = "账户 Accounts"
