"""Finds what each domain app declares in a module of a given name (exports, imports, ...)."""

import importlib

from django.apps import apps


def app_modules(module_name: str):
    """Yield `<app>.<module_name>` for every platform app that has one."""
    for config in apps.get_app_configs():
        if not config.name.startswith("volunteerhub."):
            continue
        name = f"{config.name}.{module_name}"
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def collect(module_name: str, attribute: str) -> dict:
    """Merge the dicts named `attribute` of every app's `module_name` module."""
    found: dict = {}
    for module in app_modules(module_name):
        found.update(getattr(module, attribute, {}))
    return found
