"""The audit trail: who, when, what and from where, visible to admins of the region, never personal data."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from volunteerhub.activities.tokens import checkin_token_for
from volunteerhub.activities.tests.conftest import PLACE, make_activity
from volunteerhub.audit.models import AuditEvent
from volunteerhub.audit.services import audit_record
from volunteerhub.accounts.models import Role
from volunteerhub.conftest import PASSWORD, make_user, next_id_number, next_phone, self_registration
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.volunteers.models import Volunteer

ID_NUMBER = re.compile(r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])")
PHONE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")


def _browser(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_a_busy_day_leaves_no_id_number_or_phone_in_clear_in_the_history(anon, api_as, organizer, county_admin,
                                                                         city_admin, resident, post):
    id_number, phone = next_id_number("371602"), next_phone()
    registered = anon.post("/api/v1/volunteers", {"name": "周敏", "id_number": id_number, "phone": phone,
                                                  "password": PASSWORD, "region_code": "371602001001",
                                                  **self_registration(phone)})
    by_organiser = api_as(organizer).post("/api/v1/volunteers", {
        "name": "吴刚", "id_number": next_id_number("371602"), "phone": next_phone(), "region_code": "371602001001"})
    assert (registered.status_code, by_organiser.status_code) == (201, 201)
    me = api_as(Volunteer.objects.get(pk=registered.json()["id"]).user)
    assert me.patch("/api/v1/me", {"skills": ["量血压", f"联系我 {phone}"], "home_lat": 37.38, "home_lng": 117.97}
                    ).status_code == 200
    activity = make_activity(organizer, starts_in=dt.timedelta(minutes=10), contact_phone="13912345678")
    assert me.post(f"/api/v1/activities/{activity.pk}/signup").status_code == 200
    token = {"token": checkin_token_for(activity_id=activity.pk), "lat": PLACE[0], "lng": PLACE[1]}
    assert me.post("/api/v1/checkin", token).status_code == 200
    shown_later = {**token, "token": checkin_token_for(activity_id=activity.pk)}
    assert me.post("/api/v1/checkout", shown_later).status_code == 200
    entry = LedgerEntry.objects.get(signup__activity=activity)
    organiser_api = api_as(organizer)
    assert organiser_api.post(f"/api/v1/hours/entries/{entry.pk}/approve", {"note": f"电话核实 {phone}"}).status_code == 200
    assert organiser_api.post("/api/v1/hours/backfill", {
        "volunteer_id": by_organiser.json()["id"], "hours": "2", "served_on": str(dt.date.today()),
        "reason": f"身份证 {id_number} 纸质签到"}).status_code == 201
    assert me.post("/api/v1/me/hours/corrections", {"message": f"请联系 {phone}"}).status_code == 201
    assert organiser_api.post("/api/v1/awards", {"kind": "volunteer", "title": "服务之星", "volunteer_id":
                                                 by_organiser.json()["id"], "reason": "服务认真负责，群众评价很好。"}).status_code == 201
    assert api_as(city_admin).get("/api/v1/exchange/exports/national_volunteers", {"format": "json"}).status_code == 200
    assert api_as(resident).post("/api/v1/needs", {
        "kind": "escort", "description": f"陪同就医，联系 {phone}", "lat": 37.383, "lng": 117.972,
        "region_code": "371602001001", "contact_phone": "13700001111",
        "window_start": (timezone.now() + dt.timedelta(hours=2)).isoformat(),
        "window_end": (timezone.now() + dt.timedelta(days=1)).isoformat()}).status_code == 201

    history = json.dumps([e.changes for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert AuditEvent.objects.count() >= 12
    assert ID_NUMBER.findall(history) == []
    assert PHONE.findall(history) == [], [e.changes for e in AuditEvent.objects.all() if PHONE.search(json.dumps(e.changes))]
    assert id_number not in history and phone not in history


def test_masking_reaches_nested_values_and_sensitive_keys(db):
    event = audit_record(action="update", target_type="volunteer", changes={
        "phone": "13812345678", "note": ["转告 13812345678", {"id": "371602199005171011"}], "n": 13812345678,
        "home_lat": 37.38, "hours": "2.00", "volunteer_number": "V2026000001"})

    text = json.dumps(event.changes, ensure_ascii=False)
    assert "13812345678" not in text and "371602199005171011" not in text
    assert (event.changes["phone"], event.changes["home_lat"]) == ("***", "***")
    assert event.changes["note"][0] == "转告 138****5678" and event.changes["hours"] == "2.00"


def test_an_api_change_records_who_and_from_where(api_as, organizer):
    activity = make_activity(organizer, publish=False)

    response = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/publish", REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="publish", target_id=str(activity.pk))
    assert (event.actor, event.source, event.ip, event.target_type) == (organizer, "api", "10.1.2.3", "activity")
    assert event.region_path == activity.region.path
    assert abs((timezone.now() - event.at).total_seconds()) < 60


def test_a_page_change_records_the_signed_in_user_and_web(organizer, volunteer):
    activity = make_activity(organizer)

    _browser(volunteer.user).post(f"/activities/{activity.pk}/signup/", REMOTE_ADDR="10.9.8.7")

    event = AuditEvent.objects.get(action="sign_up", target_id=str(activity.pk))
    assert (event.actor, event.source, event.ip) == (volunteer.user, "web", "10.9.8.7")


def test_a_command_is_recorded_as_the_command_line(db, tmp_path, city_admin):
    from django.core.management import call_command

    call_command("export", "posts", "--format", "csv", "--output", str(tmp_path / "posts.csv"))

    assert AuditEvent.objects.filter(action="export", source="cli").exists()


@pytest.fixture
def history(organizer, other_organizer, volunteer):
    """Events in 滨城区 (an activity), in 邹平市 (another team's activity) and a city-wide article."""
    from volunteerhub.articles.services import article_save

    mine = make_activity(organizer)
    theirs = make_activity(other_organizer, region_code="371681001", place=(36.86, 117.74))
    article_save(by=make_user(Role.CITY_ADMIN, "371600"), title="全市志愿服务简报", body="<p>简报</p>", publish=True)
    return {"mine": mine, "theirs": theirs}


def _events_on_page(client, query="") -> str:
    response = client.get(f"/audit/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_county_admin_sees_only_their_county(history, county_admin):
    page = _events_on_page(_browser(county_admin))

    assert f"活动 #{history['mine'].pk}" in page
    assert f"活动 #{history['theirs'].pk}" not in page
    assert "文章 #" not in page


def test_the_city_admin_sees_every_county_and_city_wide_events(history, city_admin):
    page = _events_on_page(_browser(city_admin))

    assert f"活动 #{history['mine'].pk}" in page and f"活动 #{history['theirs'].pk}" in page
    assert "文章 #" in page


def test_the_page_filters_by_action_object_and_date(history, city_admin):
    client = _browser(city_admin)

    published = _events_on_page(client, "?action=publish&target_type=activity")
    tomorrow = _events_on_page(client, f"?since={dt.date.today() + dt.timedelta(days=2)}")
    one = _events_on_page(client, f"?target_type=activity&target_id={history['theirs'].pk}")

    assert f"活动 #{history['mine'].pk}" in published and "文章 #" not in published
    assert "活动 #" not in tomorrow
    assert f"活动 #{history['mine'].pk}" not in one and f"活动 #{history['theirs'].pk}" in one


def test_organisers_and_volunteers_may_not_read_the_trail(history, organizer, volunteer, client):
    assert _browser(organizer).get("/audit/").status_code == 403
    assert _browser(volunteer.user).get("/audit/").status_code == 403
    assert client.get("/audit/")["Location"].startswith("/accounts/login/")


def test_the_page_never_shows_a_clear_phone_number(api_as, city_admin, organizer):
    activity = make_activity(organizer, publish=False)
    api_as(organizer).post(f"/api/v1/activities/{activity.pk}/publish")

    page = _events_on_page(_browser(city_admin))

    assert organizer.phone not in page
    assert organizer.phone[-4:] in page  # the masked form names who acted


def test_ledger_entries_are_recorded_with_their_hours(organizer, volunteer):
    from volunteerhub.hours.services import ledger_backfill

    entry = ledger_backfill(user=organizer, volunteer=volunteer, hours=Decimal("2"), served_on=dt.date.today(),
                            reason="纸质签到表补录")

    event = AuditEvent.objects.get(target_type="ledger_entry", target_id=str(entry.pk))
    assert event.action == "ledger_backfill" and event.region_path.startswith("/371600/371602/")
