"""Convert inline bilingual pairs to Django's own i18n; safe to run again after merging more code.

What it rewrites (and leaves everything already converted alone):
  templates   {% t "中文" "English" %}      -> {% translate "English" %}  ({% load i18n %} added)
              {% t obj.name obj.name_en %}  -> {% localized obj.name obj.name_en %}  (content in two columns)
  Python      t("中文", "English")           -> gettext("English")
              Text("中文", "English")        -> gettext_lazy("English")
              f-strings keep their placeholders: gettext("{n} saved").format(n=n),
              format_lazy(gettext_lazy("{n} saved"), n=n) for Text
              helpers that take a pair (problems.add(field, "中文", "English"), field_error, _refuse,
              _json_error) -> the same helper with one gettext_lazy("English") message
  catalog     every pair lands in locale/zh_Hans/LC_MESSAGES/django.po (msgid English, msgstr Chinese);
              when one English text has two Chinese forms, the form already in the catalog (or else
              the most used one, ties by sort order) stays plain and every other form gets the context
              "variant-<first 8 hex of sha1(Chinese)>", so no form is lost and a rerun picks the same
              context. Then makemessages refreshes the zh_Hans and en catalogs (en msgstr stays empty:
              the English msgid is the English text).
Calls it cannot convert (a pair built from variables) are listed at the end for a person to fix.

Usage: .venv/bin/python scripts/i18n_convert.py [--no-makemessages]
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "volunteerhub", ROOT / "config", ROOT / "journeys", ROOT / "bench"]
PO_PATH = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SKIP_PARTS = {".venv", "node_modules", "migrations", "__pycache__"}
SKIP_FILES = {ROOT / "volunteerhub" / "core" / "i18n.py", ROOT / "volunteerhub" / "core" / "templatetags" / "bilingual.py"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PAIR_HELPERS = {"add", "field_error", "_refuse", "_json_error"}
IGNORE = [".venv", "node_modules", "miniprogram", "var", "build", "dist", "test-artifacts"]

_Q = r"""("[^"\\]*"|'[^'\\]*')"""
TEMPLATE_PAIR = re.compile(r"\{%\s*t\s+" + _Q + r"\s+" + _Q + r"\s*%\}")
TEMPLATE_CONTENT = re.compile(r"\{%\s*t\s+([^\s%]+)\s+([^\s%]+)\s*%\}")
LOADS_I18N = re.compile(r"\{%\s*load\s+[^%]*\bi18n\b[^%]*%\}")
EXTENDS = re.compile(r"\{%\s*extends\s+[^%]*%\}")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def variant_context(zh: str) -> str:
    return "variant-" + hashlib.sha1(zh.encode()).hexdigest()[:8]


@dataclass
class Pair:
    zh: str
    en: str


@dataclass
class Catalog:
    """The pairs seen in the sources, and which of them need a message context."""

    existing: dict[tuple[str | None, str], str]
    seen: list[Pair] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    plain: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Catalog:
        existing = {}
        if PO_PATH.exists():
            for e in polib.pofile(str(PO_PATH)):
                if e.msgstr and not e.obsolete:
                    existing[(e.msgctxt or None, e.msgid)] = e.msgstr
        return cls(existing=existing)

    def decide(self) -> None:
        """Pick, for each English text, the Chinese form that goes without a context."""
        forms: dict[str, Counter] = defaultdict(Counter)
        for p in self.seen:
            forms[p.en][p.zh] += 1
        for en, counter in forms.items():
            current = self.existing.get((None, en))
            if current is not None:
                self.plain[en] = current
            else:
                self.plain[en] = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def context_for(self, zh: str, en: str) -> str | None:
        plain = self.plain.get(en, zh)
        return None if plain == zh else variant_context(zh)

    def write(self) -> None:
        PO_PATH.parent.mkdir(parents=True, exist_ok=True)
        po = polib.pofile(str(PO_PATH)) if PO_PATH.exists() else _new_po()
        index = {(e.msgctxt or None, e.msgid): e for e in po}
        for p in self.seen:
            ctx = self.context_for(p.zh, p.en)
            entry = index.get((ctx, p.en))
            if entry is None:
                entry = polib.POEntry(msgid=p.en, msgstr=p.zh, msgctxt=ctx)
                po.append(entry)
                index[(ctx, p.en)] = entry
            elif not entry.msgstr or entry.obsolete or "fuzzy" in entry.flags:
                entry.msgstr, entry.obsolete = p.zh, False
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save(str(PO_PATH))


def _new_po() -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "VolunteerHub",
        "Language": "zh_Hans",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return po


# ---------------------------------------------------------------- templates

def _unquote(token: str) -> str:
    return token[1:-1]


def _content(m: re.Match) -> str:
    if m.group(1)[0] in "'\"" and m.group(2)[0] in "'\"":
        return m.group(0)  # a literal pair left for a person (one side empty)
    return f"{{% localized {m.group(1)} {m.group(2)} %}}"


def convert_template(text: str, catalog: Catalog, collect: bool) -> str:
    def literal(m: re.Match) -> str:
        zh, en = _unquote(m.group(1)), _unquote(m.group(2))
        if not zh.strip() or not en.strip():
            catalog.problems.append(f"a pair with one side empty: {m.group(0)}")
            return m.group(0)
        if collect:
            catalog.seen.append(Pair(zh, en))
            return m.group(0)
        ctx = catalog.context_for(zh, en)
        return f"{{% translate {m.group(2)}" + (f' context "{ctx}"' if ctx else "") + " %}"

    text = TEMPLATE_PAIR.sub(literal, text)
    if collect:
        return text
    text = TEMPLATE_CONTENT.sub(_content, text)
    if "{% translate " in text and not LOADS_I18N.search(text):
        m = EXTENDS.search(text)
        if m:
            text = text[:m.end()] + "\n{% load i18n %}" + text[m.end():]
        else:
            text = "{% load i18n %}\n" + text
    return text


# ---------------------------------------------------------------- python

class Unconvertible(Exception):
    pass


def _literal(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _placeholder_name(expr: ast.expr) -> str:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Call):
        if isinstance(expr.func, ast.Name) and expr.func.id == "len":
            return "count"
        return _placeholder_name(expr.func) if isinstance(expr.func, (ast.Name, ast.Attribute)) else "value"
    if isinstance(expr, ast.Subscript):
        return _placeholder_name(expr.value)
    return "value"


class Template:
    """One side of a pair as a str.format template, with its placeholders named consistently."""

    def __init__(self, names: dict[str, str]):
        self.names = names  # expression source -> placeholder name

    def name(self, expr: ast.expr) -> str:
        if isinstance(expr, ast.Attribute) and expr.attr in ("zh", "en"):
            raise Unconvertible  # a pair built from another pair's halves
        key = ast.unparse(expr)
        if key not in self.names:
            base = _placeholder_name(expr).lstrip("_") or "value"
            name, n = base, 2
            while name in self.names.values() or not name.isidentifier():
                name, n = f"{base}{n}", n + 1
            self.names[key] = name
        return self.names[key]

    def render(self, node: ast.expr, formatted: bool) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value.replace("{", "{{").replace("}", "}}") if formatted else node.value
        if not isinstance(node, ast.JoinedStr):
            raise Unconvertible
        out = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(part.value.replace("{", "{{").replace("}", "}}"))
                continue
            conv = {-1: "", 115: "!s", 114: "!r", 97: "!a"}[part.conversion]
            spec = ""
            if part.format_spec is not None:
                if not all(isinstance(v, ast.Constant) for v in part.format_spec.values):
                    raise Unconvertible
                spec = ":" + "".join(v.value for v in part.format_spec.values)
            out.append("{" + self.name(part.value) + conv + spec + "}")
        return "".join(out)


def _is_text(node: ast.expr) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(node, ast.JoinedStr)


def _has_cjk(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(CJK.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_cjk(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def _is_fstring_with_values(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) and any(isinstance(v, ast.FormattedValue) for v in node.values)


@dataclass
class Site:
    start: int  # byte offsets of the text to replace
    end: int
    zh: ast.expr
    en: ast.expr
    lazy: bool
    in_fstring: bool = False


def _func_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


class PythonFile:
    def __init__(self, path: Path, source: str):
        self.path = path
        self.source = source
        self.tree = ast.parse(self.source)
        self.data = self.source.encode()
        self.line_starts = [0]
        for line in self.data.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.imported = self._pair_names()

    def _pair_names(self) -> dict[str, str]:
        names = {}
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module == "volunteerhub.core.i18n":
                names |= {a.asname or a.name: a.name for a in node.names if a.name in ("t", "Text")}
        return names

    def offset(self, line: int, col: int) -> int:
        return self.line_starts[line - 1] + col

    def segment(self, node: ast.AST) -> str:
        return self.data[self.offset(node.lineno, node.col_offset):self.offset(node.end_lineno, node.end_col_offset)].decode()

    def sites(self, problems: list[str]) -> list[Site]:
        found = []
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            site = self._site(node, problems)
            if site:
                found.append(site)
        fstrings = [(self.offset(n.lineno, n.col_offset), self.offset(n.end_lineno, n.end_col_offset))
                    for n in ast.walk(self.tree) if isinstance(n, ast.JoinedStr)]
        for s in found:
            s.in_fstring = any(a <= s.start and s.end <= b for a, b in fstrings)
        # innermost first; overlapping outer calls wait for the next round
        found.sort(key=lambda s: s.end - s.start)
        chosen: list[Site] = []
        for s in found:
            if not any(s.start <= c.start and c.end <= s.end or c.start <= s.start and s.end <= c.end for c in chosen):
                chosen.append(s)
        return chosen

    def _site(self, node: ast.Call, problems: list[str]) -> Site | None:
        name = _func_name(node)
        start, end = self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)
        if isinstance(node.func, ast.Name) and name in self.imported:
            lazy = self.imported[name] == "Text"
            args = node.args
            if len(args) == 2 and not node.keywords and all(map(_is_text, args)):
                return Site(start, end, args[0], args[1], lazy=lazy)
            problems.append(f"{_rel(self.path)}:{node.lineno}: {self.segment(node)[:100]}")
            return None
        if name in PAIR_HELPERS:
            args = node.args
            for i in range(len(args) - 1):
                if _has_cjk(args[i]) and _is_text(args[i + 1]) and not _has_cjk(args[i + 1]):
                    a, b = args[i], args[i + 1]
                    return Site(self.offset(a.lineno, a.col_offset), self.offset(b.end_lineno, b.end_col_offset),
                                a, b, lazy=True)
        return None


def _placeholders(template: str) -> set[str]:
    return set(re.findall(r"(?<!\{)\{([A-Za-z_]\w*)[^{}]*\}", template.replace("{{", "")))


def render_site(site: Site, catalog: Catalog, collect: bool) -> tuple[str, set[str]]:
    if site.in_fstring:
        raise Unconvertible  # xgettext does not look inside an f-string's braces: take the pair out first
    q = _literal
    formatted = _is_fstring_with_values(site.zh) or _is_fstring_with_values(site.en)
    names: dict[str, str] = {}
    zh = Template(names).render(site.zh, formatted)
    en_t = Template(names)
    en = en_t.render(site.en, formatted)
    if _placeholders(zh) != _placeholders(en):
        raise Unconvertible  # msgfmt refuses a translation whose placeholders differ from the msgid's
    if not zh.strip() or not en.strip():
        raise Unconvertible  # one side empty: word order differs, write it as one message by hand
    if collect:
        catalog.seen.append(Pair(zh, en))
        return "", set()
    ctx = catalog.context_for(zh, en)
    func = ("pgettext" if ctx else "gettext") + ("_lazy" if site.lazy else "")
    call = f"{func}({q(ctx)}, {q(en)})" if ctx else f"{func}({q(en)})"
    needs = {func}
    if formatted:
        kwargs = ", ".join(f"{n}={k}" for k, n in names.items())
        if site.lazy:
            call = f"format_lazy({call}, {kwargs})"
            needs.add("format_lazy")
        else:
            call = f"{call}.format({kwargs})"
    return call, needs


def _import_line(tree: ast.Module) -> tuple[int, str]:
    """The line after which a Django import goes: after the last `django` import, else before the first
    project import, else after the last import of the header."""
    header = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            header.append(node)
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)) and header:
            break
    module = lambda n: n.module or "" if isinstance(n, ast.ImportFrom) else n.names[0].name  # noqa: E731
    django = [n for n in header if module(n).split(".")[0] == "django"]
    if django:
        return django[-1].end_lineno, ""
    ours = [n for n in header if module(n).split(".")[0] in ("volunteerhub", "config")]
    if ours:
        return ours[0].lineno - 1, "\n"
    return (header[-1].end_lineno if header else 0), ""


def _add_imports(source: str, needs: set[str]) -> str:
    wanted = {"django.utils.text": sorted(needs & {"format_lazy"}),
              "django.utils.translation": sorted(needs - {"format_lazy"})}
    for module, names in wanted.items():
        if not names:
            continue
        tree = ast.parse(source)
        lines = source.splitlines(keepends=True)
        existing = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == module and n.lineno == n.end_lineno]
        if existing:
            have = {a.name for a in existing[0].names}
            if set(names) <= have:
                continue
            lines[existing[0].lineno - 1] = f"from {module} import {', '.join(sorted(have | set(names)))}\n"
        else:
            at, blank = _import_line(tree)
            lines.insert(at, f"from {module} import {', '.join(names)}\n{blank}")
        source = "".join(lines)
    return source


def _drop_unused_pair_imports(source: str) -> str:
    tree = ast.parse(source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    # Text stays a type (str | lazy); t is gone, so only a call keeps it (a loop variable named t does not)
    used = lambda alias, name: alias in (called if name == "t" else names)  # noqa: E731
    lines = source.splitlines(keepends=True)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "volunteerhub.core.i18n" and node.lineno == node.end_lineno:
            keep = [a for a in node.names if used(a.asname or a.name, a.name) or a.name not in ("t", "Text")]
            if len(keep) == len(node.names):
                continue
            text = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in keep)
            indent = lines[node.lineno - 1][:node.col_offset]
            lines[node.lineno - 1] = f"{indent}from volunteerhub.core.i18n import {text}\n" if keep else ""
            i = node.lineno - 1  # a removed import leaves no doubled blank line behind
            if not keep and 0 < i < len(lines) - 1 and lines[i - 1].strip() == "" and lines[i + 1].strip() == "":
                lines[i + 1] = ""
    return "".join(lines)


def convert_python(path: Path, catalog: Catalog, collect: bool, problems: list[str]) -> str | None:
    source = path.read_text(encoding="utf-8")
    if "volunteerhub.core.i18n" not in source and not any(f"{h}(" in source for h in PAIR_HELPERS):
        return None
    changed, all_needs = False, set()
    for _ in range(10):  # nested pairs: innermost first, one level per round
        pf = PythonFile(path, source)
        round_problems: list[str] = []
        sites = pf.sites(round_problems)
        if collect:
            for s in sites:
                try:
                    render_site(s, catalog, collect=True)
                except Unconvertible:
                    problems.append(f"{_rel(path)}: {pf.data[s.start:s.end].decode()[:100]}")
            problems.extend(round_problems)
            return None
        if not sites:
            problems.extend(round_problems)
            break
        data = pf.data
        for s in sorted(sites, key=lambda s: s.start, reverse=True):
            try:
                code, needs = render_site(s, catalog, collect=False)
            except Unconvertible:
                continue
            data = data[:s.start] + code.encode() + data[s.end:]
            all_needs |= needs
            changed = True
        if data == pf.data:
            problems.extend(round_problems)
            break
        source = data.decode()
    if not changed:
        return None
    return _drop_unused_pair_imports(_add_imports(source, all_needs))


# ---------------------------------------------------------------- driver

def files(suffixes: tuple[str, ...]):
    for base in SOURCES:
        for path in sorted(base.rglob("*")):
            if path.suffix in suffixes and path.is_file() and not SKIP_PARTS & set(path.parts) and path not in SKIP_FILES:
                yield path


def makemessages() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    cmd = [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "-l", "en", "-e", "html,txt,py",
           "--no-obsolete", "--add-location", "file", *[f"--ignore={i}" for i in IGNORE]]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def main(argv: list[str]) -> int:
    catalog = Catalog.load()
    problems: list[str] = []
    templates = list(files((".html", ".txt", ".xml")))
    pythons = list(files((".py",)))
    for path in templates:
        convert_template(path.read_text(encoding="utf-8"), catalog, collect=True)
    for path in pythons:
        convert_python(path, catalog, collect=True, problems=problems)
    catalog.decide()
    changed = []
    for path in templates:
        old = path.read_text(encoding="utf-8")
        new = convert_template(old, catalog, collect=False)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    for path in pythons:
        new = convert_python(path, catalog, collect=False, problems=[])
        if new is not None and new != path.read_text(encoding="utf-8"):
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    catalog.write()
    if "--no-makemessages" not in argv:
        makemessages()
    print(f"{len(catalog.seen)} pairs, {len(changed)} files changed")
    for p in dict.fromkeys(problems + catalog.problems):
        print("convert by hand:", p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
