"""`{% t "中文" "English" %}` picks the text for the active language."""

from django import template

from volunteerhub.core.i18n import t as pick

register = template.Library()


@register.simple_tag(name="t")
def t(zh: str, en: str) -> str:
    return pick(zh, en)
