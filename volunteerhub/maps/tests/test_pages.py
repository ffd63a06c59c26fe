"""The map page: which basemaps it offers, what it says without a key, and its list by distance, posts first."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from volunteerhub.activities.models import Activity
from volunteerhub.geo.spatial import cell_for
from volunteerhub.maps.selectors import township_labels
from volunteerhub.needs.services import need_create
from volunteerhub.organizations.services import service_post_create

pytestmark = pytest.mark.django_db
HERE = {"lat": 37.3835, "lng": 117.9707}


def _json(html, element_id):
    return json.loads(re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)[1])


def test_without_a_key_the_page_draws_the_outline_map_and_says_the_key_is_not_set(client, settings):
    settings.MAP_TIANDITU_KEY, settings.MAP_BASEMAPS, settings.MAP_TILE_URL = "", ["tianditu"], ""
    html = client.get("/map").content.decode()
    assert [b["name"] for b in _json(html, "map-basemaps")] == ["outline"]
    assert "未设置底图密钥" in html


def test_with_a_tianditu_key_it_draws_vector_and_labels_in_wgs84_and_offers_the_gcj02_maps(client, settings):
    settings.MAP_TIANDITU_KEY, settings.MAP_BASEMAPS, settings.MAP_TILE_URL = "k123", ["tianditu", "amap", "tencent"], ""
    html = client.get("/map").content.decode()
    offered = {b["name"]: b for b in _json(html, "map-basemaps")}
    assert list(offered) == ["tianditu", "amap", "tencent", "outline"]
    vec, cva = offered["tianditu"]["urls"]
    assert "LAYER=vec" in vec and "LAYER=cva" in cva and vec.endswith("tk=k123")
    assert offered["tianditu"]["coord"] == "wgs84"
    assert offered["amap"]["coord"] == offered["tencent"]["coord"] == "gcj02"
    assert "未设置底图密钥" not in html


def test_a_custom_tile_server_comes_first_in_its_own_system(client, settings):
    settings.MAP_TILE_URL, settings.MAP_TILE_COORD, settings.MAP_BASEMAPS = "https://tiles.example/{z}/{x}/{y}.png", "gcj02", []
    offered = _json(client.get("/map").content.decode(), "map-basemaps")
    assert [(b["name"], b["coord"]) for b in offered] == [("custom", "gcj02"), ("outline", "wgs84")]


def test_the_tile_hosts_of_the_basemaps_offered_may_be_loaded_as_images(client):
    from django.conf import settings

    policy = client.get("/map").headers["Content-Security-Policy"]
    assert ("tianditu.gov.cn" in policy) == ("tianditu" in settings.MAP_BASEMAPS)


def test_the_list_shows_the_nearest_posts_before_closer_activities_and_needs(client, team, resident):
    post = service_post_create(name="最近的服务岗", kind="station", region_code="371602001", lat=37.3900, lng=117.9800)
    start = timezone.now() + dt.timedelta(days=1)
    Activity.objects.create(title="就在身边的义诊", kind="convenience", setting="community", team=team,
                            region=team.region, place="小区广场", lat=37.3836, lng=117.9708, status="published",
                            cell=cell_for(37.3836, 117.9708), starts_at=start, ends_at=start + dt.timedelta(hours=2),
                            capacity=10)
    need_create(actor=resident, kind="medicine_delivery", description="需要帮助的情况说明", lat=37.3836, lng=117.9708,
                region_code="371602001", window_start=start, window_end=start + dt.timedelta(hours=2), place="楼下",
                contact_phone="13912345678")
    html = client.get("/map", HERE).content.decode()
    rows = re.findall(r'<li class="item-(\w+)"><a class="item-link" href="[^"]*"><strong>([^<]*)</strong>', html)
    assert rows[0] == ("post", post.name)
    assert [kind for kind, _ in rows] == ["post", "activity", "need"]
    assert html.count('class="navigate"') == 2  # the post and the need; an activity has its own page


def test_townships_are_named_where_their_posts_are_the_health_centre_first():
    service_post_create(name="某村卫生室", kind="clinic", region_code="371602001", lat=37.30, lng=117.90)
    service_post_create(name="市中街道社区卫生服务站", kind="station", region_code="371602001", lat=37.38, lng=117.97)
    service_post_create(name="县医院", kind="hospital", region_code="371602", lat=37.40, lng=118.00)  # a county's: no label
    labels = township_labels()
    assert [(t["code"], t["lat"], t["lng"]) for t in labels] == [("371602001", 37.38, 117.97)]
    assert labels[0]["name"]


def test_a_township_without_a_seat_post_is_named_in_the_middle_of_its_posts():
    service_post_create(name="甲药店", kind="pharmacy", region_code="371602001", lat=37.30, lng=117.90)
    service_post_create(name="乙药店", kind="pharmacy", region_code="371602001", lat=37.40, lng=118.00)
    [label] = township_labels()
    assert (label["lat"], label["lng"]) == (pytest.approx(37.35), pytest.approx(117.95))
