"""`{% localized obj.name obj.name_en %}`: content stored in two columns, shown in the active language.

UI text uses `{% translate %}`; this tag is only for data such as a qualification's two names."""

from django import template

from volunteerhub.core.i18n import localized as pick

register = template.Library()


@register.simple_tag(name="localized")
def localized(zh: str, en: str | None) -> str:
    return pick(zh, en)
