"""The catalogs are complete: every message in the code has its Chinese, and no inline pair is left.

zh_Hans (locale/zh_Hans/LC_MESSAGES/django.po): msgid English, msgstr Chinese; every entry translated,
none fuzzy. en: the msgid is already the English text, so its msgstr is empty or equal to the msgid
(gettext then answers the msgid; Django gives English no fallback to the default language).
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

ROOT = Path(settings.BASE_DIR)
ZH = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
EN = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
CODE = [ROOT / "volunteerhub", ROOT / "config"]
GETTEXT = {"gettext": 0, "gettext_lazy": 0, "_": 0, "pgettext": 1, "pgettext_lazy": 1}
TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+("[^"]*"|'[^']*')(?:\s+context\s+("[^"]*"|'[^']*'))?""")
INLINE_TAG = re.compile(r"""\{%\s*t\s+["']""")
CJK = re.compile(r"[\u3400-\u9fff]")


def _files(suffix: str):
    for base in CODE:
        for path in base.rglob(f"*{suffix}"):
            if "node_modules" not in path.parts and "migrations" not in path.parts:
                yield path


def _python_messages(path: Path):
    """(context, msgid) of every gettext call with literal arguments in one module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT:
            args = node.args
            i = GETTEXT[node.func.id]
            if len(args) > i and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:i + 1]):
                yield (args[0].value if i else None), args[i].value


def _template_messages(path: Path):
    for m in TRANSLATE.finditer(path.read_text(encoding="utf-8")):
        yield (m.group(2)[1:-1] if m.group(2) else None), m.group(1)[1:-1]


def _catalog(path: Path) -> dict:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def test_every_chinese_entry_is_translated_and_none_is_fuzzy():
    entries = _catalog(ZH)
    assert len(entries) > 1000
    untranslated = [k for k, e in entries.items() if not e.msgstr and not any(e.msgstr_plural.values())]
    fuzzy = [k for k, e in entries.items() if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


def test_every_chinese_translation_is_chinese():
    entries = _catalog(ZH)
    # a msgstr copied from the English would show English to Chinese readers; a few are the same in both
    same = [k for k, e in entries.items() if e.msgstr and not CJK.search(e.msgstr) and CJK.search(e.msgid or "") is None
            and re.search(r"[A-Za-z]{4,}", e.msgstr.replace("{", " ").replace("%(", " "))]
    assert len(same) < 40, same


def test_the_english_catalog_leaves_the_msgid_as_it_is():
    entries = _catalog(EN)
    changed = [k for k, e in entries.items() if e.msgstr and e.msgstr != e.msgid]
    assert entries and changed == []


def test_every_message_in_the_code_has_its_chinese_in_the_catalog():
    entries = _catalog(ZH)
    found = [(p, key) for p in _files(".py") for key in _python_messages(p)]
    found += [(p, key) for p in _files(".html") for key in _template_messages(p)]
    assert len(found) > 1000
    missing = [f"{p.relative_to(ROOT)}: {key}" for p, key in found if not (entries.get(key) and entries[key].msgstr)]
    assert missing == []


def test_no_inline_pair_is_left():
    tags = [str(p.relative_to(ROOT)) for p in _files(".html") if INLINE_TAG.search(p.read_text(encoding="utf-8"))]
    calls = []
    for path in _files(".py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("t", "Text")
                    and len(node.args) == 2 and all(isinstance(a, (ast.Constant, ast.JoinedStr)) for a in node.args)):
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert tags == [] and calls == []


@pytest.mark.parametrize("language, expected", [("zh-hans", "登录"), ("en", "Sign in")])
def test_the_compiled_catalog_is_the_one_in_use(language, expected):
    with translation.override(language):
        assert gettext("Sign in") == expected


def test_one_english_text_with_two_chinese_forms_keeps_both_through_a_context():
    entries = _catalog(ZH)
    variants = [(ctx, msgid) for ctx, msgid in entries if ctx and ctx.startswith("variant-")]
    assert variants
    ctx, msgid = variants[0]
    with translation.override("zh-hans"):
        assert pgettext(ctx, msgid) == entries[(ctx, msgid)].msgstr != gettext(msgid)
