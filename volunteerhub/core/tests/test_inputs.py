"""Control characters are refused at the door, for the whole API and every page form, naming the field."""

import datetime as dt

import pytest
from django.utils import timezone

from volunteerhub.activities.models import Activity
from volunteerhub.accounts.models import User
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import PASSWORD, next_id_number, next_phone

pytestmark = pytest.mark.django_db

LAYOUT = 'class="topbar"'


def _new_activity(**changes) -> dict:
    starts = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    return {"title": "社区义诊", "kind": "convenience", "setting": "community", "region_code": "371602001",
            "place": "市中街道社区卫生服务中心", "lat": 37.3806, "lng": 117.99, "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=3)).isoformat(), "capacity": 10, **changes}


def test_an_api_write_with_a_nul_is_refused_naming_the_field_and_nothing_is_stored(api_as, organizer):
    answer = api_as(organizer).post("/api/v1/activities", _new_activity(title="社区义诊\x00"))

    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_error" and list(answer.json()["fields"]) == ["title"]
    assert not Activity.objects.exists()


def test_a_nested_field_is_named_by_its_path(api_as, organizer):
    activity = make_activity(organizer, starts_in=-dt.timedelta(days=1))

    answer = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/finish", {
        "people_served": 30, "ratings": [{"signup_id": 1, "rating": 5, "note": "很好\x1b[31m"}]})

    assert answer.status_code == 400 and list(answer.json()["fields"]) == ["ratings.0.note"]
    activity.refresh_from_db()
    assert activity.status == "published"


@pytest.mark.parametrize("character", ["\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f"])
def test_every_c0_control_and_del_is_refused(api_as, organizer, character):
    answer = api_as(organizer).post("/api/v1/activities", _new_activity(description=f"说明{character}"))

    assert answer.status_code == 400 and "description" in answer.json()["fields"]


def test_tabs_and_line_breaks_are_ordinary_text(api_as, organizer):
    answer = api_as(organizer).post("/api/v1/activities", _new_activity(description="第一行\r\n第二行\t备注"))

    assert answer.status_code == 201
    assert Activity.objects.get().description == "第一行\r\n第二行\t备注"


def test_a_query_string_is_checked_on_the_api_and_on_pages(client, api_as, resident):
    answer = api_as(resident).get("/api/v1/activities", {"q": "义诊\x00"})
    page = client.get("/activities/", {"q": "义诊\x00"})

    assert answer.status_code == 400 and list(answer.json()["fields"]) == ["q"]
    assert page.status_code == 400 and LAYOUT in page.content.decode() and "q" in page.content.decode()


def test_a_page_form_is_refused_with_the_sites_error_page_naming_the_field(client):
    before = User.objects.count()

    page = client.post("/register/", {"name": "王小\x00明", "id_number": next_id_number(), "phone": next_phone(),
                                      "password": PASSWORD, "region_code": "371602001001"},
                       HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    assert page.status_code == 400
    assert LAYOUT in html and "Bad request" in html and "“name” contains control characters" in html
    assert User.objects.count() == before


def test_the_contents_of_an_uploaded_file_are_not_text_fields(client, county_admin, tmp_path):
    from volunteerhub.exchange.tests.test_exchange import good_row, roster

    client.force_login(county_admin)
    path = roster(tmp_path / "ok.xlsx", [good_row()])  # a zip file: full of NUL bytes

    with open(path, "rb") as upload:
        page = client.post("/exchange/", {"roster": upload})

    assert page.status_code == 200
