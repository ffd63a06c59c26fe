"""scripts/i18n_convert.py converts new pairs and leaves converted code as it is (it is run again after merges)."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "i18n_convert.py"


@pytest.fixture(scope="module")
def convert():
    spec = importlib.util.spec_from_file_location("i18n_convert", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_convert", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _run(convert, templates: list[str] = (), pythons: list[Path] = (), existing=None):
    catalog = convert.Catalog(existing=existing or {})
    for text in templates:
        convert.convert_template(text, catalog, collect=True)
    for path in pythons:
        convert.convert_python(path, catalog, collect=True, problems=[])
    catalog.decide()
    out = [convert.convert_template(text, catalog, collect=False) for text in templates]
    out += [convert.convert_python(path, catalog, collect=False, problems=[]) for path in pythons]
    return catalog, out


def test_a_template_pair_becomes_translate_and_a_second_run_changes_nothing(convert):
    page = '{% extends "base.html" %}\n<p>{% t "报名" "Sign up" %} {% t q.name q.name_en %}</p>'
    catalog, (once,) = _run(convert, [page])
    assert once == '{% extends "base.html" %}\n{% load i18n %}\n<p>{% translate "Sign up" %} {% localized q.name q.name_en %}</p>'
    assert [(p.zh, p.en) for p in catalog.seen] == [("报名", "Sign up")]
    catalog, (twice,) = _run(convert, [once])
    assert twice == once and catalog.seen == []


def test_two_chinese_forms_of_one_english_text_keep_both(convert):
    page = '{% t "待响应" "Open" %}{% t "待响应" "Open" %}{% t "待处理" "Open" %}'
    catalog, (out,) = _run(convert, [page])
    other = convert.variant_context("待处理")
    assert out == '{% load i18n %}\n{% translate "Open" %}{% translate "Open" %}{% translate "Open" context "' + other + '" %}'
    # the form already in the catalog keeps the plain msgid on a later run, whatever is more common then
    catalog, (later,) = _run(convert, ['{% t "待处理" "Open" %}'], existing={(None, "Open"): "待响应"})
    assert later == '{% load i18n %}\n{% translate "Open" context "' + other + '" %}'


def test_python_pairs_keep_their_placeholders_and_imports(convert, tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        'from django.contrib import messages\n\nfrom volunteerhub.core.i18n import Text, t\n\n\n'
        'REASON = Text("含有控制字符", "contains control characters")\n\n\n'
        'def saved(request, n, day):\n'
        '    messages.success(request, t(f"已保存 {n} 条", f"{n} saved"))\n'
        '    return Text(f"{day:%m月%d日}已满", f"{day:%Y-%m-%d} is full")\n')
    catalog, (out,) = _run(convert, pythons=[module])
    assert 'REASON = gettext_lazy("contains control characters")' in out
    assert 'gettext("{n} saved").format(n=n)' in out
    assert 'format_lazy(gettext_lazy("{day:%Y-%m-%d} is full"), day=day)' in out
    assert "from volunteerhub.core.i18n" not in out and "from django.utils.translation import gettext, gettext_lazy" in out
    assert ("{day:%m月%d日}已满", "{day:%Y-%m-%d} is full") in [(p.zh, p.en) for p in catalog.seen]
    module.write_text(out)
    catalog, (again,) = _run(convert, pythons=[module])
    assert again is None and catalog.seen == []


def test_pairs_it_cannot_convert_are_left_for_a_person(convert, tmp_path):
    module = tmp_path / "services.py"
    source = ('from volunteerhub.core.i18n import Text\n\n\n'
              'def refuse(names, codes):\n'
              '    return Text(f"缺少{names}", f"missing {codes}")\n')
    module.write_text(source)
    problems = []
    catalog = convert.Catalog(existing={})
    convert.convert_python(module, catalog, collect=True, problems=problems)
    assert problems and catalog.seen == []
    page = '{% t "位" "" %}'
    assert _run(convert, [page])[1] == [page]


def test_a_pair_inside_an_f_strings_braces_is_left_for_a_person(convert, tmp_path):
    module = tmp_path / "models.py"
    module.write_text('from volunteerhub.core.i18n import t\n\n\ndef name(n):\n    return f"{n or t(\'用户\', \'User\')}"\n')
    problems = []
    convert.convert_python(module, convert.Catalog(existing={}), collect=True, problems=problems)
    assert problems  # xgettext would not see a gettext() there
