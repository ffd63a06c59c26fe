import datetime as dt
import re

import time_machine
from django.utils import timezone

from volunteerhub.activities import services
from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.activities.tests.conftest import PLACE, make_activity
from volunteerhub.notifications.models import Notification


def _payload(**kw):
    starts = timezone.now() + dt.timedelta(days=3)
    return {"title": "高血压义诊", "kind": "convenience", "setting": "community", "region_code": "371602001",
            "place": "市中街道社区卫生服务中心", "lat": PLACE[0], "lng": PLACE[1], "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=3)).isoformat(), "capacity": 2, **kw}


def test_an_organiser_creates_then_publishes_an_activity(api_as, organizer, team):
    api = api_as(organizer)

    created = api.post("/api/v1/activities", _payload(required_qualifications=["doctor"]))
    published = api.post(f"/api/v1/activities/{created.json()['id']}/publish")

    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert created.json()["team_id"] == team.pk and created.json()["required_qualifications"] == ["doctor"]
    assert published.status_code == 200 and published.json()["status"] == "published"


def test_a_volunteer_cannot_create_an_activity(api_as, volunteer):
    response = api_as(volunteer.user).post("/api/v1/activities", _payload())

    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_an_organiser_of_another_team_cannot_edit_publish_or_see_the_roster(api_as, organizer, other_organizer):
    draft = make_activity(organizer, publish=False)
    published = make_activity(organizer)
    api = api_as(other_organizer)

    assert api.patch(f"/api/v1/activities/{published.pk}", {"capacity": 99}).status_code == 403
    assert api.post(f"/api/v1/activities/{draft.pk}/publish").status_code == 404  # a draft is not even visible
    assert api.get(f"/api/v1/activities/{published.pk}/roster").status_code == 403
    assert api.post(f"/api/v1/activities/{published.pk}/roster/message", {"title": "通知", "body": "x"}).status_code == 403
    assert Activity.objects.get(pk=published.pk).capacity == 10
    assert Activity.objects.get(pk=draft.pk).status == "draft"


def test_an_organiser_edits_their_activity(api_as, organizer):
    activity = make_activity(organizer)

    response = api_as(organizer).patch(f"/api/v1/activities/{activity.pk}", {"capacity": 20, "place": "新地点"})

    assert response.status_code == 200
    assert (response.json()["capacity"], response.json()["place"]) == (20, "新地点")


def test_validation_errors_name_the_fields(api_as, organizer):
    response = api_as(organizer).post("/api/v1/activities", _payload(kind="party", lat=123.0))

    assert response.status_code == 400
    assert set(response.json()["fields"]) >= {"kind", "lat"}


def test_sign_up_answers_status_and_position_and_detail_shows_the_counters(api_as, organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    a, b = volunteers(2)

    first = api_as(a.user).post(f"/api/v1/activities/{activity.pk}/signup")
    second = api_as(b.user).post(f"/api/v1/activities/{activity.pk}/signup")
    detail = api_as(b.user).get(f"/api/v1/activities/{activity.pk}").json()

    assert (first.json()["status"], first.json()["position"]) == ("confirmed", None)
    assert (second.json()["status"], second.json()["position"]) == ("waitlisted", 1)
    assert (detail["capacity"], detail["confirmed_count"], detail["waitlist_count"]) == (1, 1, 1)
    assert detail["my_signup"]["status"] == "waitlisted"


def test_delete_cancels_and_promotes(api_as, organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    a, b = volunteers(2)
    api_as(a.user).post(f"/api/v1/activities/{activity.pk}/signup")
    api_as(b.user).post(f"/api/v1/activities/{activity.pk}/signup")

    response = api_as(a.user).delete(f"/api/v1/activities/{activity.pk}/signup")

    assert response.json()["status"] == "cancelled"
    assert SignUp.objects.get(volunteer=b).status == "confirmed"
    inbox = api_as(b.user).get("/api/v1/inbox").json()
    assert inbox["unread"] == 1 and inbox["items"][0]["kind"] == "waitlist_promoted"


def test_signing_up_for_an_activity_one_cannot_see_or_that_is_not_open_says_why(api_as, organizer, volunteer):
    draft = make_activity(organizer, publish=False)
    over = make_activity(organizer, starts_in=-dt.timedelta(days=1))
    client = api_as(volunteer.user)

    answers = {name: client.post(f"/api/v1/activities/{pk}/signup") for name, pk in
               [("missing", 987654), ("huge", 10**30), ("draft", draft.pk), ("over", over.pk)]}

    assert {k: r.status_code for k, r in answers.items()} == {"missing": 404, "huge": 404, "draft": 404, "over": 409}
    assert answers["over"].json()["code"] == "not_open" and "message" in answers["huge"].json()
    assert not SignUp.objects.filter(volunteer=volunteer).exists()


def test_a_resident_who_is_no_volunteer_cannot_sign_up(api_as, activity, resident):
    response = api_as(resident).post(f"/api/v1/activities/{activity.pk}/signup")

    assert response.status_code == 403 and response.json()["code"] == "not_a_volunteer"


def test_the_list_filters_by_kind_setting_region_date_and_status(anon, organizer):
    make_activity(organizer, kind="advocacy", setting="school", title="校园健康课")
    make_activity(organizer, kind="convenience", setting="community", starts_in=dt.timedelta(days=20))
    make_activity(organizer, publish=False, title="草稿")

    def titles(**params):
        return [a["title"] for a in anon.get("/api/v1/activities", params).json()["items"]]

    assert titles(kind="advocacy") == ["校园健康课"]
    assert titles(setting="community") == ["社区义诊"]
    assert titles(region="371602") and titles(region="371681") == []
    assert titles(date_to=(timezone.localdate() + dt.timedelta(days=5)).isoformat()) == ["校园健康课"]
    assert titles(status="draft") == []
    assert anon.get("/api/v1/activities", {"limit": 1}).json()["count"] == 2


def test_qr_check_in_through_the_api(api_as, organizer, activity, volunteer):
    services.activity_sign_up(activity=activity, volunteer=volunteer)
    moment = activity.starts_at + dt.timedelta(minutes=5)
    with time_machine.travel(moment, tick=False):
        token = api_as(organizer).get(f"/api/v1/activities/{activity.pk}/checkin-token").json()
        api = api_as(volunteer.user)
        first = api.post("/api/v1/checkin", {"token": token["token"], "lat": PLACE[0], "lng": PLACE[1]})
        again = api.post("/api/v1/checkin", {"token": token["token"], "lat": PLACE[0], "lng": PLACE[1]})
        far = api_as(volunteer.user).post("/api/v1/checkin", {"token": token["token"], "lat": 37.5, "lng": 118.1})

    assert token["qr_svg"].startswith("data:image/svg+xml;base64,") and "/checkin/?token=" in token["url"]
    assert first.status_code == 200 and first.json()["already"] is False
    assert again.json()["already"] is True
    assert far.status_code == 200  # already checked in: the second scan records nothing, wherever it is


def test_a_check_in_refusal_is_a_clear_json_error(api_as, organizer, activity, volunteer):
    services.activity_sign_up(activity=activity, volunteer=volunteer)
    with time_machine.travel(activity.starts_at, tick=False):
        token = api_as(organizer).get(f"/api/v1/activities/{activity.pk}/checkin-token").json()["token"]
        response = api_as(volunteer.user).post("/api/v1/checkin", {"token": token, "lat": 37.5, "lng": 118.1})

    assert response.status_code == 400 and response.json()["code"] == "checkin_too_far"
    assert "米" in response.json()["message"]


def test_the_roster_exports_as_csv_and_xlsx_with_masked_phones(api_as, organizer, activity, volunteer):
    services.activity_sign_up(activity=activity, volunteer=volunteer)
    api = api_as(organizer)

    csv = api.get(f"/api/v1/activities/{activity.pk}/roster/export", {"format": "csv"})
    xlsx = api.get(f"/api/v1/activities/{activity.pk}/roster/export", {"format": "xlsx"})

    text = csv.content.decode("utf-8-sig")
    assert csv.status_code == 200 and "李志愿" in text and "confirmed" in text
    assert volunteer.user.phone not in text and "****" in text
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_messaging_the_roster_stores_in_app_messages(api_as, organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    a, b = volunteers(2)
    services.activity_sign_up(activity=activity, volunteer=a)
    services.activity_sign_up(activity=activity, volunteer=b)

    only_confirmed = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/roster/message",
                                            {"title": "集合时间", "body": "请提前十分钟到达"})
    everyone = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/roster/message",
                                      {"title": "候补也请留意", "body": "可能有空位", "include_waitlist": True})

    assert only_confirmed.json()["sent"] == 1 and everyone.json()["sent"] == 2
    assert Notification.objects.filter(user=a.user, kind="roster_message").count() == 2


def test_the_openapi_document_describes_the_activity_and_hours_endpoints(anon):
    paths = anon.get("/api/v1/openapi.json").json()["paths"]

    for path in ["/api/v1/activities", "/api/v1/activities/{activity_id}", "/api/v1/activities/{activity_id}/signup",
                 "/api/v1/checkin", "/api/v1/checkout", "/api/v1/me/hours", "/api/v1/hours/entries/{entry_id}/approve",
                 "/api/v1/certificates/{code}", "/api/v1/inbox"]:
        assert path in paths, path


def test_pages_render_without_inline_scripts(client, organizer, activity, volunteer):
    client.force_login(organizer)
    pages = [client.get("/activities/"), client.get(f"/activities/{activity.pk}/"),
             client.get(f"/activities/{activity.pk}/manage/"), client.get(f"/activities/{activity.pk}/qr/")]
    client.force_login(volunteer.user)
    pages += [client.get("/checkin/?token=abc"), client.get("/me/activities/"), client.get("/inbox/")]

    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200, page
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_a_volunteer_signs_up_from_the_detail_page(client, activity, volunteer):
    client.force_login(volunteer.user)

    client.post(f"/activities/{activity.pk}/signup/")
    page = client.get(f"/activities/{activity.pk}/")

    assert SignUp.objects.get(volunteer=volunteer).status == "confirmed"
    assert "您已报名" in page.content.decode()


def test_the_manage_page_is_refused_to_another_team(client, other_organizer, activity):
    client.force_login(other_organizer)

    assert client.get(f"/activities/{activity.pk}/manage/").status_code in (403, 404)


def test_an_activity_lasts_at_most_a_year_and_nothing_is_stored_otherwise(api_as, organizer):
    starts = timezone.now() + dt.timedelta(days=3)
    api = api_as(organizer)

    too_long = api.post("/api/v1/activities", _payload(ends_at=(starts + dt.timedelta(days=400)).isoformat()))
    a_year = api.post("/api/v1/activities", _payload(starts_at=starts.isoformat(),
                                                     ends_at=(starts + dt.timedelta(days=365)).isoformat()))

    assert too_long.status_code == 400 and list(too_long.json()["fields"]) == ["ends_at"]
    assert a_year.status_code == 201 and Activity.objects.count() == 1


def test_an_edit_cannot_stretch_an_activity_past_a_year(api_as, organizer, activity):
    ends_at = activity.ends_at

    response = api_as(organizer).patch(f"/api/v1/activities/{activity.pk}",
                                       {"ends_at": (activity.starts_at + dt.timedelta(days=1000)).isoformat()})

    activity.refresh_from_db()
    assert response.status_code == 400 and "ends_at" in response.json()["fields"]
    assert activity.ends_at == ends_at


def test_an_activity_in_the_year_9999_is_refused_so_its_page_can_always_show_it(api_as, organizer):
    response = api_as(organizer).post("/api/v1/activities", _payload(starts_at="9999-12-31T20:00:00+00:00",
                                                                     ends_at="9999-12-31T22:00:00+00:00"))

    assert response.status_code == 400 and list(response.json()["fields"]) == ["starts_at"]
    assert not Activity.objects.exists()
