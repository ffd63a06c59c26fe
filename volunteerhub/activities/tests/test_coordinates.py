"""The mini-program speaks GCJ-02: activities take and give any system, and store WGS-84."""

import datetime as dt

from django.utils import timezone

from volunteerhub.activities.models import Activity
from volunteerhub.geo.coords import wgs84_to_gcj02
from volunteerhub.geo.sphere import haversine_m

PLACE = (37.3806, 117.9900)


def test_an_activity_posted_in_gcj02_is_stored_in_wgs84_and_answered_in_either(api_as, organizer):
    gcj = wgs84_to_gcj02(*PLACE)
    starts = timezone.now() + dt.timedelta(days=3)
    client = api_as(organizer)

    created = client.post("/api/v1/activities", {
        "title": "社区义诊", "kind": "convenience", "setting": "community", "region_code": "371602001",
        "place": "市中街道社区卫生服务中心", "lat": gcj[0], "lng": gcj[1], "coord": "gcj02",
        "starts_at": starts.isoformat(), "ends_at": (starts + dt.timedelta(hours=2)).isoformat(), "capacity": 5})

    body = created.json()
    stored = Activity.objects.get(pk=body["id"])
    assert created.status_code == 201
    assert haversine_m(stored.lat, stored.lng, *PLACE) < 0.01
    assert haversine_m(body["lat"], body["lng"], *gcj) < 0.01
    plain = client.get(f"/api/v1/activities/{stored.pk}").json()
    assert haversine_m(plain["lat"], plain["lng"], *PLACE) < 0.01
    listed = client.get("/api/v1/activities", {"coord": "gcj02"}).json()["items"][0]
    assert haversine_m(listed["lat"], listed["lng"], *gcj) < 0.01


def test_an_unknown_coordinate_system_is_a_400_naming_coord(api_as, organizer):
    response = api_as(organizer).get("/api/v1/activities", {"coord": "mars"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["coord"]
