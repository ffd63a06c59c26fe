"""In English (Accept-Language: en) the main pages show no Chinese UI text, for every persona.

Chinese may still appear where it is data: a text counts as data when it is part of a value stored in the
database (names of places, teams, people, titles, descriptions, inbox titles written in the platform's language).
The only other Chinese allowed is ALLOWED below: the language switch names each language in itself.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from volunteerhub.accounts.models import Role
from volunteerhub.conftest import make_user

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff]+")  # runs of Han characters
ALLOWED = {"简体中文", "中文"}
UI_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
PAGES = ["/", "/map", "/activities/", "/activities/{activity}/", "/needs/", "/needs/{need}/", "/inbox/",
         "/me/hours/", "/dashboard", "/me/", "/needs/new/", "/me/activities/", "/stats/", "/articles/",
         "/hours/approvals/", "/audit/", "/inbox/settings/", "/activities/{activity}/manage/"]
PERSONAS = ["anonymous", "resident", "volunteer", "organizer", "county_admin", "city_admin", "operator"]


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text outside scripts and styles, UI attributes and data-label-*."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [v for k, v in attrs if v and (k in UI_ATTRIBUTES or k.startswith("data-label"))]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def _stored_texts() -> list[str]:
    """Every text value in the database: what a page may show as data."""
    texts = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        if fields:
            for row in model.objects.values_list(*fields):
                texts += [v for v in row if isinstance(v, str) and CJK.search(v)]
    return texts


def chinese_ui(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    stored = _stored_texts()
    runs = {run for part in parser.parts for run in CJK.findall(part)}
    return sorted(run for run in runs if run not in ALLOWED and not any(run in text for text in stored))


@pytest.fixture
def world(resident, volunteer, organizer, county_admin, city_admin, activity, need, signed_up):
    operator = make_user(Role.OPERATOR, region_code="371602")
    return {"anonymous": None, "resident": resident, "volunteer": volunteer.user, "organizer": organizer,
            "county_admin": county_admin, "city_admin": city_admin, "operator": operator,
            "ids": {"activity": activity.pk, "need": need.pk}}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.rendering
def test_english_pages_show_no_chinese_ui_text(world, persona):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if world[persona] is not None:
        client.force_login(world[persona])
    found = {}
    for page in PAGES:
        path = page.format(**world["ids"])
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            if chinese := chinese_ui(response.content.decode()):
                found[path] = chinese
    assert found == {}, found


def test_the_check_itself_finds_chinese_ui_text():
    assert chinese_ui('<p>Hello</p><button title="鹦鹉螺">Save</button>') == ["鹦鹉螺"]  # no stored text holds it
    assert chinese_ui("<p>简体中文</p><script>var x = '中文'</script>") == []
