"""Language helpers: UI text goes through Django's gettext (catalogs in locale/); this module keeps
what is not a UI string: content kept in two columns (name, name_en) and the type of a message."""

from django.utils.functional import Promise
from django.utils.translation import get_language, override

Text = str | Promise  # a message: a str, or a lazy translation resolved when shown


def is_english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


def localized(zh: str, en: str | None) -> str:
    """Content stored in both languages (a qualification's name and name_en): the English column in
    English when it is filled, else the Chinese one."""
    return (en or zh) if is_english() else zh


def in_language(message: Text, language: str) -> str:
    """A message in a given language whatever the request's: stored text (an inbox title is written in the
    platform's language) and API fields that name their language (kind_name_en)."""
    with override(language):
        return str(message)
