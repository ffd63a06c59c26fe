"""The README's "Pages" table, read as (who, path pattern) rows: the tests that walk every page and bench/pages.py."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
# The personas who use each row of the table.
WHO = {"everyone": ("anonymous", "resident", "volunteer", "organizer", "county_admin"),
       "residents": ("resident",), "volunteers": ("volunteer",), "organisers": ("organizer",),
       "operators": ("operator",), "administrators": ("county_admin", "city_admin")}
# Pages some roles of their row do not use: a registered volunteer does not register again (the public, residents
# and organisers registering a villager do); an account is claimed before signing in.
ROLES_OF_PAGE = {"/register/": ("anonymous", "resident", "organizer"), "/register/claim/": ("anonymous",)}


def pages_table() -> list[tuple[str, str]]:
    """(who, path pattern) for every page in the README's table."""
    section = README.read_text(encoding="utf-8").split("## Pages", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in WHO:
            rows += [(cells[0], path) for path in re.findall(r"`([^`]+)`", cells[2])]
    return rows


def roles_of(who: str, pattern: str) -> tuple[str, ...]:
    """The personas who use the page `pattern` of a row for `who`."""
    return ROLES_OF_PAGE.get(pattern, WHO[who])


def as_regex(pattern: str) -> re.Pattern:
    parts = re.split(r"(<[^>]+>)", pattern)
    body = "".join(r"\d+" if p in ("<id>",) else "[^/]+" if p.startswith("<") else re.escape(p) for p in parts)
    return re.compile(f"^{body}$")
