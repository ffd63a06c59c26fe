"""Moving an activity obeys the same region rule as creating it."""

from volunteerhub.activities.models import Activity
from volunteerhub.activities.tests.conftest import make_activity


def test_an_organiser_cannot_move_an_activity_out_of_reach(api_as, organizer, county_admin):
    activity = make_activity(organizer)
    moved = api_as(organizer).patch(f"/api/v1/activities/{activity.pk}", {"region_code": "371681001"})
    assert moved.status_code == 403 and Activity.objects.get(pk=activity.pk).region_id == activity.region_id
    within = api_as(organizer).patch(f"/api/v1/activities/{activity.pk}", {"region_code": "371602001001"})
    assert within.status_code == 200 and Activity.objects.get(pk=activity.pk).region_id == "371602001001"
    assert api_as(county_admin).patch(f"/api/v1/activities/{activity.pk}", {"region_code": "371681001"}).status_code == 403
