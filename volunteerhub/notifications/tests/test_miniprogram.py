"""What the mini-program relies on: GCJ-02 in and out of the map API, and the API description it reads."""

import pytest

from volunteerhub.geo.coords import wgs84_to_gcj02
from volunteerhub.geo.sphere import haversine_m

pytestmark = pytest.mark.django_db


def test_the_nearest_service_post_answers_in_gcj02_when_asked(anon, post):
    g_lat, g_lng = wgs84_to_gcj02(post.lat, post.lng)  # where the WeChat <map> shows the post

    body = anon.get("/api/v1/map/nearest", {"lat": g_lat, "lng": g_lng, "coord": "gcj02", "kind": "post"}).json()

    assert body["coord"] == "gcj02"
    first = body["items"][0]
    assert first["id"] == post.pk and first["distance_m"] < 1
    assert haversine_m(first["lat"], first["lng"], g_lat, g_lng) < 0.05  # GCJ-02, not the stored WGS-84
    assert haversine_m(first["lat"], first["lng"], post.lat, post.lng) > 100


def test_the_api_description_tells_a_mini_program_what_it_needs(anon):
    description = anon.get("/api/v1/openapi.json").json()["info"]["description"]

    for needed in ("/api/v1/auth/wechat", "wechat_not_bound", "GCJ-02", "limit", "offset",
                   "wx.requestSubscribeMessage", "/api/v1/notifications/preferences"):
        assert needed in description
