"""Every page of the README's "Pages" table is reachable from the home in at most three taps, for each role that
may use it: the test follows links from / as each persona, as a person would tap them."""

import html as htmllib
import re
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[3] / "README.md"
TAPS = 3
WHO = {"everyone": ("anonymous", "resident", "volunteer", "organizer", "county_admin"),
       "residents": ("resident",), "volunteers": ("volunteer",), "organisers": ("organizer",),
       "administrators": ("county_admin", "city_admin")}
# Pages some roles of their row do not use: a registered volunteer does not register again (the public, residents
# and organisers registering a villager do); an account is claimed before signing in.
ROLES_OF_PAGE = {"/register/": ("anonymous", "resident", "organizer"), "/register/claim/": ("anonymous",),
                 "/accounts/password/forgot/": ("anonymous",)}  # a forgotten password is reset before signing in
# Pages no link leads to, on purpose.
NOT_LINKED = {"/certificates/verify/<code>/": "reached by scanning the QR code printed on a certificate"}
NOT_FOLLOWED = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/accounts/logout/")
DOWNLOADS = re.compile(r"\.(pdf|csv|xlsx|json|geojson|png|svg)$|/export/|/xlsx/|/feed/")


def pages_table() -> list[tuple[str, str]]:
    """(who, path pattern) for every page in the README's table."""
    section = README.read_text(encoding="utf-8").split("## Pages", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in WHO:
            rows += [(cells[0], path) for path in re.findall(r"`([^`]+)`", cells[2])]
    return rows


def as_regex(pattern: str) -> re.Pattern:
    parts = re.split(r"(<[^>]+>)", pattern)
    body = "".join(r"\d+" if p in ("<id>",) else "[^/]+" if p.startswith("<") else re.escape(p) for p in parts)
    return re.compile(f"^{body}$")


def links(page) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"]+)"', page.content.decode()):
        href = htmllib.unescape(href).split("#", 1)[0]
        if href.startswith("/") and not href.startswith("//"):
            found.append(href)
    return found


def crawl(client: Client, taps: int = TAPS) -> dict[str, int]:
    """Every path a link leads to within `taps` taps of /, with the fewest taps it takes."""
    reached, frontier, opened = {"/": 0}, ["/"], set()
    for tap in range(1, taps + 1):
        following = []
        for url in frontier:
            path = url.split("?", 1)[0]
            if path in opened or path.startswith(NOT_FOLLOWED) or DOWNLOADS.search(path):
                continue
            opened.add(path)
            page = client.get(url)
            if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
                continue
            for href in links(page):
                target = href.split("?", 1)[0]
                if target not in reached:
                    reached[target] = tap
                following.append(href)
        frontier = following
    return reached


@pytest.fixture
def call_out(organizer, volunteer):
    """An emergency call-out sent to the team's township: its message reaches the volunteer's inbox."""
    from volunteerhub.callouts.services import callout_send
    from volunteerhub.callouts.tests.conftest import make_callout

    return callout_send(callout=make_callout(organizer), user=organizer)


@pytest.fixture
def world(resident, need, volunteer, signed_up, organizer, activity, county_admin, city_admin, post, call_out):
    """A resident with a request, a volunteer signed up for the team's activity and called out, its organiser,
    the admins."""
    return {"anonymous": None, "resident": resident, "volunteer": volunteer.user, "organizer": organizer,
            "county_admin": county_admin, "city_admin": city_admin}


def test_the_readme_lists_the_pages():
    paths = [path for _, path in pages_table()]
    assert "/" in paths and "/needs/new/" in paths and "/hours/approvals/" in paths and "/admin/" in paths


@pytest.mark.parametrize("persona", ["anonymous", "resident", "volunteer", "organizer", "county_admin", "city_admin"])
def test_every_page_of_the_readme_is_within_three_taps_of_the_home(world, persona):
    user = world[persona]
    client = Client()
    if user is not None:
        client.force_login(user)
    reached = crawl(client)
    missing = []
    for who, pattern in pages_table():
        roles = ROLES_OF_PAGE.get(pattern, WHO[who])
        if persona not in roles or pattern in NOT_LINKED:
            continue
        hits = sorted(path for path in reached if as_regex(pattern).match(path))
        if not hits:
            missing.append(pattern)
            continue
        answer = client.get(hits[0])
        assert answer.status_code in (200, 302), f"{persona}: {hits[0]} answers {answer.status_code}"
    assert missing == [], f"{persona} cannot reach these in {TAPS} taps from /: {missing}"
