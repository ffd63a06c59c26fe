"""No page shows a raw template tag: every page of the README's table, as every persona (those it refuses too, so the
refusal, sign-in and not-found pages are read as well), in Chinese and in English, has no `{%`, `{{` or `{#` left
in its HTML. A tag or comment split over two lines, or a tag in text that never went through the template engine,
comes out this way.

Script and textarea contents are left out: there a brace pair may be code or a person's own words."""

import re

import pytest
from django.db import transaction
from django.test import Client

from volunteerhub.accounts.models import Role
from volunteerhub.conftest import make_user
from volunteerhub.core.tests.matrix import build_world
from volunteerhub.home.readme_pages import PERSONAS, address, pages_table

RAW = re.compile(r"\{%|\{\{|\{#")
VERBATIM = re.compile(r"<(script|textarea)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Pages outside the table that every visit may meet: signing in, and an address that does not exist.
MORE_PAGES = ("/accounts/login/", "/no-such-page/")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The permission matrix's world and a hotline operator of its township; rolled back at the module's end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world.users["operator"] = make_user(Role.OPERATOR, "371602001")
        world.users["organizer"] = world.users["organiser"]
        yield world
        transaction.set_rollback(True)


def raw_tags(html: str) -> list[str]:
    """Each raw tag with a little of what surrounds it."""
    text = VERBATIM.sub(lambda m: f"<{m.group(1)}></{m.group(1)}>", html)
    return [text[max(0, m.start() - 30):m.end() + 30] for m in RAW.finditer(text)]


def test_it_finds_a_tag_split_over_two_lines_but_not_braces_in_a_script_or_a_textarea():
    assert raw_tags('<p>{% t "求助"\n "Ask" %}</p>') != []
    assert raw_tags("<p>{{ need.place }}</p>") != [] and raw_tags("<p>{# note\n #}</p>") != []
    assert raw_tags('<script>if (a) {{}}</script><textarea name="d">{{我的话}}</textarea><p>{ }</p>') == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.rendering
def test_no_page_renders_a_raw_template_tag(world, db, persona, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if persona != "anonymous":
        client.force_login(world.users[persona])
    found, statuses = {}, set()
    paths = [address(pattern, world.ids) for pattern in dict.fromkeys(p for _, p in pages_table())] + list(MORE_PAGES)
    for path in paths:
        answer = client.get(path, follow=True)
        assert answer.status_code < 500, f"{persona} {path}: {answer.status_code}"
        statuses.add(answer.status_code)
        if "text/html" in answer.get("Content-Type", "") and (tags := raw_tags(answer.content.decode())):
            found[f"{path} ({answer.status_code})"] = tags
    assert 404 in statuses and (persona == "anonymous" or 403 in statuses), "the error pages were read too"
    assert found == {}, f"raw template tags shown to {persona} ({language}): {found}"
