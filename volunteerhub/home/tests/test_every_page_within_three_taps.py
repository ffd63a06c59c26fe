"""Every page of the README's "Pages" table is reachable from the home in at most three taps, for each role that
may use it: the test follows links from / as each persona, as a person would tap them."""

import html as htmllib
import re

import pytest
from django.test import Client

from volunteerhub.accounts.models import Role
from volunteerhub.conftest import make_user
from volunteerhub.home.readme_pages import PERSONAS, as_regex, pages_table, users_of

pytestmark = pytest.mark.django_db

TAPS = 3
# Pages no link leads to, on purpose.
NOT_LINKED = {"/certificates/verify/<code>/": "reached by scanning the QR code printed on a certificate"}
NOT_FOLLOWED = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/accounts/logout/")
DOWNLOADS = re.compile(r"\.(pdf|csv|xlsx|json|geojson|png|svg)$|/export/|/xlsx/|/feed/")


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
    the admins, a hotline operator."""
    return {"anonymous": None, "resident": resident, "volunteer": volunteer.user, "organizer": organizer,
            "county_admin": county_admin, "city_admin": city_admin, "operator": make_user(Role.OPERATOR, "371602001")}


def test_the_readme_lists_the_pages():
    paths = [path for _, path in pages_table()]
    assert "/" in paths and "/needs/new/" in paths and "/hours/approvals/" in paths and "/admin/" in paths


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_of_the_readme_is_within_three_taps_of_the_home(world, persona):
    user = world[persona]
    client = Client()
    if user is not None:
        client.force_login(user)
    reached = crawl(client)
    missing = []
    for who, pattern in pages_table():
        if persona not in users_of(who, pattern) or pattern in NOT_LINKED:
            continue
        hits = sorted(path for path in reached if as_regex(pattern).match(path))
        if not hits:
            missing.append(pattern)
            continue
        answer = client.get(hits[0])
        assert answer.status_code in (200, 302), f"{persona}: {hits[0]} answers {answer.status_code}"
    assert missing == [], f"{persona} cannot reach these in {TAPS} taps from /: {missing}"
