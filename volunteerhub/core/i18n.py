"""Bilingual text: Chinese first, English when the request asked for it (Accept-Language)."""

from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


def t(zh: str, en: str) -> str:
    """Pick the Chinese or English form of a message for the active language."""
    return en if is_english() else zh


class Text:
    """A message kept in both languages, resolved only when shown."""

    __slots__ = ("zh", "en")

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en

    def __str__(self) -> str:
        return t(self.zh, self.en)

    def format(self, **kwargs) -> "Text":
        return Text(self.zh.format(**kwargs), self.en.format(**kwargs))
