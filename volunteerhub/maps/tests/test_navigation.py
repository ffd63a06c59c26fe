"""“Navigate here” links: each maps app gets the place in its own coordinate system."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from volunteerhub.geo.coords import wgs84_to_bd09, wgs84_to_gcj02
from volunteerhub.geo.sphere import haversine_m
from volunteerhub.maps.navigation import navigation_links
from volunteerhub.needs.services import need_create
from volunteerhub.organizations.services import service_post_create

POINT = (37.3835, 117.9707)  # WGS-84, 市中街道


def _links(lat=POINT[0], lng=POINT[1], name="新苑社区卫生服务站"):
    return {link["app"]: link for link in navigation_links(name=name, lat=lat, lng=lng)}


def _query(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_it_offers_amap_baidu_and_tencent_in_that_order():
    assert [link["app"] for link in navigation_links(name="站", lat=POINT[0], lng=POINT[1])] == ["amap", "baidu", "tencent"]


def test_amap_gets_gcj02_as_lng_lat_and_is_told_so():
    query = _query(_links()["amap"]["url"])
    lng, lat, name = query["to"].split(",")
    assert haversine_m(float(lat), float(lng), *wgs84_to_gcj02(*POINT)) < 0.2
    assert haversine_m(float(lat), float(lng), *POINT) > 300  # really shifted: about 500 m in Binzhou
    assert name == "新苑社区卫生服务站" and query["coordinate"] == "gaode"
    assert _links()["amap"]["url"].startswith("https://uri.amap.com/navigation?")


def test_baidu_gets_bd09_as_lat_lng_and_is_told_so():
    query = _query(_links()["baidu"]["url"])
    lat, lng = (float(x) for x in query["location"].split(","))
    assert haversine_m(lat, lng, *wgs84_to_bd09(*POINT)) < 0.2
    assert haversine_m(lat, lng, *wgs84_to_gcj02(*POINT)) > 500  # BD-09 is further off again
    assert query["coord_type"] == "bd09ll" and query["title"] == "新苑社区卫生服务站"


def test_tencent_gets_gcj02_as_lat_lng():
    query = _query(_links()["tencent"]["url"])
    lat, lng = (float(x) for x in query["tocoord"].split(","))
    assert haversine_m(lat, lng, *wgs84_to_gcj02(*POINT)) < 0.2
    assert query["to"] == "新苑社区卫生服务站" and query["referer"]


def test_a_name_with_url_characters_stays_one_parameter():
    query = _query(_links(name="A&B=C #1")["baidu"]["url"])
    assert query["title"] == "A&B=C #1"


@pytest.mark.django_db
def test_the_post_page_links_each_app_to_the_post(client):
    post = service_post_create(name="新苑社区卫生服务站", kind="station", region_code="371602001", lat=POINT[0],
                               lng=POINT[1])
    html = client.get(f"/map/posts/{post.pk}/").content.decode()
    for link in navigation_links(name=post.name, lat=post.lat, lng=post.lng):
        assert link["url"].replace("&", "&amp;") in html
    assert "导航到这里" in html


@pytest.mark.django_db
def test_a_need_is_linked_at_its_public_place_never_its_true_one(anon, resident):
    start = timezone.now() + dt.timedelta(hours=1)
    need = need_create(actor=resident, kind="family_planning_support", description="需要帮助的情况说明", lat=37.3841,
                       lng=117.9733, region_code="371602001", window_start=start, window_end=start + dt.timedelta(hours=2),
                       place="黄河五路 12 号", contact_phone="13912345678")
    item = anon.get("/api/v1/map/nearest", {"lat": POINT[0], "lng": POINT[1], "kind": "need"}).json()["items"][0]
    amap = _query(next(link for link in item["navigate"] if link["app"] == "amap")["url"])
    lng, lat, _ = amap["to"].split(",")
    need.refresh_from_db()
    assert haversine_m(float(lat), float(lng), *wgs84_to_gcj02(need.public_lat, need.public_lng)) < 0.2
    assert haversine_m(float(lat), float(lng), *wgs84_to_gcj02(need.lat, need.lng)) > 1
