from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "volunteerhub.core"
    label = "core"
    verbose_name = "核心 Core"

    def ready(self) -> None:
        from django.urls import register_converter

        from volunteerhub.core import checks  # noqa: F401  (registers the database checks)
        from volunteerhub.core.converters import IdConverter

        register_converter(IdConverter, "id")
