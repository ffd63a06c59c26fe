import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.geo.coords import wgs84_to_bd09, wgs84_to_gcj02
from volunteerhub.geo.sphere import haversine_m
from volunteerhub.geo.spatial import cell_for
from volunteerhub.needs.services import need_create
from volunteerhub.organizations.models import ServicePost
from volunteerhub.organizations.services import service_post_create, service_post_update

pytestmark = pytest.mark.django_db
HERE = (37.3825, 117.9707)


def _post(name, lat, lng, **kw):
    return service_post_create(name=name, kind=kw.pop("kind", "station"), region_code="371602001", lat=lat, lng=lng,
                               opening_hours=kw.pop("opening_hours", "周一至周五 08:00-17:00"), **kw)


def test_nearest_posts_come_sorted_by_distance(anon):
    far, near, middle = _post("远处", 37.50, 118.10), _post("近处", 37.383, 117.971), _post("中间", 37.40, 117.99)
    body = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "kind": "post", "k": 10}).json()
    assert [i["id"] for i in body["items"]] == [near.pk, middle.pk, far.pk]
    assert body["items"][0]["distance_m"] == pytest.approx(haversine_m(*HERE, near.lat, near.lng), abs=0.1)


def test_it_answers_in_the_callers_coordinate_system(anon):
    post = _post("服务岗", 37.39, 117.98)
    g_lat, g_lng = wgs84_to_gcj02(*HERE)
    body = anon.get("/api/v1/map/nearest", {"lat": g_lat, "lng": g_lng, "coord": "gcj02", "kind": "post"}).json()
    item = body["items"][0]
    assert haversine_m(item["lat"], item["lng"], *wgs84_to_gcj02(post.lat, post.lng)) < 0.05
    assert item["distance_m"] == pytest.approx(haversine_m(*HERE, post.lat, post.lng), abs=0.1)
    b_lat, b_lng = wgs84_to_bd09(*HERE)
    item = anon.get("/api/v1/map/nearest", {"lat": b_lat, "lng": b_lng, "coord": "bd09"}).json()["items"][0]
    assert haversine_m(item["lat"], item["lng"], *wgs84_to_bd09(post.lat, post.lng)) < 0.05


def test_bad_input_is_a_400_naming_the_field(anon):
    for params, field in [({"lat": 91, "lng": 117}, "lat"), ({"lat": 37, "lng": 181}, "lng"),
                          ({"lat": 37, "lng": 117, "coord": "mars"}, "coord"),
                          ({"lat": 37, "lng": 117, "kind": "zoo"}, "kind"), ({"lat": 37, "lng": 117, "k": 0}, "k"),
                          ({"lat": 37, "lng": 117, "radius_m": -5}, "radius_m"), ({"lng": 117}, "lat"),
                          ({"lat": "north", "lng": 117}, "lat")]:
        response = anon.get("/api/v1/map/nearest", params)
        assert response.status_code == 400, params
        assert field in response.json()["fields"], (params, response.json())


def test_a_radius_limits_the_answer(anon):
    _post("近处", 37.383, 117.971)
    _post("远处", 37.50, 118.10)
    items = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "radius_m": 2000}).json()["items"]
    assert [i["name"] for i in items] == ["近处"]


def test_open_now_follows_the_schedule_in_shanghai_time(anon):
    _post("日间岗", 37.383, 117.971)
    _post("全天岗", 37.40, 117.99, opening_hours="全天")
    monday_night = dt.datetime(2026, 3, 2, 22, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(monday_night):
        items = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "open_now": "true"}).json()["items"]
    assert [i["name"] for i in items] == ["全天岗"]
    monday_morning = monday_night.replace(hour=9)
    with time_machine.travel(monday_morning):
        items = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "open_now": "true"}).json()["items"]
    assert [i["name"] for i in items] == ["日间岗", "全天岗"]


def test_the_index_answers_at_the_version_it_was_built_at_and_never_after_a_write(anon):
    from volunteerhub.maps import index

    post = _post("服务岗", 37.383, 117.971)
    other = _post("另一个", 37.40, 117.99)
    index.build_now()
    assert index.posts_index() is not None
    assert anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1]}).json()["items"][0]["id"] == post.pk
    service_post_update(post=other, changes={"lat": 37.3826, "lng": 117.9708})  # moves the posts' version
    assert index.posts_index() is None  # the database answers until the index is rebuilt
    items = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1]}).json()["items"]
    assert [i["id"] for i in items] == [other.pk, post.pk]


def test_a_post_closed_behind_the_index_is_never_shown(anon):
    from volunteerhub.maps import index

    post = _post("服务岗", 37.383, 117.971)
    other = _post("另一个", 37.40, 117.99)
    index.build_now()
    ServicePost.objects.filter(pk=post.pk).update(is_active=False)  # no service, no new version
    items = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1]}).json()["items"]
    assert [i["id"] for i in items] == [other.pk]


def _need(resident, kind, lat, lng):
    start = timezone.now() + dt.timedelta(hours=1)
    return need_create(actor=resident, kind=kind, description="需要帮助的情况说明", lat=lat, lng=lng,
                       region_code="371602001", window_start=start, window_end=start + dt.timedelta(hours=2),
                       place="黄河五路 12 号", contact_phone="13912345678")


def test_sensitive_needs_show_only_a_blurred_place_and_no_personal_data(anon, resident):
    need = _need(resident, "family_planning_support", 37.3841, 117.9733)
    item = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "kind": "need"}).json()["items"][0]
    assert item["extra"]["blurred"] is True
    assert (item["lat"], item["lng"]) != (need.lat, need.lng)
    assert 0 < haversine_m(item["lat"], item["lng"], need.lat, need.lng) < 600
    text = str(item)
    for secret in ("黄河五路", "13912345678", "需要帮助", resident.phone):
        assert secret not in text
    again = anon.get("/api/v1/map/nearest", {"lat": HERE[0] + 0.01, "lng": HERE[1], "kind": "need"}).json()["items"][0]
    assert (again["lat"], again["lng"]) == (item["lat"], item["lng"])
    exact = haversine_m(HERE[0] + 0.01, HERE[1], item["lat"], item["lng"])
    assert exact <= again["distance_m"] < exact + 1000 and again["distance_m"] % 500 == 0  # in bands


def test_every_need_shows_the_public_only_a_blurred_place_and_its_kind(anon, resident):
    need = _need(resident, "medicine_delivery", 37.3841, 117.9733)
    item = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "kind": "need"}).json()["items"][0]
    assert (item["lat"], item["lng"]) != (need.lat, need.lng) and item["extra"]["blurred"] is True
    assert item["address"] == "" and "黄河五路" not in str(item) and "需要帮助" not in str(item)
    assert "13912345678" not in str(item) and resident.phone not in str(item)


def test_pins_and_boundaries_feed_the_map_page(anon, resident, post):
    _need(resident, "escort", 37.39, 117.97)
    body = anon.get("/api/v1/map/pins", {"kinds": "post,need"}).json()
    assert {i["kind"] for i in body["items"]} == {"post", "need"}
    assert anon.get("/api/v1/map/pins", {"kinds": "zoo"}).status_code == 400
    geo = anon.get("/api/v1/map/boundaries").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) >= 8


def test_the_map_page_lists_by_distance_and_serves_leaflet_locally(client, post):
    page = client.get("/map")
    html = page.content.decode()
    assert page.status_code == 200 and post.name in html
    assert "/static/leaflet/leaflet.js" in html and "http" not in html.split("leaflet.js")[0].split("<script")[-1]
    assert "<script>" not in html
    near = client.get("/map", {"lat": 37.3806, "lng": 117.99, "kind": "post"})
    assert "离您最近" in near.content.decode()


def test_the_post_page_shows_hours(client, post):
    assert "周一至周五" in client.get(f"/map/posts/{post.pk}/").content.decode()


def test_activities_are_searchable_when_that_app_has_them(anon, team):
    from volunteerhub.activities.models import Activity

    start = timezone.now() + dt.timedelta(days=2)
    activity = Activity.objects.create(title="社区义诊", kind="convenience", setting="community", status="published",
                                       team=team, region=team.region, place="市中街道", lat=37.385, lng=117.975,
                                       cell=cell_for(37.385, 117.975), starts_at=start,
                                       ends_at=start + dt.timedelta(hours=3), capacity=10)
    Activity.objects.create(title="草稿", kind="convenience", setting="community", status="draft", team=team,
                            region=team.region, place="x", lat=37.383, lng=117.971, cell=cell_for(37.383, 117.971),
                            starts_at=start, ends_at=start + dt.timedelta(hours=3), capacity=10)
    items = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "kind": "activity"}).json()["items"]
    assert [i["id"] for i in items] == [activity.pk]
    assert anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "kind": "activity",
                                            "activity_kind": "advocacy"}).json()["items"] == []
    later = (start + dt.timedelta(days=5)).date().isoformat()
    assert anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "kind": "activity",
                                            "date_from": later}).json()["items"] == []


ITEM_KEYS = ["id", "kind", "name", "lat", "lng", "distance_m", "subtype", "subtype_name", "status", "address", "url",
             "extra", "navigate"]


def _shaped(response) -> dict:
    """The answer, checked against the response model the OpenAPI document names."""
    from volunteerhub.maps.api import NearestOut

    assert response.status_code == 200, response.content
    NearestOut.model_validate_json(response.content)
    return json.loads(response.content)


@pytest.mark.parametrize("coord", ["wgs84", "gcj02", "bd09"])
def test_every_kind_of_nearest_answer_is_in_its_models_shape(anon, resident, team, coord):
    from volunteerhub.activities.models import Activity

    _post("服务岗", 37.383, 117.971, address="黄河五路 1 号", services=["测血压", "健康咨询"], contact_phone="0543-1234567")
    _post("卫生室", 37.39, 117.98, opening_hours="")
    start = timezone.now() + dt.timedelta(days=2)
    Activity.objects.create(title="社区义诊", kind="convenience", setting="community", status="published", team=team,
                            region=team.region, place="市中街道", lat=37.385, lng=117.975, cell=cell_for(37.385, 117.975),
                            starts_at=start, ends_at=start + dt.timedelta(hours=3), capacity=10)
    _need(resident, "family_planning_support", 37.3841, 117.9733)
    _need(resident, "medicine_delivery", 37.3851, 117.9743)
    for kind, count in (("post", 2), ("activity", 1), ("need", 2)):
        body = _shaped(anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "kind": kind, "coord": coord}))
        assert body["coord"] == coord and len(body["items"]) == count
    filtered = {"lat": HERE[0], "lng": HERE[1], "coord": coord, "post_kind": "station"}  # read through the ORM
    assert len(_shaped(anon.get("/api/v1/map/nearest", filtered))["items"]) == 2
    assert _shaped(anon.get("/api/v1/map/nearest", {"lat": 0, "lng": 0, "radius_m": 10}))["items"] == []


def test_a_nearest_post_keeps_its_shape(anon):
    post = _post("服务岗", 37.383, 117.971, address="黄河五路 1 号", services=["测血压"], contact_phone="0543-1234567")
    body = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1]}).json()
    assert list(body) == ["coord", "items"]
    item = body["items"][0]
    assert list(item) == ITEM_KEYS
    assert item["id"] == post.pk and item["address"] == "黄河五路 1 号" and item["url"] == f"/map/posts/{post.pk}/"
    assert item["extra"] == {"opening_hours": "周一至周五 08:00-17:00", "services": ["测血压"], "phone": "0543-1234567"}
    assert isinstance(item["distance_m"], float) and item["status"] in ("open", "closed")


def test_nearest_posts_from_the_index_read_only_the_version_once_their_rows_are_kept(anon):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from volunteerhub.maps import index

    posts = [_post(f"岗{i}", 37.38 + i / 1000, 117.97) for i in range(5)]
    index.build_now()
    for k, expected, queries_expected in ((10, 5, 2), (10, 5, 1), (3, 3, 1), (1, 1, 1)):
        with CaptureQueriesContext(connection) as queries:
            items = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1], "k": k}).json()["items"]
        assert len(items) == expected and len(queries) == queries_expected, (k, [q["sql"] for q in queries])
        assert {i["id"] for i in items} <= {p.pk for p in posts}


def test_a_post_changed_through_its_service_is_shown_as_it_is_now(anon):
    from volunteerhub.maps import index

    post = _post("旧名", 37.383, 117.971, opening_hours="全天")
    index.build_now()
    assert anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1]}).json()["items"][0]["status"] == "open"
    service_post_update(post=post, changes={"name": "新名", "address": "新地址", "opening_schedule": []})
    index.build_now()  # what the background thread does on the next request at the new version
    item = anon.get("/api/v1/map/nearest", {"lat": HERE[0], "lng": HERE[1]}).json()["items"][0]
    assert (item["name"], item["address"], item["status"]) == ("新名", "新地址", "closed")
