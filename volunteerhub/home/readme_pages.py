"""The README's "Pages" table, read as data: which pages exist, who uses each, and a real address for each pattern.

Shared by the tests that walk every page (reached within three taps, no raw template tags, accessibility in a
browser) and bench/pages.py, so a page added to the table is picked up by all of them.
"""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
PERSONAS = ("anonymous", "resident", "volunteer", "organizer", "county_admin", "city_admin", "operator")
WHO = {"everyone": PERSONAS, "residents": ("resident",), "volunteers": ("volunteer",), "organisers": ("organizer",),
       "operators": ("operator",), "administrators": ("county_admin", "city_admin")}
# Pages some roles of their row do not use: a registered volunteer does not register again (the public, residents
# and organisers registering a villager do); an account is claimed before signing in.
ROLES_OF_PAGE = {"/register/": ("anonymous", "resident", "organizer"), "/register/claim/": ("anonymous",),
                 "/accounts/password/forgot/": ("anonymous",)}  # a forgotten password is reset before signing in
# A placeholder stands for an object of the kind its preceding segment names: the world's id of one the personas
# of the page may see (`/activities/<id>/manage/` is an activity of the organiser's team).
OBJECT_OF_SEGMENT = {"activities": "activity_id", "needs": "need_open", "callouts": "callout_sent",
                     "verify": "certificate", "insurance": "policy_id", "articles": "article_id", "awards": "nomination_id",
                     "training": "course_id", "credentials": "credential_id", "posts": "post_id"}


def pages_table() -> list[tuple[str, str]]:
    """(who, path pattern) for every page in the README's table."""
    section = README.read_text(encoding="utf-8").split("## Pages", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in WHO:
            rows += [(cells[0], path) for path in re.findall(r"`([^`]+)`", cells[2])]
    return rows


def users_of(who: str, pattern: str) -> tuple[str, ...]:
    """The personas the README says use the page."""
    return ROLES_OF_PAGE.get(pattern, WHO[who])


def pages_by_persona() -> dict[str, list[str]]:
    """For each persona, the patterns of the pages it uses, each once, in the README's order."""
    found = {persona: [] for persona in PERSONAS}
    for who, pattern in pages_table():
        for persona in users_of(who, pattern):
            if pattern not in found[persona]:
                found[persona].append(pattern)
    return found


def as_regex(pattern: str) -> re.Pattern:
    parts = re.split(r"(<[^>]+>)", pattern)
    body = "".join(r"\d+" if p in ("<id>",) else "[^/]+" if p.startswith("<") else re.escape(p) for p in parts)
    return re.compile(f"^{body}$")


def address(pattern: str, ids: dict) -> str:
    """The pattern with each placeholder filled by the id of a real object (from the world's `ids`)."""
    segments = pattern.split("/")
    for i, segment in enumerate(segments):
        if segment.startswith("<"):
            kind = segments[i - 1]
            if kind not in OBJECT_OF_SEGMENT:
                raise LookupError(f"{pattern}: no example object for '{kind}/{segment}' (add one to OBJECT_OF_SEGMENT)")
            segments[i] = str(ids[OBJECT_OF_SEGMENT[kind]])
    return "/".join(segments)
